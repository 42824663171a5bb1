/**
 * The run's log (log.jsonl) lands on a full disk half-way through a run: the run must go on
 * to its end (here: split, back up, rejoin), say once that the log takes no more lines, and
 * leave the journal whole. Before, the failed write threw from a setImmediate and killed the
 * engine between the split and the rejoin, with a stack trace and no banner.
 */
import { expect, test } from 'vitest';
import { inspectRun } from '../../engine/run/inspect-run.js';
import { exists, workspace, writePlan } from './cli-harness.js';
import { diskError, failingWrites, startLibraryRun } from './library-harness.js';

const PLAN = `mirrorplan: 1
name: log-disk-full
parameters:
  site: {type: string}
steps:
  - id: split
    kind: task
    command: [touch, "\${params.site}/split"]
    undo:
      - command: [rm, -f, "\${params.site}/split"]
  - id: backup
    kind: task
    command: [touch, "\${params.site}/backup"]
    read_only: true
  - id: rejoin
    kind: task
    command: [rm, -f, "\${params.site}/split"]
    resolves: [split]
`;

test('log.jsonl cannot be written from the split on (ENOSPC): the run still ends back to normal, and says the log stopped', async () => {
  const ws = workspace('log-disk-full');
  const planFile = writePlan(ws, 'plan.yaml', PLAN);
  let writes = 0;
  // The first batch (the run's start) is written; every later one finds the disk full.
  const logFs = failingWrites(() => (++writes > 1 ? diskError('ENOSPC') : null));
  const stderr: string[] = [];
  const io = { out: () => {}, err: (text: string) => { stderr.push(text); }, isTTY: false };
  const report = await startLibraryRun(ws, planFile, { logFs }, io).result;

  expect(report.status).toBe('succeeded');
  expect(exists(ws, 'backup')).toBe(true);
  expect(exists(ws, 'split')).toBe(false);
  expect(writes).toBe(2);
  const warnings = stderr.join('').split('\n').filter((line) => /log\.jsonl cannot be written/.test(line));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/ENOSPC: no space left on device.*it takes no more lines; the journal, written ahead, still holds the run/);
  expect(inspectRun(ws.state, report.runId).state).toBe('succeeded');
});
