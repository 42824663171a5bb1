import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Obligation } from '../compile/obligations.js';
import { readJournal, type JournalContents } from './journal/journal-reader.js';
import type { RunStatus } from './journal/journal-records.js';
import { replayJournal, type InFlight, type ReplayedRun } from './replay-journal.js';
import { readStoredPlan, RUN_FILES, runDirOf, type StoredPlan } from './run-files.js';
import { runsDirOf } from './system/state-dir.js';
import { isProcessAlive } from './transport/process-liveness.js';

/** corrupt: its journal fails its checks part-way (what it says up to there is shown, never acted on). */
export type RunState = RunStatus | 'running' | 'interrupted' | 'corrupt';

export interface RunView {
  runId: string;
  dir: string;
  plan: StoredPlan;
  replay: ReplayedRun;
  state: RunState;
  /** Steps (and items) that were running when the engine stopped, as a person reads them; null if none. */
  inFlight: string | null;
  tornTail: boolean;
  journalEnd: JournalContents['end'];
  /** Every obligation still open, a foreach's completed items included (what recover undoes). */
  open: Obligation[];
  /** Read with `partial`: the corruption that stopped the reading; everything above is from the records before it. */
  corruption: { line: number; message: string; hint: string } | null;
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
export const NEEDS_ATTENTION = new Set<RunState>(['interrupted', 'paused', 'rollback-failed', 'corrupt']);

/**
 * A run as its journal tells it. `partial`: a corrupt journal is read up to the corruption
 * (state 'corrupt') instead of refused, for status and the printed runbook only.
 */
export function inspectRun(stateDir: string, runId: string, { partial = false }: { partial?: boolean } = {}): RunView {
  const dir = runDirOf(stateDir, runId);
  const plan = readStoredPlan(dir);
  const journal = readJournal(join(dir, RUN_FILES.journal), { stopAtCorruption: partial });
  const replay = replayJournal(plan.resolved, journal.records);
  const alive = replay.pid !== null && isProcessAlive(replay.pid, replay.pidStartTime);
  const state: RunState = journal.corrupt ? 'corrupt' : replay.ended ?? (alive ? 'running' : 'interrupted');
  const corrupt = journal.corrupt;
  return {
    runId, dir, plan, replay, state, inFlight: replay.inFlight.length ? replay.inFlight.map(describeInFlight).join(', ') : null,
    tornTail: journal.tornTail !== null, journalEnd: journal.end, open: openObligations(replay),
    corruption: corrupt ? { line: Number(corrupt.details.line), message: corrupt.message, hint: String(corrupt.details.hint ?? '') } : null,
  };
}

/**
 * The lock's run if it needs a person; null also for a run without its journal, which the
 * caller judges (startRun refuses it: every run has its journal before it takes the lock).
 * A corrupt journal needs a person: its state is 'corrupt', and the new run is refused with what it says.
 */
export function findUnfinishedRun(stateDir: string, runId: string): RunView | null {
  const dir = runDirOf(stateDir, runId);
  if (!existsSync(dir) || !existsSync(join(dir, RUN_FILES.journal))) return null;
  const view = inspectRun(stateDir, runId, { partial: true });
  return NEEDS_ATTENTION.has(view.state) ? view : null;
}

/** Run ids, newest first (ids start with a UTC timestamp). */
export function listRunIds(stateDir: string): string[] {
  try { return readdirSync(runsDirOf(stateDir)).filter((n) => !n.startsWith('.')).sort().reverse(); } catch { return []; }
}
