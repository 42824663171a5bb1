import { isMirrorplanError } from '../../errors/mirrorplan-error.js';
import { createActor, fromPromise } from 'xstate';
import type { CompiledMachine, MachineImplementations } from '../../compile/compile-machine.js';
import type { Obligation } from '../../compile/obligations.js';
import type { FinalState, GateOutput, RunContext, StepOutput } from '../../compile/run-context.js';
import type { RunEnvironment } from './run-environment.js';
import { runGuard, runPreflight } from './run-gates.js';
import { runStep } from './run-step.js';
import { runUndo } from './run-undo.js';

export interface MachineOutcome { state: FinalState; context: RunContext }

export interface DriveOptions {
  /** Undo actions already finished before a crash (from the journal), skipped on recovery. */
  undoneActions?: ReadonlySet<string>;
}

/**
 * Binds the plan's named actors to the run environment and runs the machine to a
 * final state. Commands of a stopped actor (interrupted step) are awaited before the
 * outcome is returned, so nothing keeps running behind the journal's back.
 */
export function driveMachine(compile: (implementations: MachineImplementations) => CompiledMachine, baseEnv: RunEnvironment, options: DriveOptions = {}) {
  let interruptedBy: string | null = null;
  const env: RunEnvironment = { ...baseEnv, interruption: () => interruptedBy };
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    promise.then(() => inFlight.delete(promise), () => inFlight.delete(promise));
    return promise;
  };
  // The current step's own abort: an interrupt stops its command without leaving the state.
  let stepAbort = new AbortController();
  const machine = compile({
    runStep: fromPromise<StepOutput, { step: string; context: RunContext }>(({ input, signal }) => {
      const own = new AbortController();
      stepAbort = own;
      // Leaving the state (the actor's signal) stops the step too; cheaper than AbortSignal.any per step.
      signal.addEventListener('abort', () => own.abort(), { once: true });
      return track(runStep(env, input.step, input.context, own.signal));
    }),
    runUndo: fromPromise<void, { obligation: Obligation; context: RunContext }>(({ input, signal }) => track(runUndo(env, input.obligation, input.context, signal, options.undoneActions))),
    runGuard: fromPromise<GateOutput, { context: RunContext }>(({ input, signal }) => track(runGuard(env, input.context, signal))),
    runPreflight: fromPromise<GateOutput, { context: RunContext }>(({ input, signal }) => track(runPreflight(env, input.context, signal))),
    abortStep: () => { stepAbort.abort(); },
    journalRollbackStart: (context, reasonParam) => {
      const reason = reasonParam === 'interrupted' ? `interrupted by ${context.interrupted ?? 'a signal'}` : reasonParam;
      env.journal.append({ type: 'rollback-start', reason }, { durable: true });
      env.observer.note('warn', `rolling back: ${reason}`);
    },
  });
  const actor = createActor(machine);
  const done = new Promise<MachineOutcome>((resolve, reject) => {
    actor.subscribe({
      next: (snapshot) => {
        if (snapshot.status === 'done') resolve({ state: snapshot.value as FinalState, context: snapshot.context });
      },
      // A journal that fails inside an action stops the machine: what is in effect is in its last
      // snapshot, and the run's end reports it (journal-failed) instead of losing it in a crash.
      error: (error) => {
        if (isMirrorplanError(error) && error.code === 'JOURNAL_WRITE_FAILED') resolve({ state: 'rollbackFailed', context: actor.getSnapshot().context });
        else reject(error);
      },
    });
  });
  actor.start();
  return {
    /** First call: stop the current command and roll back (or pause); during rollback: finish the current undo, then pause. */
    interrupt(signal: string) { interruptedBy ??= signal; actor.send({ type: 'INTERRUPT', signal }); },
    async outcome(): Promise<MachineOutcome> {
      const result = await done;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      return result;
    },
  };
}
