import { createActor, fromPromise } from 'xstate';
import type { CompiledMachine } from '../../compile/compile-machine.js';
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
export function driveMachine(machine: CompiledMachine, baseEnv: RunEnvironment, options: DriveOptions = {}) {
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
  const provided = machine.provide({
    actors: {
      runStep: fromPromise<StepOutput, { step: string; context: RunContext }>(({ input, signal }) => {
        stepAbort = new AbortController();
        return track(runStep(env, input.step, input.context, AbortSignal.any([signal, stepAbort.signal])));
      }),
      runUndo: fromPromise<void, { obligation: Obligation; context: RunContext }>(({ input, signal }) => track(runUndo(env, input.obligation, input.context, signal, options.undoneActions))),
      runGuard: fromPromise<GateOutput, { context: RunContext }>(({ input, signal }) => track(runGuard(env, input.context, signal))),
      runPreflight: fromPromise<GateOutput, { context: RunContext }>(({ input, signal }) => track(runPreflight(env, input.context, signal))),
    },
    actions: {
      abortStep: () => { stepAbort.abort(); },
      journalRollbackStart: ({ context }, params: { reason: string }) => {
        const reason = params.reason === 'interrupted' ? `interrupted by ${context.interrupted ?? 'a signal'}` : params.reason;
        env.journal.append({ type: 'rollback-start', reason }, { durable: true });
        env.observer.note('warn', `rolling back: ${reason}`);
      },
    },
  });
  const actor = createActor(provided);
  const done = new Promise<MachineOutcome>((resolve, reject) => {
    actor.subscribe({
      next: (snapshot) => {
        if (snapshot.status === 'done') resolve({ state: snapshot.value as FinalState, context: snapshot.context });
      },
      error: reject,
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
