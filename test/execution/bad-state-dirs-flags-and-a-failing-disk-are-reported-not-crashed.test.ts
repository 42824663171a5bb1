import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, exists, fixture, LAUNCHER, runIds, runPlan, startCli, waitFor, workspace } from './cli-harness.js';

const straceAvailable = spawnSync('strace', ['-V']).status === 0;

describe.concurrent('what the operator gives wrong, and a disk that fails', () => {
  test('a state directory that cannot be created: exit 2 naming it, no stack trace, even where mkdir -p would spin forever', async () => {
    const ws = workspace('bad-state');
    const file = join(ws.root, 'a-file');
    writeFileSync(file, 'not a directory');
    for (const stateDir of [join(file, 'state'), '/proc/1/x/state']) {
      const result = await cli(['run', fixture('in-doubt.yaml'), '--state-dir', stateDir, '-p', `site=${ws.site}`]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/STATE_DIR_UNUSABLE: cannot create the runs directory/);
      expect(result.stderr).toContain(stateDir);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(exists(ws, 'mutated')).toBe(false);
  }, 30_000);

  test('status and runs on a named state directory that is missing or a file, and an empty --state-dir: exit 2 naming it, never "no runs"', async () => {
    const ws = workspace('state-dir-typo');
    const file = join(ws.root, 'a-file');
    writeFileSync(file, '');
    for (const args of [['status', '--state-dir', file], ['runs', '--state-dir', file], ['status', '--state-dir', join(ws.root, 'typo')]]) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).not.toMatch(/no runs/);
      expect(result.stderr).toMatch(/STATE_DIR_UNUSABLE: --state-dir \S+ (is not a directory|does not exist)/);
    }
    const empty = await cli(['run', fixture('slow-undo.yaml'), '--state-dir', '', '-p', `site=${ws.site}`], { cwd: ws.root });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--state-dir was given an empty value/);
    expect(existsSync(join(ws.root, 'runs')), 'nothing made in the current directory').toBe(false);
    expect(exists(ws, 'split')).toBe(false);
  });

  test('a run refused by a held lock leaves no run directory behind', async () => {
    const ws = workspace('refused-leaves-nothing');
    const holder = startCli(['run', fixture('signals.yaml'), '--state-dir', ws.state, '-p', `site=${ws.site}`]);
    await waitFor(() => exists(ws, 'grandchild.pid'), 20_000, 'the holder to reach its hang step');
    const refused = await runPlan(ws, fixture('signals.yaml'));
    expect(refused.code, refused.stderr).toBe(8);
    expect(runIds(ws)).toHaveLength(1);
    writeFileSync(join(ws.site, 'release'), '');
    holder.child.kill('SIGTERM');
    expect((await holder.done).code).toBe(5);
  }, 30_000);

  test('contradicting or repeated flags are usage errors (exit 2) that name the flag', async () => {
    const ws = workspace('flags');
    const cases: Array<[string[], RegExp]> = [
      [['run', fixture('in-doubt.yaml'), '--state-dir', ws.state, '--state-dir', ws.root, '-p', `site=${ws.site}`], /--state-dir given 2 times/],
      [['run', fixture('in-doubt.yaml'), '--state-dir', ws.state, '-v', '-q', '-p', `site=${ws.site}`], /--verbose and --quiet contradict each other/],
      [['runs', '--state-dir', ws.state, '--limit', 'abc'], /--limit abc: expected a whole number/],
      [['runs', '--state-dir', ws.state, '--limit', '0'], /--limit 0: expected a whole number/],
      [['run', fixture('in-doubt.yaml'), '--state-dir', ws.state, '-p', `site=${ws.site}`, '-p', `site=${ws.root}`], /-p site given twice \(-p site=\S+ and -p site=\S+\)/],
      [['validate', fixture('in-doubt.yaml'), '-p', 'site=/a', '-p', 'site=/b'], /-p site given twice/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(runIds(ws)).toHaveLength(0);
  }, 30_000);

  test('--assume-done naming no step of the run, an item of a step without items, or a step named by both answers, is refused before anything runs', async () => {
    const ws = workspace('answers');
    const crashed = await runPlan(ws, fixture('in-doubt.yaml'), [], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '3' } });
    expect(crashed.signal).toBe('SIGKILL');
    const runId = runIds(ws)[0] as string;
    const unknown = await cli(['resume', runId, '--state-dir', ws.state, '--assume-done', 'mutat']);
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(unknown.stderr).toMatch(/--assume-done mutat: the run's plan has no step "mutat"/);
    const both = await cli(['recover', runId, '--state-dir', ws.state, '--assume-done', 'mutate', '--assume-not-done', 'mutate']);
    expect(both.code, both.stderr).toBe(2);
    expect(both.stderr).toMatch(/--assume-done and --assume-not-done both name mutate/);
    const item = await cli(['resume', runId, '--state-dir', ws.state, '--assume-done', 'mutate[x]']);
    expect(item.code, item.stderr).toBe(2);
    expect(item.stderr).toMatch(/--assume-done mutate\[x\]: step "mutate" is not in a foreach, so it has no items/);
    const status = await cli(['status', runId, '--state-dir', ws.state]);
    expect(status.stdout).toMatch(/INTERRUPTED/);
  }, 30_000);

  test('status shows an unfinished run however many runs came after it', async () => {
    const ws = workspace('status-finds-old');
    const crashed = await runPlan(ws, fixture('in-doubt.yaml'), [], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '3' } });
    expect(crashed.signal).toBe('SIGKILL');
    const unfinished = runIds(ws)[0] as string;
    // 55 later runs: fabricated as ended runs of another plan would take long to run for real.
    const other = join(ws.root, 'other.yaml');
    writeFileSync(other, 'mirrorplan: 1\nname: other\nsteps:\n  - id: look\n    kind: task\n    command: ["true"]\n    read_only: true\n');
    for (let i = 0; i < 55; i++) expect((await cli(['run', other, '--state-dir', ws.state, '-q'])).code).toBe(0);
    const status = await cli(['status', '--state-dir', ws.state]);
    expect(status.stdout).toContain(`run ${unfinished}`);
    expect(status.stdout).toMatch(/INTERRUPTED/);
  }, 120_000);

  test.skipIf(!straceAvailable)('the disk of the journal fails mid-run (EIO on fdatasync): exit 13, a banner with what is still in effect, and the runbook', async () => {
    const ws = workspace('eio');
    mkdirSync(ws.state, { recursive: true, mode: 0o700 });
    // The third fdatasync is the start of the failing step (run-start, split's start, fail's start).
    const result = spawnSync('strace', ['-f', '-o', '/dev/null', '-e', 'inject=fdatasync:error=EIO:when=3', LAUNCHER, 'run', fixture('slow-undo.yaml'), '--state-dir', ws.state, '-p', `site=${ws.site}`], { encoding: 'utf8', env: { ...process.env, MIRRORPLAN_NODE: process.execPath } });
    expect(result.status, result.stderr).toBe(13);
    expect(result.stderr).toMatch(/THE JOURNAL OF RUN \S+ CANNOT BE WRITTEN: THE ENGINE STOPPED, THE SITE IS NOT BACK TO NORMAL/);
    expect(result.stderr).toMatch(/Still in effect \(newest last\): split/);
    expect(result.stderr).toMatch(/undo of split:/);
    // Nothing ran without its record: the split is still there, the undo never started.
    expect(exists(ws, 'split')).toBe(true);
    expect(exists(ws, 'undo.log')).toBe(false);
  }, 30_000);
});

