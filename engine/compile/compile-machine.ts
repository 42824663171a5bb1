import { assign, fromPromise, setup } from 'xstate';
import type { AnalyzedPlan } from '../analyze/analyze-plan.js';
import { END } from '../analyze/step-graph.js';
import type { Obligation } from './obligations.js';
import { computeRollbackEdges } from './rollback-edges.js';
import { stepState, undoState, type GateOutput, type RunContext, type RunEvent, type StepFailure, type StepOutput } from './run-context.js';

export interface StepActorInput { step: string; context: RunContext }
export interface UndoActorInput { obligation: Obligation; context: RunContext }

/** What the machine does, bound by name: the run stage supplies it; graph and preview draw the machine without. */
export interface MachineImplementations {
  runStep: ActorLogic<StepOutput, StepActorInput>;
  runUndo: ActorLogic<void, UndoActorInput>;
  runGuard: ActorLogic<GateOutput, { context: RunContext }>;
  runPreflight: ActorLogic<GateOutput, { context: RunContext }>;
  abortStep(): void;
  journalRollbackStart(context: RunContext, reason: string): void;
}
type ActorLogic<Output, Input> = ReturnType<typeof fromPromise<Output, Input>>;

export interface CompileOptions {
  /** Where a resumed run starts: a step state, `rollback`, or the default (guard / preflight / first step). */
  initial?: string;
  context?: Partial<RunContext>;
  /**
   * Given here rather than with machine.provide(): provide builds every state node again,
   * ~30 ms for a 1000-step plan (see README "Benchmarks").
   */
  implementations?: MachineImplementations;
}

const notBound = <Output, Input>(name: string) => fromPromise<Output, Input>(async () => { throw new Error(`actor ${name} is not provided`); });
const UNBOUND: MachineImplementations = {
  runStep: notBound('runStep'), runUndo: notBound('runUndo'), runGuard: notBound('runGuard'), runPreflight: notBound('runPreflight'),
  abortStep: () => undefined, journalRollbackStart: () => undefined,
};

/**
 * Compiles an analyzed plan into an xstate machine: one state per step, guarded edges for
 * choices, and one undo state per obligation holder with the rollback edges precomputed
 * from every forward path. Implementations are bound by name; the run stage provides them.
 */
export function compileMachine(analyzed: AnalyzedPlan, options: CompileOptions = {}) {
  const plan = analyzed.plan;
  const edges = computeRollbackEdges(analyzed);
  const first = plan.steps[0]?.id ?? END;
  const afterPreflight = stepState(first);
  const afterGuard = plan.preflight.length > 0 ? 'preflight' : afterPreflight;
  const defaultInitial = plan.guard ? 'guard' : afterGuard;
  const target = (id: string) => (id === END ? 'succeeded' : stepState(id));

  // `popping`: taken when an undo is done, so its obligation is still counted (guards run before actions).
  const toUndo = (candidates: string[], popping = 0) => [
    { guard: { type: 'stopRequested', params: { popping } }, target: 'paused' },
    ...candidates.map((id) => ({ guard: { type: 'topIs', params: { step: id } }, target: undoState(id) })),
    { guard: 'hasObligations', target: 'rollback' },
    { target: 'rolledBack' },
  ];
  // An interrupt never leaves a step state by itself: it aborts the step's command and the
  // step ends through onError (or onDone if it finished first), so the step's end, and its
  // in-doubt check, are journaled before the rollback starts or the run pauses.
  const pauses = plan.onInterrupt === 'pause';
  // On the root, for every step state (the gates and undo states answer it themselves): one
  // transition instead of one per step keeps a big plan's machine small.
  const onInterrupt = { INTERRUPT: { actions: ['markInterrupted', 'abortStep'] as const } };
  const afterInterrupt = (first: string) => ({
    guard: 'wasInterrupted', target: pauses ? 'paused' : 'rollback',
    actions: pauses ? [first] : [first, { type: 'journalRollbackStart', params: { reason: 'interrupted' } }],
  });
  const states: Record<string, unknown> = {
    succeeded: { type: 'final' },
    rolledBack: { type: 'final' },
    rollbackFailed: { type: 'final' },
    declined: { type: 'final' },
    preflightFailed: { type: 'final' },
    paused: { type: 'final' },
    rollback: { always: toUndo(edges.holders) },
  };
  if (plan.guard) {
    states.guard = {
      invoke: { src: 'runGuard', input: ({ context }: { context: RunContext }) => ({ context }),
        onDone: [{ guard: 'gatePassed', target: afterGuard, actions: 'storeGateCaptures' }, { target: 'declined', actions: 'storeGateDetail' }],
        onError: { target: 'preflightFailed', actions: 'storeError' } },
      on: { INTERRUPT: { target: 'preflightFailed', actions: ['markInterrupted', 'noteInterruptedBeforeChange'] } },
    };
  }
  if (plan.preflight.length > 0) {
    states.preflight = {
      invoke: { src: 'runPreflight', input: ({ context }: { context: RunContext }) => ({ context }),
        onDone: [{ guard: 'gatePassed', target: afterPreflight }, { target: 'preflightFailed', actions: 'storeGateDetail' }],
        onError: { target: 'preflightFailed', actions: 'storeError' } },
      on: { INTERRUPT: { target: 'preflightFailed', actions: ['markInterrupted', 'noteInterruptedBeforeChange'] } },
    };
  }
  for (const step of plan.steps) {
    const successors = analyzed.graph.successors[step.id] ?? [END];
    states[stepState(step.id)] = {
      invoke: {
        src: 'runStep',
        input: ({ context }: { context: RunContext }) => ({ step: step.id, context }),
        onDone: [afterInterrupt('applyStepOutput'), ...successors.map((next) => ({
          guard: { type: 'nextIs', params: { next } }, target: target(next), actions: 'applyStepOutput',
        }))],
        onError: [afterInterrupt('applyStepFailure'),
          { target: 'rollback', actions: ['applyStepFailure', { type: 'journalRollbackStart', params: { reason: `step ${step.id} failed` } }] }],
      },
    };
  }
  for (const id of edges.holders) {
    states[undoState(id)] = {
      invoke: {
        src: 'runUndo',
        input: ({ context }: { context: RunContext }) => ({ obligation: context.obligations[context.obligations.length - 1], context }),
        onDone: toUndo(edges.below[id] ?? [], 1).map((t) => ({ ...t, actions: 'popObligation' })),
        onError: { target: 'rollbackFailed', actions: 'storeError' },
      },
      on: { INTERRUPT: { actions: 'requestStop' } },
    };
  }

  const initialContext: RunContext = {
    captures: {}, obligations: [], failure: null, stopAfterUndo: false, interrupted: null, outcomeDetail: null, ...options.context,
  };
  const implementations = options.implementations ?? UNBOUND;
  return setup({
    types: { context: {} as RunContext, events: {} as RunEvent },
    actors: {
      runStep: implementations.runStep,
      runUndo: implementations.runUndo,
      runGuard: implementations.runGuard,
      runPreflight: implementations.runPreflight,
    },
    guards: {
      nextIs: ({ event }, params: { next: string }) => (event as unknown as { output: StepOutput }).output.next === params.next,
      gatePassed: ({ event }) => (event as unknown as { output: GateOutput }).output.passed,
      topIs: ({ context }, params: { step: string }) => context.obligations[context.obligations.length - 1]?.step === params.step,
      hasObligations: ({ context }) => context.obligations.length > 0,
      // A second signal pauses between undos; after the last one there is nothing to pause for.
      stopRequested: ({ context }, params: { popping: number }) => context.stopAfterUndo && context.obligations.length > params.popping,
      wasInterrupted: ({ context }) => context.interrupted !== null,
    },
    actions: {
      journalRollbackStart: ({ context }, params: { reason: string }) => implementations.journalRollbackStart(context, params.reason),
      abortStep: () => implementations.abortStep(),
      applyStepOutput: assign(({ context, event }) => {
        const output = (event as unknown as { output: StepOutput }).output;
        const resolved = new Set(output.resolved ?? []);
        const obligations = context.obligations.filter((o) => !resolved.has(o.step) && o.step !== output.opened?.step);
        if (output.opened) obligations.push(output.opened);
        // Only a step that captured something adds an entry (as journal replay does): copying the
        // whole map for every step made a run quadratic in its length (~1 ms/step at 1000 steps).
        const captures = output.captures && Object.keys(output.captures).length > 0 ? { ...context.captures, [output.step]: output.captures } : context.captures;
        return { obligations, captures };
      }),
      applyStepFailure: assign(({ context, event }) => {
        const failure = (event as unknown as { error: StepFailure | Error }).error;
        const structured = 'step' in failure ? failure : { step: '?', message: failure.message };
        const closed = new Set('resolved' in structured ? structured.resolved ?? [] : []);
        const open = context.obligations.filter((o) => !closed.has(o.step));
        return {
          failure: { step: structured.step, message: structured.message },
          obligations: 'opened' in structured && structured.opened
            ? [...open.filter((o) => o.step !== structured.opened?.step), structured.opened] : open,
        };
      }),
      popObligation: assign(({ context }) => ({ obligations: context.obligations.slice(0, -1) })),
      storeError: assign(({ event }) => ({ outcomeDetail: String((event as unknown as { error: Error }).error?.message ?? (event as unknown as { error: unknown }).error) })),
      storeGateDetail: assign(({ event }) => ({ outcomeDetail: (event as unknown as { output: GateOutput }).output.detail })),
      storeGateCaptures: assign(({ context, event }) => {
        const captures = (event as unknown as { output: GateOutput }).output.captures;
        return captures ? { captures: { ...context.captures, guard: captures } } : {};
      }),
      markInterrupted: assign(({ event }) => ({ interrupted: (event as RunEvent).signal })),
      // Stopped during the guard or preflight: nothing was changed, so this is not a rollback.
      noteInterruptedBeforeChange: assign(({ event }) => ({ outcomeDetail: `interrupted by ${(event as RunEvent).signal} before any change` })),
      requestStop: assign(() => ({ stopAfterUndo: true })),
    },
  }).createMachine({
    id: plan.name,
    initial: options.initial ?? defaultInitial,
    context: initialContext,
    on: onInterrupt,
    // The states are generated from the plan, so their literal types cannot be known statically.
    states: states as never,
  });
}

export type CompiledMachine = ReturnType<typeof compileMachine>;
