import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cli, fixture, runIdOf, runIds, runPlan, workspace, writePlan, type Workspace } from './cli-harness.js';

const SECRET = 'pa55-Very-Secret-4711';

/** Every file of the state directory except the two that must keep the value for resume (owner-only): the stored plan and the captures that held a secret. */
function stateFiles(ws: Workspace): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'plan.json' && name !== 'secret-captures.json') out.push(path);
    }
  };
  walk(ws.state);
  return out;
}

// A quote, a space, a dollar and a backslash: shell quoting rewrites such a value (pa'ss -> pa'\''ss).
const QUOTED_SECRET = `Qu'ote w0rd-"$HOME"-\\x`;
const QUOTED_FRAGMENT = 'w0rd';

test.each([
  { label: 'plain', SECRET, fragment: SECRET },
  { label: 'with shell-special characters', SECRET: QUOTED_SECRET, fragment: QUOTED_FRAGMENT },
])('secret parameters ($label) never appear in the journal, log.jsonl, progress output or runbooks', async ({ label, SECRET, fragment }) => {
  const ws = workspace(`secrets-${label.replace(/\W+/g, '-')}`);
  // Verbose progress, a failure whose stderr holds the secret, a rollback whose command has it in argv.
  const failed = await runPlan(ws, fixture('site-backup.yaml'), ['-v', '-p', `token=${SECRET}`, '-p', 'fail=yes']);
  expect(failed.code, failed.stderr).toBe(5);
  expect(failed.stderr).toMatch(/backup failed \(token \*{8}\)/);
  expect(failed.stderr).toMatch(/unquiesce \S+ '?--token=\*{8}/);
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
  for (const o of outputs) expect(`${o.stdout}${o.stderr}`).not.toContain(fragment);
  const files = stateFiles(ws);
  expect(files.filter((f) => f.endsWith('log.jsonl'))).toHaveLength(3);
  for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(fragment);
  for (const id of runIds(ws)) expect(statSync(join(ws.state, 'runs', id, 'plan.json')).mode & 0o077).toBe(0);
});

test('a secret parameter refused by its checks is named, never shown, on the command line and in a site file, in text and --json', async () => {
  const ws = workspace('secret-errors');
  const plan = writePlan(ws, 'secret-errors.yaml', [
    'mirrorplan: 1', 'name: secret-errors', 'parameters:',
    '  pin: {type: integer, secret: true}',
    '  keys: {type: array, items: {type: string, pattern: "[a-z]+"}, secret: true}',
    '  pass: {type: string, pattern: "[a-z]+", secret: true}',
    'steps:', '  - id: look', '    kind: task', '    command: ["true"]', '    read_only: true', '',
  ].join('\n'));
  const site = join(ws.root, 'site.yaml');
  writeFileSync(site, 'mirrorplan_site: 1\nplan: secret-errors\nparameters:\n  pass: Gamma-Secret-77\n');
  const args = ['validate', plan, '--site', site, '-p', 'pin=12x45secret', '-p', 'keys=good,S3CRET-Key'];
  for (const result of [await cli(args), await cli([...args, '--json'])]) {
    expect(result.code).toBe(3);
    const text = `${result.stdout}${result.stderr}`;
    expect(text).toMatch(/parameter \\?"pin\\?"/);
    for (const value of ['12x45secret', 'S3CRET-Key', 'Gamma-Secret-77']) expect(text).not.toContain(value);
  }
});

test('captures that hold a secret are masked in the journal, and a resumed run still gives later steps their real value', async () => {
  const ws = workspace('secret-captures');
  const plan = fixture('secret-captures.yaml');
  const whole = `${SECRET}-1 ${SECRET}-2\n`;
  const run = await runPlan(ws, plan, ['-p', `token=${SECRET}`]);
  expect(run.code, run.stderr).toBe(0);
  expect(readFileSync(join(ws.site, 'seen'), 'utf8')).toBe(whole);

  // Crashed after first's end record (run-start, guard, first's start, spawned, end): resume runs use.
  const crashed = await runPlan(ws, plan, ['-p', `token=${SECRET}`], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '5' } });
  expect(crashed.signal).toBe('SIGKILL');
  const runId = runIdOf(crashed);
  const dir = join(ws.state, 'runs', runId);
  const journalText = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
  expect(journalText).toMatch(/"type":"guard".*"captures":\{"session":"\*{8}-1"\},"secretCaptures":true/);
  expect(journalText).toMatch(/"type":"step-end","step":"first".*"captures":\{"key":"\*{8}-2"\},"secretCaptures":true/);
  expect(statSync(join(dir, 'secret-captures.json')).mode & 0o077).toBe(0);
  writeFileSync(join(ws.site, 'seen'), '');
  const resumed = await cli(['resume', runId, '--state-dir', ws.state]);
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(readFileSync(join(ws.site, 'seen'), 'utf8')).toBe(whole);
  for (const file of stateFiles(ws)) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);

  // Without the kept values, a resume refuses rather than hand ******** to a command.
  const again = await runPlan(ws, plan, ['-p', `token=${SECRET}`], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '5' } });
  const againId = runIdOf(again);
  rmSync(join(ws.state, 'runs', againId, 'secret-captures.json'));
  const refused = await cli(['resume', againId, '--state-dir', ws.state]);
  expect(refused.code, refused.stderr).toBe(10);
  expect(refused.stderr).toMatch(/the captures of guard, first held a secret and are not in \S+secret-captures\.json/);
});
