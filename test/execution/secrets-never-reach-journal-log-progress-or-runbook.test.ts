import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cli, fixture, runIdOf, runIds, runPlan, workspace, type Workspace } from './cli-harness.js';

const SECRET = 'pa55-Very-Secret-4711';

/** Every file of the state directory except the stored plan (it must keep the value for resume; owner-only). */
function stateFiles(ws: Workspace): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'plan.json') out.push(path);
    }
  };
  walk(ws.state);
  return out;
}

test('secret parameters never appear in the journal, log.jsonl, progress output or runbooks', async () => {
  const ws = workspace('secrets');
  // Verbose progress, a failure whose stderr holds the secret, a rollback whose command has it in argv.
  const failed = await runPlan(ws, fixture('site-backup.yaml'), ['-v', '-p', `token=${SECRET}`, '-p', 'fail=yes']);
  expect(failed.code, failed.stderr).toBe(5);
  expect(failed.stderr).toMatch(/backup failed \(token \*{8}\)/);
  expect(failed.stderr).toMatch(/unquiesce \S+ --token=\*{8}/);
  // A failed rollback prints its runbook; a crash leaves a run for status and recover --print.
  const rollbackFailed = await runPlan(ws, fixture('rollback-order.yaml'), ['-v', '-p', `token=${SECRET}`]);
  expect(rollbackFailed.code).toBe(6);
  expect(rollbackFailed.stderr).toMatch(/--key=\*{8}/);
  const crashed = await runPlan(ws, fixture('site-backup.yaml'), ['-p', `token=${SECRET}`], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '20' } });
  expect(crashed.signal).toBe('SIGKILL');
  const crashedId = runIdOf(crashed);
  const outputs = [failed, rollbackFailed, crashed,
    await cli(['status', '--state-dir', ws.state, '--json']),
    await cli(['recover', crashedId, '--print', '--state-dir', ws.state]),
    await cli(['recover', crashedId, '--state-dir', ws.state, '-v', '--json'])];
  for (const o of outputs) expect(`${o.stdout}${o.stderr}`).not.toContain(SECRET);
  const files = stateFiles(ws);
  expect(files.filter((f) => f.endsWith('log.jsonl'))).toHaveLength(3);
  for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
  for (const id of runIds(ws)) expect(statSync(join(ws.state, 'runs', id, 'plan.json')).mode & 0o077).toBe(0);
});
