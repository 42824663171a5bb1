import { hostname } from 'node:os';
import { analyzePlan } from '../analyze/analyze-plan.js';
import { END } from '../analyze/step-graph.js';
import { applyCompletedStep, type Obligation } from '../compile/obligations.js';
import type { RunContext } from '../compile/run-context.js';
import type { ResolvedPlan } from '../resolve/resolved-plan.js';
import { runAction } from './execute/run-action.js';
import { scopeOf } from './execute/run-step.js';
import type { JournalWriter } from './journal/journal-writer.js';
import { stepState } from '../compile/run-context.js';
import { MirrorplanError } from '../errors/mirrorplan-error.js';
import { buildRunEnvironment, executeRun, type RunServices } from './execute-run.js';
import { silentObserver } from './execute/run-environment.js';
import { undoKey } from './execute/run-undo.js';
import { describeInFlight, inspectRun, NEEDS_ATTENTION } from './inspect-run.js';
import type { InFlight } from './replay-journal.js';
import { lockNameOf, openRunJournal } from './open-run-journal.js';
import { acquireLock } from './lock/run-lock.js';
import { locksDirOf } from './system/state-dir.js';
import { checkOperatorAnswers, settleInDoubt, type OperatorAnswers, type Settlement } from './settle-in-doubt.js';
import { isProcessGroupAlive, readProcessStartTime } from './transport/process-liveness.js';
import { createHash } from 'node:crypto';
import { checkRunFilesPrivate } from './check-run-files-private.js';
import { restoreSecretCaptures } from './execute/keep-secret-captures.js';

export interface ContinueOptions extends OperatorAnswers {
  mode: 'resume' | 'recover';
  /** Aborted by an operator's signal before the run is under way again: the run is left as it was. */
  signal?: AbortSignal;
  /** How long to wait for a crashed engine's command to end before refusing (default 10 s). */
  orphanWaitMs?: number;
}

/**
 * recover of an idempotent step that was in flight: it may have done part of its work, and
 * its undo may expect the whole. Running it again (safe, it is idempotent) reaches a known
 * state; its obligation is opened either way so the rollback undoes it.
 */
async function completeIdempotentStep(services: RunServices, plan: ResolvedPlan, run: { id: string; dir: string }, journal: JournalWriter, stepId: string, replay: { captures: RunContext['captures'] }, obligations: Obligation[], signal: AbortSignal): Promise<Obligation[]> {
  const step = plan.steps.find((s) => s.id === stepId);
  if (step?.kind !== 'task' || step.undo.length === 0) return obligations;
  const env = buildRunEnvironment(services, plan, run, journal);
  const outcome = await runAction(env, step.action, scopeOf(env, replay), {
    beforeAttempt: (attempt, rendered) => {
      journal.append({ type: 'step-start', step: step.id, attempt, host: rendered.host, argvDisplay: rendered.display }, { durable: true });
      env.observer.stepStarted({ step: step.id, item: null, host: rendered.host, display: rendered.display, attempt, phase: 'forward' });
    },
    onSpawn: (info) => { journal.append({ type: 'step-spawned', step: step.id, pid: info.pid, pgid: info.pgid, startTime: info.startTime }, { durable: false }); },
  }, signal);
  // Stopped by a signal, it stays in doubt (interrupted): the next recover settles it again.
  const interrupted = outcome.result.aborted;
  journal.append({ type: 'step-end', step: step.id, outcome: outcome.evaluation.ok ? 'ok' : 'failed', exitCode: outcome.result.exitCode, captures: {}, error: outcome.evaluation.ok ? null : outcome.evaluation.reason, extra: { completedForRecover: true, ...(interrupted ? { interrupted: true } : {}) } }, { durable: true });
  if (interrupted) throw interruptedBeforeContinuing(run.id, signal);
  env.observer.note('info', `recover: ran idempotent step ${step.id} again so that its undo finds a known state (${outcome.evaluation.ok ? 'ok' : outcome.evaluation.reason})`);
  return [...applyCompletedStep(obligations.filter((o) => o.step !== step.id), step)];
}

function interruptedBeforeContinuing(runId: string, signal: AbortSignal): MirrorplanError {
  return new MirrorplanError('CONTINUE_INTERRUPTED', `interrupted by ${String(signal.reason ?? 'a signal')} before run ${runId} could continue; it is left unfinished, nothing of it was undone`, {
    hint: `mirrorplan status ${runId}; then mirrorplan resume ${runId} or mirrorplan recover ${runId}`,
  });
}

/** The killed engine's command may still be finishing: it gets a bounded while before the continue is refused. */
async function waitForOrphan(services: RunServices, inFlight: InFlight, waitMs: number, runId: string, signal: AbortSignal): Promise<void> {
  const pgid = inFlight.pgid;
  if (!pgid || !isProcessGroupAlive(pgid)) return;
  const deadline = services.clock.now().getTime() + waitMs;
  const what = describeInFlight(inFlight);
  services.observer.note('warn', `the processes of ${what} (process group ${pgid}) are still running; waiting for them to end`);
  try {
    while (isProcessGroupAlive(pgid) && services.clock.now().getTime() < deadline) await services.clock.sleep(100, signal);
  } catch (error) {
    if (signal.aborted) throw interruptedBeforeContinuing(runId, signal);
    throw error;
  }
  if (isProcessGroupAlive(pgid)) {
    throw new MirrorplanError('STEP_STILL_RUNNING', `the processes of ${what} (process group ${pgid}) are still running`, {
      step: inFlight.step, hint: `wait for them to end, or stop them: kill -TERM -${pgid}; then try again`,
    });
  }
}

/** Whether the plan file changed since the run started: reported, never used (resume uses the stored plan). */
async function planFileChanged(file: string, hash: string): Promise<string | null> {
  // Loaded here: the YAML front end is not needed by a run that continues nothing.
  const { loadPlan } = await import('../load/load-plan.js');
  const loaded = loadPlan(file);
  if (!loaded.plan) return `the plan file ${file} no longer loads; the run continues with the plan it started with`;
  const now = createHash('sha256').update(JSON.stringify(loaded.plan.document.value)).digest('hex');
  return now === hash ? null : `the plan file ${file} changed since this run started; the run continues with the plan it started with (kept in its run directory)`;
}

/**
 * resume: continue forward from where the journal says the run stopped.
 * recover: roll back every open obligation. Both first make sure nothing of the old run
 * still runs and settle the step that was in flight.
 */
export async function continueRun(runId: string, services: RunServices, options: ContinueOptions) {
  const view = inspectRun(services.stateDir, runId);
  if (view.state === 'running') throw new MirrorplanError('RUN_STILL_RUNNING', `run ${runId} is still running (pid ${view.replay.pid})`, { hint: 'wait for it, or stop it with SIGTERM (it rolls back) and try again' });
  if (!NEEDS_ATTENTION.has(view.state)) throw new MirrorplanError('RUN_FINISHED', `run ${runId} already ended: ${view.state}`, { hint: 'nothing to resume or recover' });
  checkRunFilesPrivate(runId, view.dir);
  const plan = view.plan.resolved;
  checkOperatorAnswers(plan, options);
  const changed = await planFileChanged(view.plan.planFile, view.plan.planHash);
  if (changed) services.observer.note('warn', changed);
  // The journal has captures that held a secret masked; the run goes on with them whole.
  const replay = { ...view.replay, captures: restoreSecretCaptures(view.dir, view.replay.captures, view.replay.secretCaptures) };
  const signal = options.signal ?? new AbortController().signal;
  // Every command that was running (several in a foreach with concurrency) is waited for, then settled.
  for (const f of replay.inFlight) await waitForOrphan(services, f, options.orphanWaitMs ?? 10_000, runId, signal);
  // Probes never journal, and the journal must not be reopened before the in-doubt steps are settled.
  const probeEnv = buildRunEnvironment({ ...services, observer: silentObserver }, plan, { id: runId, dir: view.dir }, null as never);
  const settled: Array<{ inFlight: InFlight; settlement: Settlement }> = [];
  for (const f of replay.inFlight) {
    const settlement = await settleInDoubt(probeEnv, f, replay, options, signal);
    if (signal.aborted) throw interruptedBeforeContinuing(runId, signal);
    services.observer.note('info', `in doubt: ${settlement.how}`);
    settled.push({ inFlight: f, settlement });
  }

  let obligations = [...replay.obligations];
  const undone = new Set(replay.undoneActions);
  let position = replay.position;
  const foreachProgress: Record<string, Record<string, string[]>> = {};
  if (replay.foreachProgress) foreachProgress[replay.foreachProgress.step] = { ...replay.foreachProgress.items };
  for (const { inFlight, settlement } of settled) {
    // A step stopped part-way without a check opened its obligation to be safe; settled as not done, it holds none.
    if (inFlight.kind === 'step' && inFlight.item === null && !settlement.done && obligations[obligations.length - 1]?.step === inFlight.step) obligations.pop();
    if (!settlement.done) continue;
    const step = plan.steps.find((s) => s.id === inFlight.step);
    if (inFlight.kind === 'undo') undone.add(undoKey(inFlight.step, inFlight.item, inFlight.action ?? 0));
    else if (step && inFlight.item === null) { obligations = applyCompletedStep(obligations, step); position = step.next ?? plan.steps[plan.steps.indexOf(step) + 1]?.id ?? END; }
    else if (replay.foreachProgress && inFlight.item !== null) {
      const items = (foreachProgress[replay.foreachProgress.step] ??= {});
      items[inFlight.item] = [...(items[inFlight.item] ?? []), inFlight.step];
    }
  }
  const rollingBack = options.mode === 'recover' || replay.phase === 'rollback';
  if (rollingBack && replay.foreachProgress && replay.phase !== 'rollback') {
    const foreach = plan.steps.find((s) => s.id === replay.foreachProgress?.step);
    if (foreach) obligations = [...obligations, ...applyCompletedStep([], foreach, Object.entries(foreachProgress[foreach.id] ?? {}).map(([item, completed]) => ({ item, completed })))];
  }

  if (signal.aborted) throw interruptedBeforeContinuing(runId, signal);
  const lock = acquireLock(locksDirOf(services.stateDir), lockNameOf(plan), { runId, pid: process.pid, startTime: readProcessStartTime(process.pid), hostname: hostname() });
  const journal = openRunJournal(view.dir, services);
  journal.append({ type: 'run-continue', mode: options.mode, pid: process.pid, pidStartTime: readProcessStartTime(process.pid), settled: settled.length ? settled.map((x) => x.settlement.how).join('; ') : null }, { durable: true });
  if (rollingBack && replay.phase !== 'rollback') journal.append({ type: 'rollback-start', reason: `recover requested by the operator` }, { durable: true });
  const rerun = settled.find((x) => x.settlement.rerun && x.inFlight.kind === 'step' && x.inFlight.item === null);
  // A rollback under way (recover, or a resume of an interrupted recover) completes the step before undoing it.
  if (rollingBack && rerun) {
    try {
      obligations = await completeIdempotentStep(services, plan, { id: runId, dir: view.dir }, journal, rerun.inFlight.step, replay, obligations, signal);
    } catch (error) {
      // The lock stays: it names this run, unfinished, so no new run starts over it.
      journal.close();
      throw error;
    }
  }
  const analyzed = analyzePlan(plan, null).analyzed;
  // Stopped before any step started: the guard and the preflight run again, as at the start of any run.
  const initial = rollingBack ? 'rollback' : replay.phase === 'gates' ? undefined : position === END ? 'succeeded' : stepState(position);
  return {
    runId, dir: view.dir, settled, rollingBack, onInterrupt: plan.onInterrupt,
    ...executeRun(services, {
      analyzed, run: { id: runId, dir: view.dir }, journal, lock, ...(initial ? { initial } : {}), undoneActions: undone,
      context: { captures: replay.captures, obligations, foreachProgress, ...(options.mode === 'recover' ? { outcomeDetail: `rolled back on request (mirrorplan recover)${replay.failure ? ` after: ${replay.failure}` : ''}` } : {}) },
    }),
  };
}
