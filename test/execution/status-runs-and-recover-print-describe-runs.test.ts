import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, fixture, runIds, runPlan, workspace } from './cli-harness.js';

const PLAN = fixture('site-backup.yaml');

describe('status, runs and recover --print', () => {
  test('show finished and crashed runs, as text and --json, with the in-doubt step and what recover would run', async () => {
    const ws = workspace('status');
    mkdirSync(ws.state);
    expect((await cli(['runs', '--state-dir', ws.state])).stdout).toMatch(/^no runs in /);
    const ok = await runPlan(ws, PLAN);
    expect(ok.code).toBe(0);
    // Crash while the second foreach item (beta) is in flight: alpha is done, beta in doubt.
    const crash = await runPlan(ws, PLAN, [], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '12' } });
    expect(crash.signal).toBe('SIGKILL');
    const [first, second] = runIds(ws) as [string, string];

    const runs = await cli(['runs', '--state-dir', ws.state]);
    expect(runs.stdout.split('\n')[0]).toMatch(new RegExp(`^${second}\\s+site-backup\\s+interrupted\\s+\\d+s ago`));
    expect(runs.stdout.split('\n')[1]).toMatch(new RegExp(`^${first}\\s+site-backup\\s+succeeded`));
    const runsJson = JSON.parse((await cli(['runs', '--state-dir', ws.state, '--json'])).stdout) as Array<{ runId: string; state: string }>;
    expect(runsJson.map((r) => [r.runId, r.state])).toEqual([[second, 'interrupted'], [first, 'succeeded']]);

    // Without a run id, status shows the runs that need attention.
    const status = await cli(['status', '--state-dir', ws.state]);
    expect(status.stdout).toMatch(new RegExp(`run ${second}  plan site-backup  INTERRUPTED`));
    expect(status.stdout).toMatch(/in flight: split-lv \[beta\]: touch \S+\/split-beta on local \(process group \d+\)/);
    expect(status.stdout).toMatch(/open obligations \(undone by recover, newest last\): quiesce, split \[alpha\]/);
    expect(status.stdout).toContain(`next: mirrorplan resume ${second}   or   mirrorplan recover ${second} [--print]`);
    expect(status.stdout).not.toContain(first);
    const json = JSON.parse((await cli(['status', second, '--state-dir', ws.state, '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(json[0]).toMatchObject({
      runId: second, state: 'interrupted', phase: 'forward', records: 12, tornTail: false,
      inFlight: [{ kind: 'step', step: 'split-lv', item: 'beta' }],
      openObligations: [{ step: 'quiesce', items: [] }, { step: 'split', items: ['alpha'] }],
    });
    const finished = JSON.parse((await cli(['status', first, '--state-dir', ws.state, '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(finished[0]).toMatchObject({ state: 'succeeded', inFlight: [], openObligations: [] });

    const print = await cli(['recover', second, '--print', '--state-dir', ws.state]);
    expect(print.code).toBe(0);
    expect(print.stdout).toMatch(/In doubt: split-lv \[beta\] was running/);
    expect(print.stdout).toMatch(/If it did, undo it first:\n\s+1\. \[todo\] on local \(local\), undo of split-lv \[beta\]:\n\s+rm -f \S+\/split-beta/);
    expect(print.stdout).toMatch(/1\. \[todo\] on local \(local\), undo of split-lv \[alpha\]:\n\s+rm -f \S+\/split-alpha\n\s+2\. \[todo\] on local \(local\), undo of quiesce:/);
    expect(print.stdout).not.toContain('hunter2-TOPSECRET');
    const printJson = JSON.parse((await cli(['recover', second, '--print', '--json', '--state-dir', ws.state])).stdout) as { runbook: Array<{ step: string; item: string | null }> };
    expect(printJson.runbook.map((e) => [e.step, e.item])).toEqual([['split-lv', 'alpha'], ['quiesce', null]]);
  });
  test('a run whose stored plan is damaged is listed by status as UNREADABLE with the way out, never left out as if there were no runs', async () => {
    const ws = workspace('status-unreadable');
    const crash = await runPlan(ws, PLAN, [], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '4' } });
    expect(crash.signal).toBe('SIGKILL');
    const [runId] = runIds(ws) as [string];
    writeFileSync(join(ws.state, 'runs', runId, 'plan.json'), '{not json');
    const status = await cli(['status', '--state-dir', ws.state]);
    expect(status.code).toBe(0);
    expect(status.stdout).not.toMatch(/no runs/);
    expect(status.stdout).toContain(`run ${runId}  UNREADABLE (it may not have finished): `);
    expect(status.stdout).toMatch(/next: resume, recover and recover --print all need it; .*journal\.jsonl still lists the steps that ran/);
    const json = JSON.parse((await cli(['status', '--state-dir', ws.state, '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(json).toEqual([expect.objectContaining({ runId, state: 'unreadable' })]);
    // The refusals say the same instead of sending the operator to --print, which needs the plan too.
    const printed = await cli(['recover', runId, '--print', '--state-dir', ws.state]);
    expect(printed.code).toBe(10);
    expect(printed.stderr).not.toMatch(/use recover --print/);
  }, 30_000);
});
