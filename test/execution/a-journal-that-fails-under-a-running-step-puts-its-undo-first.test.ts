/**
 * The journal fails (EIO) while a step's command runs, so its end cannot be recorded: the
 * engine stops where it is (journal-failed, exit 13) and the runbook it prints starts with
 * that step's undo: its command ran, so its change may be in effect along with everything
 * before it. Real commands and files; only the write of that one record fails, through the
 * journal's file-operations interface.
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runbookAfter } from '../../engine/cli/report-run.js';
import { inspectRun } from '../../engine/run/inspect-run.js';
import { exists, workspace, writePlan } from './cli-harness.js';
import { diskError, failingWrites, startLibraryRun } from './library-harness.js';

const PLAN = `mirrorplan: 1
name: journal-fails-mid-step
parameters:
  site: {type: string}
steps:
  - id: split
    kind: task
    command: [touch, "\${params.site}/split"]
    undo:
      - command: [rm, -f, "\${params.site}/split"]
  - id: mutate
    kind: task
    command: [touch, "\${params.site}/mutated"]
    undo:
      - command: [rm, -f, "\${params.site}/mutated"]
  - id: rejoin
    kind: task
    command: [rm, -f, "\${params.site}/split", "\${params.site}/mutated"]
    resolves: [split, mutate]
`;

test('a journal write that fails while a step runs: journal-failed, and the runbook undoes that step first, then the ones before it', async () => {
  const ws = workspace('journal-fails-mid-step');
  const planFile = writePlan(ws, 'plan.yaml', PLAN);
  const failures: string[] = [];
  // Fails the one write of mutate's end record, as a disk error would.
  const journalFs = failingWrites((data) => {
    if (!(Buffer.isBuffer(data) && data.includes('"type":"step-end"') && data.includes('"step":"mutate"'))) return null;
    failures.push(data.toString('utf8'));
    return diskError('EIO');
  });
  const report = await startLibraryRun(ws, planFile, { journalFs }).result;

  expect(failures).toHaveLength(1);
  expect(report.status).toBe('journal-failed');
  // mutate's command ran; nothing ran after the journal failed, and nothing was undone.
  expect(exists(ws, 'split')).toBe(true);
  expect(exists(ws, 'mutated')).toBe(true);
  const view = inspectRun(ws.state, report.runId, { partial: true });
  expect(view.replay.inFlight.map((f) => f.step)).toEqual(['mutate']);

  const runbook = runbookAfter(ws.state, report);
  expect(runbook.map((entry) => [entry.order, entry.step, entry.command])).toEqual([
    [1, 'mutate', `rm -f ${join(ws.site, 'mutated')}`],
    [2, 'split', `rm -f ${join(ws.site, 'split')}`],
  ]);
});
