import { expect, test } from 'vitest';
import { cli, exists, fixture, readSite, runIds, runPlan, workspace } from './cli-harness.js';

const PLAN = fixture('check-without-answer.yaml');

test('a step stopped by its timeout whose check cannot start: its undo runs (exit 5, nothing left split)', async () => {
  const ws = workspace('no-answer-live');
  const result = await runPlan(ws, PLAN);
  expect(result.code, result.stderr).toBe(5);
  expect(result.stderr).toMatch(/its check probe gave no answer .*: its undo will run in case it took effect/);
  expect(exists(ws, 'split')).toBe(false);
  expect(readSite(ws, 'undo.log').trim()).toBe('undone');
}, 30_000);

test('a check that times out after a crash settles nothing: recover stops with IN_DOUBT (exit 11) instead of skipping the undo', async () => {
  const ws = workspace('no-answer-recover');
  // The step's start, then its spawn record: the engine dies while the step runs.
  const crashed = await runPlan(ws, PLAN, ['-p', 'check=/bin/sleep', '-p', 'check_arg=30'], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '3' } });
  expect(crashed.signal).toBe('SIGKILL');
  const runId = runIds(ws)[0] as string;
  // The crashed step (sleep 30) is still running: stop it as an operator would, then recover.
  const status = await cli(['status', runId, '--state-dir', ws.state]);
  const pgid = /process group (\d+)/.exec(status.stdout)?.[1];
  expect(pgid, status.stdout).toBeDefined();
  process.kill(-Number(pgid), 'SIGKILL');
  const recovered = await cli(['recover', runId, '--state-dir', ws.state]);
  expect(recovered.code, recovered.stderr).toBe(11);
  expect(recovered.stderr).toMatch(/IN_DOUBT: step split was running .*its check probe gave no answer \(timed out/);
  expect(exists(ws, 'split')).toBe(true);
  const answered = await cli(['recover', runId, '--state-dir', ws.state, '--assume-done', 'split']);
  expect(answered.code, answered.stderr).toBe(5);
  expect(exists(ws, 'split')).toBe(false);
}, 30_000);
