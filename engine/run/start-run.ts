import { existsSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { lockFileName } from './lock/lock-owner.js';
import type { AnalyzedPlan } from '../analyze/analyze-plan.js';
import { MirrorplanError } from '../errors/mirrorplan-error.js';
import { maskedParams } from './execute/create-masker.js';
import { executeRun, type RunServices } from './execute-run.js';
import { lockNameOf, openRunJournal } from './open-run-journal.js';
import { acquireLock, inspectLock, releaseLock, type LockHandle } from './lock/run-lock.js';
import { findUnfinishedRun, type RunView } from './inspect-run.js';
import { RUN_FILES, runDirOf, storePlan } from './run-files.js';
import type { JournalWriter } from './journal/journal-writer.js';
import type { IdGenerator } from './system/ids.js';
import { createRunDir, FAILING_DISK_HINT, locksDirOf, stateDirUnusable } from './system/state-dir.js';
import { readProcessStartTime } from './transport/process-liveness.js';

/** The unfinished run (interrupted, paused, failed in rollback) whose dead process still holds the plan's lock. */
export function unfinishedRunUnderLock(plan: AnalyzedPlan['plan'], stateDir: string): RunView | null {
  const previous = inspectLock(locksDirOf(stateDir), lockNameOf(plan));
  return previous && !previous.alive ? findUnfinishedRun(stateDir, previous.owner.runId) : null;
}

/**
 * Starts a new run: refuses while the lock's previous run is unfinished (interrupted,
 * paused or failed in rollback), then creates the run directory, keeps the resolved
 * plan there, takes the lock and journals run-start before anything runs.
 */
export function startRun(analyzed: AnalyzedPlan, services: RunServices & { ids: IdGenerator }) {
  const plan = analyzed.plan;
  const locks = locksDirOf(services.stateDir);
  const lockName = lockNameOf(plan);
  const previous = inspectLock(locks, lockName);
  if (previous && !previous.alive) {
    const id = previous.owner.runId;
    const journalFile = join(runDirOf(services.stateDir, id), RUN_FILES.journal);
    // Every run has its journal before it takes the lock: one that is gone was removed, and
    // what that run left changed is unknown. Not "finished": a new run could land on a split mirror.
    if (!existsSync(journalFile)) {
      throw new MirrorplanError('RUN_INTERRUPTED_EXISTS', `run ${id} holds lock "${lockName}" (its process is gone) and its journal ${journalFile} is missing: whether it finished, and what it left changed, is unknown`, {
        file: journalFile, hint: `check the site by hand (what plan ${plan.name} changes), then remove ${join(locks, lockFileName(lockName))}`,
      });
    }
    const unfinished = findUnfinishedRun(services.stateDir, id);
    if (unfinished) {
      throw new MirrorplanError('RUN_INTERRUPTED_EXISTS', `run ${id} under lock "${lockName}" did not finish (${unfinished.state}${unfinished.inFlight ? `, step ${unfinished.inFlight} in flight` : ''})`, {
        hint: unfinished.corruption
          // Neither resume nor recover will read it: the way out is by hand, then the lock.
          ? `its journal is corrupt (${unfinished.corruption.message}): put the site back by hand (mirrorplan recover --print ${id} shows the rollback the journal still tells), then remove ${join(locks, lockFileName(lockName))}`
          : `resume it (mirrorplan resume ${id}) or roll it back (mirrorplan recover ${id}; --print shows the commands) first`,
      });
    }
  }
  // The plan and the (empty) journal exist before the lock is taken: a lock always names a
  // run that can be read, and a run refused by the lock leaves no directory behind.
  const run = createRunDir(services.stateDir, plan.name, services.clock, services.ids);
  let lock: LockHandle;
  let journal: JournalWriter | null = null;
  const removeRun = (): void => {
    try { journal?.close(); } catch { /* the disk is failing: the directory goes anyway */ }
    rmSync(run.dir, { recursive: true, force: true });
  };
  try {
    storePlan(run.dir, plan);
    journal = openRunJournal(run.dir, services);
    lock = acquireLock(locks, lockName, { runId: run.runId, pid: process.pid, startTime: readProcessStartTime(process.pid), hostname: hostname() });
  } catch (error) {
    removeRun();
    throw stateDirUnusable(error, 'a new run', services.stateDir);
  }
  try {
    journal.append({
      type: 'run-start', runId: run.runId, plan: plan.name, planHash: plan.planHash, params: maskedParams(plan), lock: lockName,
      host: hostname(), pid: process.pid, pidStartTime: readProcessStartTime(process.pid),
    }, { durable: true });
  } catch (error) {
    // Nothing ran: the run and its lock go, so the next run is not refused for it.
    removeRun();
    releaseLock(lock);
    throw new MirrorplanError('JOURNAL_WRITE_FAILED', `a new run's first record: ${(error as Error).message}`, {
      file: services.stateDir, hint: FAILING_DISK_HINT,
    });
  }
  if (lock.staleOwner) services.observer.note('warn', `lock "${lockName}" was left by run ${lock.staleOwner.runId} (pid ${lock.staleOwner.pid}, no longer running), which had finished; taken over`);
  return { runId: run.runId, dir: run.dir, ...executeRun(services, { analyzed, run: { id: run.runId, dir: run.dir }, journal, lock }) };
}
