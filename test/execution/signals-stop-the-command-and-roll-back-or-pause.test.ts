import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { alive, cli, exists, fixture, journal, readSite, runIds, sitePath, startCli, waitFor, workspace, writePlan, type Workspace } from './cli-harness.js';

const PLAN = fixture('signals.yaml');
const pid = (ws: Workspace, file: string) => Number(readFileSync(sitePath(ws, file), 'utf8'));

function start(ws: Workspace, plan = PLAN) {
  return startCli(['run', plan, '--state-dir', ws.state, '-p', `site=${ws.site}`]);
}

/** The hang step of the workspace's `nth` run (0: the first) has been started. */
function hangSpawned(ws: Workspace, nth: number): boolean {
  const runId = runIds(ws)[nth];
  // The run's directory comes before its journal has any record.
  try { return runId !== undefined && journal(ws, runId).some((r) => r.type === 'step-spawned' && r.step === 'hang'); } catch { return false; }
}

/** A first SIGINT starts the rollback; `second` comes while the undo that touches `undoStarted` runs, which is then released. */
async function signalTwiceDuringUndo(ws: Workspace, run: ReturnType<typeof start>, undoStarted: string, second: NodeJS.Signals): Promise<void> {
  run.child.kill('SIGINT');
  await waitFor(() => exists(ws, undoStarted), 20_000, 'the undo');
  run.child.kill(second);
  await waitFor(() => run.output().stderr.includes('again'), 20_000, 'the second signal to be seen');
  writeFileSync(sitePath(ws, 'release'), '');
}

describe.concurrent('signals', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal} during a step kills its process group, journals the step's end, rolls back and exits 5`, async () => {
      const ws = workspace(signal);
      writeFileSync(sitePath(ws, 'release'), '');
      const run = start(ws);
      await waitFor(() => exists(ws, 'child.pid') && exists(ws, 'grandchild.pid'), 20_000, 'the hang step');
      run.child.kill(signal);
      const result = await run.done;
      expect(result.code, result.stderr).toBe(5);
      expect(result.stderr).toMatch(new RegExp(`FAILED \\(interrupted by ${signal}\\) and rolled back`));
      expect(alive(pid(ws, 'child.pid'))).toBe(false);
      expect(alive(pid(ws, 'grandchild.pid'))).toBe(false);
      expect(readSite(ws, 'undo.log')).toBe('split\nquiesce\n');
      const records = journal(ws, runIds(ws)[0] as string);
      const end = records.findIndex((r) => r.type === 'step-end' && r.step === 'hang');
      const rollback = records.findIndex((r) => r.type === 'rollback-start');
      expect(end).toBeGreaterThan(0);
      expect(rollback).toBeGreaterThan(end);
      expect(records[rollback]?.reason).toBe(`interrupted by ${signal}`);
    });
  }

  test('a second signal during rollback lets the current undo finish, pauses (exit 7), and resume finishes the rollback', async () => {
    const ws = workspace('second');
    const run = start(ws);
    await waitFor(() => exists(ws, 'grandchild.pid'), 20_000, 'the hang step');
    await signalTwiceDuringUndo(ws, run, 'undo-split-started', 'SIGINT');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(7);
    expect(result.stderr).toMatch(/IS PAUSED: THE SITE IS NOT BACK TO NORMAL/);
    expect(result.stderr).toMatch(/Still in effect \(newest last\): quiesce/);
    expect(readSite(ws, 'undo.log')).toBe('split\n');
    expect(exists(ws, 'undo-quiesce-started')).toBe(false);
    expect(exists(ws, 'quiesced')).toBe(true);
    const runId = runIds(ws)[0] as string;
    const status = await cli(['status', runId, '--state-dir', ws.state]);
    expect(status.stdout).toMatch(/PAUSED/);
    const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(resumed.code, resumed.stderr).toBe(5);
    expect(readSite(ws, 'undo.log')).toBe('split\nquiesce\n');
    expect(exists(ws, 'quiesced')).toBe(false);
    // The paused run's stored summary no longer matches the journal resume appended to.
    const after = JSON.parse((await cli(['status', runId, '--state-dir', ws.state, '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(after[0]).toMatchObject({ state: 'rolled-back', openObligations: [] });
  });

  test('a second signal during the last undo: it finishes, and the run ends rolled back (exit 5, lock released), not paused with nothing left', async () => {
    const ws = workspace('second-during-last');
    const plan = writePlan(ws, 'one-undo.yaml', [
      'mirrorplan: 1', 'name: one-undo', 'parameters:', '  site: {type: string}', 'steps:',
      '  - id: quiesce', '    kind: task', '    command: [touch, "${params.site}/quiesced"]', '    undo:',
      '      - shell: \'touch "$SITE/undo-started"; while [ ! -e "$SITE/release" ]; do sleep 0.01; done; rm -f "$SITE/quiesced"\'',
      '        env: {SITE: "${params.site}"}',
      '  - id: hang', '    kind: task', '    command: [sleep, "1000"]', '    read_only: true',
      '  - id: resume-app', '    kind: task', '    command: [rm, -f, "${params.site}/quiesced"]', '    resolves: [quiesce]',
    ].join('\n'));
    const run = start(ws, plan);
    await waitFor(() => hangSpawned(ws, 0), 20_000, 'the hang step');
    await signalTwiceDuringUndo(ws, run, 'undo-started', 'SIGTERM');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).not.toMatch(/PAUSED|NOT BACK TO NORMAL/);
    expect(exists(ws, 'quiesced')).toBe(false);
    // The lock was released: the next run is not refused (it gets to its hang step; stopped there, it rolls back).
    const next = start(ws, plan);
    await waitFor(() => hangSpawned(ws, 1), 20_000, 'the next run to reach its hang step');
    next.child.kill('SIGINT');
    expect((await next.done).code).toBe(5);
  });

  test('on_interrupt: pause stops the command and pauses (exit 7) with everything in place; resume reruns the step and finishes', async () => {
    const ws = workspace('pause');
    const plan = writePlan(ws, 'pause.yaml', readFileSync(PLAN, 'utf8').replace('defaults:', 'on_interrupt: pause\ndefaults:'));
    const run = start(ws, plan);
    await waitFor(() => exists(ws, 'grandchild.pid'), 20_000, 'the hang step');
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(7);
    expect(result.stderr).toMatch(/SIGTERM: stopping the current command and pausing \(the plan says on_interrupt: pause\)/);
    expect(result.stderr).not.toMatch(/rolling back/);
    expect(alive(pid(ws, 'grandchild.pid'))).toBe(false);
    expect(exists(ws, 'quiesced') && exists(ws, 'split')).toBe(true);
    expect(exists(ws, 'undo.log')).toBe(false);
    const runId = runIds(ws)[0] as string;
    const status = JSON.parse((await cli(['status', runId, '--state-dir', ws.state, '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(status[0]).toMatchObject({ state: 'paused', inFlight: [{ step: 'hang' }] });
    writeFileSync(sitePath(ws, 'no-hang'), '');
    const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(exists(ws, 'quiesced') || exists(ws, 'split')).toBe(false);
  });

  /** A crash while `sync` ran, then a recover stopped by SIGTERM while it runs `sync` again. */
  async function interruptedRecover(ws: Workspace) {
    const crashed = await cli(['run', fixture('idempotent-rerun.yaml'), '--state-dir', ws.state, '-p', `site=${ws.site}`], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '3' } });
    expect(crashed.signal).toBe('SIGKILL');
    const runId = runIds(ws)[0] as string;
    await waitFor(() => exists(ws, 'ran-once'), 10_000, 'the first run of the step');
    const recover = startCli(['recover', runId, '--state-dir', ws.state]);
    await waitFor(() => exists(ws, 'rerun.pid'), 20_000, 'recover to run the step again');
    recover.child.kill('SIGTERM');
    return { runId, result: await recover.done };
  }

  test('SIGTERM while recover runs an idempotent step again: the command is stopped, not orphaned; exit 12 and the run is left to recover', async () => {
    const ws = workspace('recover-signal');
    const { runId, result } = await interruptedRecover(ws);
    expect(result.code, result.stderr).toBe(12);
    expect(result.stderr).toMatch(/CONTINUE_INTERRUPTED: interrupted by SIGTERM before run \S+ could continue/);
    await waitFor(() => !alive(pid(ws, 'rerun.pid')), 5_000, 'the rerun to be stopped');
    const status = await cli(['status', runId, '--state-dir', ws.state]);
    expect(status.stdout).toMatch(/INTERRUPTED/);
    expect(status.stdout).toMatch(/in flight: sync/);
    // The lock still names the unfinished run: a new run is refused over it.
    const refused = await cli(['run', fixture('idempotent-rerun.yaml'), '--state-dir', ws.state, '-p', `site=${ws.site}`]);
    expect(refused.code, refused.stderr).toBe(8);
    // Nothing is stuck: a second recover settles it again (idempotent: run once more, quick this time) and rolls back.
    rmSync(sitePath(ws, 'ran-once'));
    const again = await cli(['recover', runId, '--state-dir', ws.state]);
    expect(again.code, again.stderr).toBe(5);
    expect(exists(ws, 'ran-once')).toBe(false);
  });

  test('resume after an interrupted recover goes on rolling back: it runs the idempotent step again, then undoes it (exit 5)', async () => {
    const ws = workspace('resume-after-recover');
    const { runId, result } = await interruptedRecover(ws);
    expect(result.code, result.stderr).toBe(12);
    await waitFor(() => !alive(pid(ws, 'rerun.pid')), 5_000, 'the rerun to be stopped');
    rmSync(sitePath(ws, 'ran-once'));
    const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(resumed.code, resumed.stderr).toBe(5);
    // Run again to a known state (it made ran-once anew), then undone; finish never ran.
    expect(exists(ws, 'ran-once')).toBe(false);
    const records = journal(ws, runId);
    expect(records.filter((r) => r.type === 'step-start').map((r) => r.step)).toEqual(['sync', 'sync', 'sync']);
    expect(records.some((r) => r.type === 'undo-end' && r.step === 'sync')).toBe(true);
  });
});
