import { appendFileSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, exists, fixture, journal, journalText, runIdOf, runIds, runPlan, sitePath, siteFiles, startCli, waitFor, workspace, writePlan, type Workspace } from './cli-harness.js';

const SITE_PLAN = fixture('site-backup.yaml');
const kill = (n: number) => ({ env: { MIRRORPLAN_TEST_KILL_AT_RECORD: String(n) } });
const journalFile = (ws: Workspace, runId: string) => join(ws.state, 'runs', runId, 'journal.jsonl');

async function crashed(ws: Workspace, plan: string, at: number) {
  const run = await runPlan(ws, plan, [], kill(at));
  expect(run.signal).toBe('SIGKILL');
  return runIds(ws)[0] as string;
}

describe.concurrent('crashes, locks and a damaged journal', () => {
  test('a step with no check and no idempotence in flight at a crash needs the operator: exit 11, then --assume-done', async () => {
    const ws = workspace('in-doubt');
    const plan = fixture('in-doubt.yaml');
    const runId = await crashed(ws, plan, 3); // run-start, step-start mutate, step-spawned
    const status = await cli(['status', '--state-dir', ws.state]);
    expect(status.stdout).toMatch(/INTERRUPTED/);
    expect(status.stdout).toMatch(/in flight: mutate: touch \S+\/mutated on local \(process group \d+\)/);
    const refused = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(refused.code, refused.stderr).toBe(11);
    expect(refused.stderr).toMatch(/IN_DOUBT: step mutate was running when the engine stopped/);
    expect(refused.stderr).toMatch(/--assume-done mutate or --assume-not-done mutate/);
    const resumed = await cli(['resume', runId, '--state-dir', ws.state, '--assume-done', 'mutate']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(exists(ws, 'mutated')).toBe(false);
    // Settled as done: the step was not run again.
    expect(journal(ws, runId).filter((r) => r.type === 'step-start' && r.step === 'mutate')).toHaveLength(1);
  });

  test('a new run is refused while a crashed run holds the lock (exit 8), naming resume and recover', async () => {
    const ws = workspace('unfinished');
    const runId = await crashed(ws, SITE_PLAN, 10);
    const refused = await runPlan(ws, SITE_PLAN);
    expect(refused.code, refused.stderr).toBe(8);
    expect(refused.stderr).toMatch(new RegExp(`run ${runId} under lock "site-backup" did not finish \\(interrupted`));
    expect(refused.stderr).toContain(`mirrorplan resume ${runId}`);
    expect(refused.stderr).toContain(`mirrorplan recover ${runId}`);
    expect(runIds(ws)).toEqual([runId]);
  });

  test('a stale lock left by a dead process whose run had finished is reported and taken over', async () => {
    const ws = workspace('stale');
    const first = await crashed(ws, SITE_PLAN, 24); // killed right after run-end, before releasing the lock
    expect(exists(ws, 'quiesced')).toBe(false);
    const second = await runPlan(ws, SITE_PLAN);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`lock "site-backup" was left by run ${first} \\(pid \\d+, no longer running\\), which had finished; taken over`));
  });

  test('a second run while one holds the lock is refused with exit 8, naming the holder', async () => {
    const ws = workspace('contention');
    const plan = fixture('signals.yaml');
    const holder = startCli(['run', plan, '--state-dir', ws.state, '-p', `site=${ws.site}`]);
    await waitFor(() => exists(ws, 'grandchild.pid'), 20_000, 'the holder to reach its hang step');
    const holderId = runIds(ws)[0] as string;
    const second = await runPlan(ws, plan);
    expect(second.code, second.stderr).toBe(8);
    expect(second.stderr).toMatch(new RegExp(`LOCK_HELD: lock 'signals' is held by run ${holderId} \\(pid ${holder.child.pid} on `));
    writeFileSync(sitePath(ws, 'release'), '');
    holder.child.kill('SIGTERM');
    expect((await holder.done).code).toBe(5);
  });

  test('a torn last record is ignored (status says so) and resume finishes the run', async () => {
    const ws = workspace('torn');
    const runId = await crashed(ws, SITE_PLAN, 10);
    appendFileSync(journalFile(ws, runId), '0123456789abcdef {"seq":11,"at":"2026-01-01T00:00:00.000Z","type":"step-st');
    const status = await cli(['status', runId, '--state-dir', ws.state]);
    expect(status.stdout).toMatch(/end of the journal was torn .* ignored/);
    const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(siteFiles(ws)).toEqual(['backup']);
  });

  test('a record torn mid-way by truncation is ignored too', async () => {
    const ws = workspace('truncated');
    const runId = await crashed(ws, SITE_PLAN, 10);
    const text = journalText(ws, runId);
    truncateSync(journalFile(ws, runId), Buffer.byteLength(text) - 20);
    const recovered = await cli(['recover', runId, '--state-dir', ws.state]);
    expect(recovered.code, recovered.stderr).toBe(5);
    expect(siteFiles(ws)).toEqual([]);
  });

  test('a corrupt record in the middle stops resume and recover with exit 10 and a clear message', async () => {
    const ws = workspace('corrupt');
    const runId = await crashed(ws, SITE_PLAN, 10);
    const lines = journalText(ws, runId).split('\n');
    lines[3] = (lines[3] as string).replace('"step-end"', '"step-END"');
    writeFileSync(journalFile(ws, runId), lines.join('\n'));
    for (const command of ['resume', 'recover']) {
      const result = await cli([command, runId, '--state-dir', ws.state]);
      expect(result.code, result.stderr).toBe(10);
      expect(result.stderr).toMatch(/JOURNAL_CORRUPT: journal \S+ is corrupt at line 4/);
      expect(result.stderr).toMatch(/recover --print/);
    }
    expect(exists(ws, 'quiesced')).toBe(true);
    // What a person reads still works, from the records before the damage, and says so loudly.
    const status = await cli(['status', '--state-dir', ws.state]);
    expect(status.stdout).toMatch(new RegExp(`run ${runId}  plan site-backup  CORRUPT`));
    expect(status.stdout).toMatch(/JOURNAL CORRUPT: .* the above is what the 3 record\(s\) before line 4 say/);
    const print = await cli(['recover', '--print', runId, '--state-dir', ws.state]);
    expect(print.code, print.stderr).toBe(0);
    expect(print.stdout).toMatch(/THE JOURNAL OF RUN \S+ IS CORRUPT AT LINE 4: this runbook is built from/);
    expect(print.stdout).toMatch(/undo of quiesce/);
    // A new run under the lock is refused, with the way out (by hand, then the lock file).
    const refused = await runPlan(ws, SITE_PLAN);
    expect(refused.code, refused.stderr).toBe(8);
    expect(refused.stderr).toMatch(/its journal is corrupt .* then remove \S+site-backup\.lock/);
  });

  test('a complete record that fails its checksum with more bytes after it is corruption, not a torn tail', async () => {
    const ws = workspace('corrupt-before-torn');
    const runId = await crashed(ws, SITE_PLAN, 10);
    const lines = journalText(ws, runId).split('\n');
    lines[9] = (lines[9] as string).replace('"step-', '"STEP-');
    writeFileSync(journalFile(ws, runId), `${lines.join('\n')}0123456789abcdef {"seq":11,"at":"2026-01-01T00:00:00.000Z","type":"step-st`);
    const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(resumed.code, resumed.stderr).toBe(10);
    expect(resumed.stderr).toMatch(/is corrupt at line 10/);
  });

  test('a journal that is not a readable file: resume says so by name (exit 10), no stack trace', async () => {
    const ws = workspace('journal-dir');
    const runId = await crashed(ws, SITE_PLAN, 10);
    rmSync(journalFile(ws, runId));
    mkdirSync(journalFile(ws, runId));
    const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(resumed.code, resumed.stderr).toBe(10);
    expect(resumed.stderr).toMatch(/JOURNAL_UNREADABLE: journal \S+journal\.jsonl cannot be read: EISDIR/);
    expect(resumed.stderr).not.toMatch(/\n\s+at /);
  });

  test('resume from another directory than the run was started in: a relative plan path is not taken for a changed plan', async () => {
    const ws = workspace('elsewhere');
    writePlan(ws, 'plan.yaml', readFileSync(SITE_PLAN, 'utf8'));
    const run = await cli(['run', 'plan.yaml', '--state-dir', ws.state, '-p', `site=${ws.site}`], { cwd: ws.root, env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '10' } });
    expect(run.signal).toBe('SIGKILL');
    const resumed = await cli(['resume', runIds(ws)[0] as string, '--state-dir', ws.state], { cwd: '/' });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).not.toMatch(/no longer loads|changed since this run started/);
  });

  test('a plan file changed since the run started is reported on resume, and the stored plan is used', async () => {
    const ws = workspace('changed');
    const plan = writePlan(ws, 'plan.yaml', readFileSync(SITE_PLAN, 'utf8'));
    const runId = await crashed(ws, plan, 10);
    writeFileSync(plan, readFileSync(plan, 'utf8').replace('command: [touch, "${params.site}/split-${item}"]', 'command: [touch, "${params.site}/CHANGED-${item}"]'));
    const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/the plan file \S+plan\.yaml changed since this run started; the run continues with the plan it started with/);
    expect(siteFiles(ws)).toEqual(['backup']);
    expect(journal(ws, runId).filter((r) => r.type === 'step-start' && r.step === 'split-lv').map((r) => r.argvDisplay)).toEqual([
      `touch ${ws.site}/split-alpha`, `touch ${ws.site}/split-beta`,
    ]);
  });

  test('a plan with recovery: rollback rolls an unfinished run back at the next start, then runs', async () => {
    const ws = workspace('auto-recover');
    const plan = writePlan(ws, 'plan.yaml', readFileSync(SITE_PLAN, 'utf8').replace('steps:', 'recovery: rollback\nsteps:'));
    const crashedId = await crashed(ws, plan, 12);
    const next = await runPlan(ws, plan);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(new RegExp(`run ${crashedId} under this lock did not finish \\(interrupted\\); the plan asks for recovery: rollback`));
    expect(next.stderr).toMatch(new RegExp(`run ${crashedId}: rolled-back; starting the new run`));
    expect(journal(ws, crashedId).at(-1)).toMatchObject({ type: 'run-end', status: 'rolled-back' });
    expect(siteFiles(ws)).toEqual(['backup']);
  });
});
