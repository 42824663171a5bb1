/**
 * Setting up a run on a failing disk, and a lock whose run lost its journal. The first must
 * end with a typed error and leave nothing behind (no run directory, no lock: the next
 * night's run is not refused for it); the second must refuse, never take a missing journal
 * for a finished run (the site may be half-way).
 */
import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cli, exists, fixture, runIds, runPlan, workspace } from './cli-harness.js';
import { diskError, failingWrites, startLibraryRun } from './library-harness.js';

test('the first record of a run cannot be written (ENOSPC): JOURNAL_WRITE_FAILED, no run directory or lock is left, the next run starts', async () => {
  const ws = workspace('first-record-fails');
  const journalFs = failingWrites(() => diskError('ENOSPC'));
  expect(() => startLibraryRun(ws, fixture('slow-undo.yaml'), { journalFs })).toThrow(expect.objectContaining({
    code: 'JOURNAL_WRITE_FAILED', message: expect.stringMatching(/first record: .*ENOSPC/),
  }));
  expect(runIds(ws)).toEqual([]);
  expect(nodeFs.readdirSync(join(ws.state, 'locks'))).toEqual([]);
  expect(exists(ws, 'split')).toBe(false);
  // The same plan on a healthy disk: not refused for the failed start (it fails on purpose, exit 5).
  expect((await runPlan(ws, fixture('slow-undo.yaml'))).code).toBe(5);
});

test('a dead run whose journal was removed still holds its lock: a new run is refused (exit 8), naming the missing journal and the way out', async () => {
  const ws = workspace('journal-removed');
  const crashed = await runPlan(ws, fixture('slow-undo.yaml'), [], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '2' } });
  expect(crashed.signal).toBe('SIGKILL');
  const [runId] = runIds(ws);
  const journalFile = join(ws.state, 'runs', runId as string, 'journal.jsonl');
  nodeFs.rmSync(journalFile);
  const refused = await runPlan(ws, fixture('slow-undo.yaml'));
  expect(refused.code, refused.stderr).toBe(8);
  expect(refused.stderr).toContain(`its journal ${journalFile} is missing: whether it finished, and what it left changed, is unknown`);
  expect(refused.stderr).toMatch(/hint: check the site by hand .*then remove .*locks\/slow-undo\.lock/);
  expect(runIds(ws)).toEqual([runId]);
  // The status of the state directory still names the run, as unreadable or missing.
  expect((await cli(['runs', '--state-dir', ws.state])).stdout).toContain(runId);
}, 30_000);
