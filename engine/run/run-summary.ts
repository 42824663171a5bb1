import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJournalLine } from './journal/journal-line.js';
import { inspectRun, type RunState, type RunView } from './inspect-run.js';
import type { InFlight } from './replay-journal.js';
import { RUN_FILES, runDirOf } from './run-files.js';
import { writeFileAtomic } from './system/write-file-atomic.js';

/** What `status` and `runs` show of a run (also their --json). */
export interface RunSummary {
  runId: string;
  plan: string;
  state: RunState;
  startedAt: string | null;
  lastAt: string | null;
  /** What was running when the engine stopped: several only in a foreach with concurrency. */
  inFlight: InFlight[];
  openObligations: Array<{ step: string; items: string[] }>;
  phase: RunView['replay']['phase'];
  failure: string | null;
  records: number;
  tornTail: boolean;
  /** State 'corrupt': where and how the journal fails its checks (the rest is from the records before). */
  corruption: RunView['corruption'];
  dir: string;
}

/*
 * A run that has ended is summarized once, next to its journal, so that `runs` and
 * `status` do not read, check and replay every record of every run each time (10,000
 * records cost ~100 ms). The summary names the journal it describes (its size and its
 * last record, whose checksum covers the seq): any record added since (resume) or any
 * change of size makes it stale and the journal is replayed as before. resume and
 * recover never use it: they always read and check the whole journal.
 */
interface StoredSummary { format: 1; journalBytes: number; lastRecordBytes: number; lastRecord: string; summary: Omit<RunSummary, 'dir'> }

const SUMMARY_FILE = 'summary.json';

export function summarizeRun(view: RunView): RunSummary {
  return {
    runId: view.runId, plan: view.plan.resolved.name, state: view.state, startedAt: view.replay.startedAt, lastAt: view.replay.lastAt,
    inFlight: view.replay.inFlight, openObligations: view.open.map((o) => ({ step: o.step, items: o.items.map((i) => i.item) })),
    phase: view.replay.phase, failure: view.replay.failure, records: view.replay.records, tornTail: view.tornTail, corruption: view.corruption, dir: view.dir,
  };
}

/** The journal's last `bytes` bytes, if it is exactly `size` bytes long; null otherwise or when unreadable. */
function readJournalTail(file: string, size: number, bytes: number): string | null {
  let fd: number;
  try { fd = openSync(file, 'r'); } catch { return null; }
  try {
    if (fstatSync(fd).size !== size || bytes <= 0 || bytes > size) return null;
    const buffer = Buffer.alloc(bytes);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, bytes, size - bytes));
  } finally { closeSync(fd); }
}

/** Called once a run has written its run-end record. Best effort: without it, status replays the journal. */
export function storeRunSummary(stateDir: string, runId: string): void {
  const view = inspectRun(stateDir, runId);
  const { bytes, lastLine } = view.journalEnd;
  if (!view.replay.ended || view.tornTail || lastLine === null) return;
  const { dir, ...summary } = summarizeRun(view);
  const stored: StoredSummary = {
    format: 1, journalBytes: bytes, lastRecordBytes: Buffer.byteLength(lastLine) + 1, lastRecord: lastLine.slice(0, lastLine.indexOf(' ')), summary,
  };
  writeFileAtomic(join(dir, SUMMARY_FILE), `${JSON.stringify(stored)}\n`, { mode: 0o600 });
}

function storedSummaryOf(dir: string): RunSummary | null {
  let stored: StoredSummary;
  try { stored = JSON.parse(readFileSync(join(dir, SUMMARY_FILE), 'utf8')) as StoredSummary; } catch { return null; }
  if (stored?.format !== 1 || typeof stored.journalBytes !== 'number' || typeof stored.lastRecordBytes !== 'number' || !stored.summary) return null;
  const tail = readJournalTail(join(dir, RUN_FILES.journal), stored.journalBytes, stored.lastRecordBytes);
  if (tail === null || !tail.endsWith('\n') || !tail.startsWith(`${stored.lastRecord} `)) return null;
  const decoded = decodeJournalLine(tail.slice(0, -1));
  // Summaries stored by 0.1 engines had one in-flight step or null, and no corruption.
  const inFlight = Array.isArray(stored.summary.inFlight) ? stored.summary.inFlight : stored.summary.inFlight ? [stored.summary.inFlight as InFlight] : [];
  return decoded.ok && decoded.value.type === 'run-end' ? { ...stored.summary, inFlight, corruption: stored.summary.corruption ?? null, dir } : null;
}

/** The run's summary: stored at its end when still true of the journal, else from a full replay (up to a corruption, if any). */
export function readRunSummary(stateDir: string, runId: string): RunSummary {
  return storedSummaryOf(runDirOf(stateDir, runId)) ?? summarizeRun(inspectRun(stateDir, runId, { partial: true }));
}
