import { hostname } from 'node:os';
import type { AnalyzedPlan } from '../analyze/analyze-plan.js';
import { MirrorplanError } from '../errors/mirrorplan-error.js';
import { maskedParams } from './execute/create-masker.js';
import { executeRun, type RunServices } from './execute-run.js';
import { lockNameOf, openRunJournal } from './open-run-journal.js';
import { acquireLock, inspectLock } from './lock/run-lock.js';
import { findUnfinishedRun, type RunView } from './inspect-run.js';
import { storePlan } from './run-files.js';
import type { IdGenerator } from './system/ids.js';
import { createRunDir, locksDirOf } from './system/state-dir.js';
import { readProcessStartTime } from './transport/process-liveness.js';

/**
 * Starts a new run: refuses while the lock's previous run is unfinished (interrupted,
 * paused or failed in rollback), then creates the run directory, keeps the resolved
 * plan there, takes the lock and journals run-start before anything runs.
 */
/** The unfinished run (interrupted, paused, failed in rollback) whose dead process still holds the plan's lock. */
export function unfinishedRunUnderLock(plan: AnalyzedPlan['plan'], stateDir: string): RunView | null {
  const previous = inspectLock(locksDirOf(stateDir), lockNameOf(plan));
  return previous && !previous.alive ? findUnfinishedRun(stateDir, previous.owner.runId) : null;
}

export function startRun(analyzed: AnalyzedPlan, services: RunServices & { ids: IdGenerator }) {
  const plan = analyzed.plan;
  const locks = locksDirOf(services.stateDir);
  const lockName = lockNameOf(plan);
  const previous = inspectLock(locks, lockName);
  if (previous && !previous.alive) {
    const unfinished = findUnfinishedRun(services.stateDir, previous.owner.runId);
    if (unfinished) {
      throw new MirrorplanError('RUN_INTERRUPTED_EXISTS', `run ${previous.owner.runId} under lock "${lockName}" did not finish (${unfinished.state}${unfinished.inFlight ? `, step ${unfinished.inFlight} in flight` : ''})`, {
        hint: `resume it (mirrorplan resume ${previous.owner.runId}) or roll it back (mirrorplan recover ${previous.owner.runId}; --print shows the commands) first`,
      });
    }
  }
  const run = createRunDir(services.stateDir, plan.name, services.clock, services.ids);
  const lock = acquireLock(locks, lockName, { runId: run.runId, pid: process.pid, startTime: readProcessStartTime(process.pid), hostname: hostname() });
  if (lock.staleOwner) services.observer.note('warn', `lock "${lockName}" was left by run ${lock.staleOwner.runId} (pid ${lock.staleOwner.pid}, no longer running), which had finished; taken over`);
  storePlan(run.dir, plan);
  const journal = openRunJournal(run.dir, services);
  journal.append({
    type: 'run-start', runId: run.runId, plan: plan.name, planHash: plan.planHash, params: maskedParams(plan), lock: lockName,
    host: hostname(), pid: process.pid, pidStartTime: readProcessStartTime(process.pid),
  }, { durable: true });
  return { runId: run.runId, dir: run.dir, ...executeRun(services, { analyzed, run: { id: run.runId, dir: run.dir }, journal, lock }) };
}
