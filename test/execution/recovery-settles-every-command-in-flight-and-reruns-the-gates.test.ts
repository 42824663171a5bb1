import { unlinkSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { cli, exists, fixture, journal, readSite, runIds, runPlan, sitePath, startCli, waitFor, workspace, type Workspace } from './cli-harness.js';

const killAt = (n: number) => ({ env: { MIRRORPLAN_TEST_KILL_AT_RECORD: String(n) } });

async function crashed(ws: Workspace, plan: string, at: number, extra: string[] = []) {
  const run = await runPlan(ws, plan, extra, killAt(at));
  expect(run.signal, run.stderr).toBe('SIGKILL');
  return runIds(ws)[0] as string;
}

/** The seq of the first record of `type` in a run of `plan` that is let finish: where to crash a fresh run. */
async function seqOf(plan: string, type: string, extra: string[] = []): Promise<number> {
  const ws = workspace('probe-seq');
  await runPlan(ws, plan, extra);
  const record = journal(ws, runIds(ws)[0] as string).find((r) => r.type === type);
  if (!record) throw new Error(`no ${type} record in a run of ${plan}`);
  return record.seq;
}

describe.concurrent('recovery after a crash', () => {
  test('a foreach with concurrency 2 crashed while both items ran: status shows both, recover undoes both', async () => {
    const ws = workspace('foreach-concurrent-recover');
    // run-start, two step-starts, two step-spawned: both items are running.
    const runId = await crashed(ws, fixture('foreach-concurrent.yaml'), 5);
    await waitFor(() => exists(ws, 'done-a') && exists(ws, 'done-b'), 10_000, 'both items to have made their change');
    const status = await cli(['status', '--state-dir', ws.state]);
    expect(status.stdout).toMatch(/in flight: split-lv \[a\]: .* \(process group \d+\)/);
    expect(status.stdout).toMatch(/in flight: split-lv \[b\]: .* \(process group \d+\)/);
    const printed = await cli(['recover', runId, '--print', '--state-dir', ws.state]);
    expect(printed.stdout).toMatch(/undo of split-lv \[a\]/);
    expect(printed.stdout).toMatch(/undo of split-lv \[b\]/);
    const recovered = await cli(['recover', runId, '--state-dir', ws.state]);
    expect(recovered.code, recovered.stderr).toBe(5);
    expect(exists(ws, 'done-a')).toBe(false);
    expect(exists(ws, 'done-b')).toBe(false);
    expect(readSite(ws, 'undo.log').trim().split('\n').sort()).toEqual(['undo a', 'undo b']);
  }, 40_000);

  test('the same crash, then resume: each item is settled by its check and none runs again', async () => {
    const ws = workspace('foreach-concurrent-resume');
    const runId = await crashed(ws, fixture('foreach-concurrent.yaml'), 5);
    const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const starts = journal(ws, runId).filter((r) => r.type === 'step-start' && r.step === 'split-lv');
    expect(starts.map((r) => r.item).sort()).toEqual(['a', 'b']);
    expect(exists(ws, 'done-a') || exists(ws, 'done-b')).toBe(false);
  }, 40_000);

  test('a crash before the first step: resume runs the guard again, which declines (exit 0, nothing done)', async () => {
    const ws = workspace('gates-guard');
    const runId = await crashed(ws, fixture('gates-then-steps.yaml'), 1, ['-p', 'online=no']);
    const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/declined by the guard/);
    expect(exists(ws, 'split')).toBe(false);
    expect(journal(ws, runId).some((r) => r.type === 'step-start')).toBe(false);
  }, 40_000);

  test('a crash after the guard, before the first step: resume runs the preflight again, which fails (exit 9)', async () => {
    const ws = workspace('gates-preflight');
    const guardSeq = await seqOf(fixture('gates-then-steps.yaml'), 'guard');
    const runId = await crashed(ws, fixture('gates-then-steps.yaml'), guardSeq, ['-p', 'preflight=false']);
    const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(resumed.code, resumed.stderr).toBe(9);
    expect(exists(ws, 'split')).toBe(false);
  }, 40_000);

  test('a crash after the first step: resume gives the later step what the guard captured', async () => {
    const ws = workspace('gates-captures');
    const splitEnd = (await seqOf(fixture('gates-then-steps.yaml'), 'step-end'));
    const runId = await crashed(ws, fixture('gates-then-steps.yaml'), splitEnd);
    const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readSite(ws, 'group').trim()).toBe('alpha');
    expect(journal(ws, runId).filter((r) => r.type === 'guard')).toHaveLength(1);
  }, 40_000);

  test('a crash during a slow undo: status shows its process group, and recover waits for it instead of running it beside it', async () => {
    const ws = workspace('slow-undo');
    const spawned = await seqOf(fixture('slow-undo.yaml'), 'undo-spawned');
    writeFileSync(sitePath(ws, 'hold'), '');
    const runId = await crashed(ws, fixture('slow-undo.yaml'), spawned);
    const status = await cli(['status', '--state-dir', ws.state]);
    expect(status.stdout).toMatch(/in flight: undo of split: .* \(process group \d+\)/);
    const recovering = startCli(['recover', runId, '--state-dir', ws.state]);
    await waitFor(() => /still running; waiting for them to end/.test(recovering.output().stderr), 15_000, 'recover to wait for the crashed undo');
    expect(exists(ws, 'undo.log') ? readSite(ws, 'undo.log') : '').not.toMatch(/^end/m);
    unlinkSync(sitePath(ws, 'hold'));
    const recovered = await recovering.done;
    expect(recovered.code, recovered.stderr).toBe(5);
    // start A, end A: the crashed undo finished alone; its check then found the effect gone, so it ran no second time.
    const lines = readSite(ws, 'undo.log').trim().split('\n').map((l) => l.split(' ')[0]);
    expect(lines).toEqual(['start', 'end']);
    expect(exists(ws, 'split')).toBe(false);
  }, 40_000);
});
