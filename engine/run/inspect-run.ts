import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Obligation } from '../compile/obligations.js';
import { readJournal, type JournalContents } from './journal/journal-reader.js';
import type { RunStatus } from './journal/journal-records.js';
import { replayJournal, type InFlight, type ReplayedRun } from './replay-journal.js';
import { readStoredPlan, RUN_FILES, runDirOf, type StoredPlan } from './run-files.js';
import { runsDirOf } from './system/state-dir.js';
import { isProcessAlive } from './transport/process-liveness.js';

export type RunState = RunStatus | 'running' | 'interrupted';

export interface RunView {
  runId: string;
  dir: string;
  plan: StoredPlan;
  replay: ReplayedRun;
  state: RunState;
  /** Step (and item) that was running when the engine stopped. */
  inFlight: string | null;
  tornTail: boolean;
  journalEnd: JournalContents['end'];
  /** Every obligation still open, a foreach's completed items included (what recover undoes). */
  open: Obligation[];
}

/** replay.obligations plus the items of a foreach that was under way (they are open too). */
export function openObligations(replay: ReplayedRun): Obligation[] {
  const partial = replay.phase !== 'rollback' ? replay.foreachProgress?.obligation : null;
  return partial ? [...replay.obligations, partial] : replay.obligations;
}

/** "undo of split [beta]": a step in flight as a person reads it. */
export function describeInFlight(f: InFlight): string {
  return `${f.kind === 'undo' ? 'undo of ' : ''}${f.step}${f.item === null ? '' : ` [${f.item}]`}`;
}

/** Ended runs that still need a person: resume or recover continues them. */
export const NEEDS_ATTENTION = new Set<RunState>(['interrupted', 'paused', 'rollback-failed']);

export function inspectRun(stateDir: string, runId: string): RunView {
  const dir = runDirOf(stateDir, runId);
  const plan = readStoredPlan(dir);
  const journal = readJournal(join(dir, RUN_FILES.journal));
  const replay = replayJournal(plan.resolved, journal.records);
  const alive = replay.pid !== null && isProcessAlive(replay.pid, replay.pidStartTime);
  const state: RunState = replay.ended ?? (alive ? 'running' : 'interrupted');
  return {
    runId, dir, plan, replay, state, inFlight: replay.inFlight ? describeInFlight(replay.inFlight) : null,
    tornTail: journal.tornTail !== null, journalEnd: journal.end, open: openObligations(replay),
  };
}

export function findUnfinishedRun(stateDir: string, runId: string): RunView | null {
  if (!existsSync(runDirOf(stateDir, runId))) return null;
  const view = inspectRun(stateDir, runId);
  return NEEDS_ATTENTION.has(view.state) ? view : null;
}

/** Run ids, newest first (ids start with a UTC timestamp). */
export function listRunIds(stateDir: string): string[] {
  try { return readdirSync(runsDirOf(stateDir)).filter((n) => !n.startsWith('.')).sort().reverse(); } catch { return []; }
}
