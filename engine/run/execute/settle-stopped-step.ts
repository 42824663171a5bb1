import type { RenderScope } from '../../resolve/render-template.js';
import type { ResolvedBodyStep } from '../../resolve/resolved-plan.js';
import type { CommandResult } from '../transport/transport.js';
import { runAction } from './run-action.js';
import { probeAnswered } from './run-gates.js';
import type { RunEnvironment } from './run-environment.js';

/**
 * Whether a stopped step's effect exists: true/false by its check probe; 'unknown' when it
 * has no check (its undo runs anyway, to be safe); null when the step stays in doubt for
 * `resume` (paused by an interrupt) or there is nothing to undo.
 */
export type StoppedEffect = true | false | 'unknown' | null;

/**
 * A task whose command was stopped part-way (timeout, interrupt, a failed sibling in a
 * foreach) may have done its work: DESIGN calls it in doubt. Before the rollback, its
 * check probe says whether the effect exists, and if so its obligation is opened so the
 * rollback undoes it too.
 */
export async function settleStoppedStep(env: RunEnvironment, step: ResolvedBodyStep, result: CommandResult, scope: RenderScope, item: string | null): Promise<StoppedEffect> {
  // A command whose spawner died ended in a way nobody saw: in doubt like one stopped part-way.
  const stopped = result.timedOut || result.aborted || result.stillRunning === true || result.lost !== undefined;
  // A step that only resolves (no undo of its own) matters too: if it took effect, the obligations it closes must not be undone again.
  if (!stopped || step.kind !== 'task' || (step.undo.length === 0 && step.resolves.length === 0)) return null;
  const label = `step ${step.id}${item === null ? '' : ` [${item}]`}`;
  if (!step.check) {
    // Without a check a resolving step is taken as not done: the undo of what it would close runs, which is the safe side.
    if (step.undo.length === 0) return null;
    if (result.aborted && env.interruption?.() && env.plan.onInterrupt === 'pause') return null;
    env.observer.note('warn', `${label} was stopped part-way and has no check probe: its undo will run in case it took effect`);
    return 'unknown';
  }
  const started = env.clock.now();
  // The run's own signal may already be aborted (interrupt): the probe needs a live one.
  const outcome = await runAction(env, step.check, scope, {
    beforeAttempt: (attempt, rendered) => env.observer.stepStarted({ step: `check ${step.id}`, item, host: rendered.host, display: rendered.display, attempt, phase: 'probe' }),
  }, new AbortController().signal);
  if (!probeAnswered(outcome.result)) {
    // No answer is not a "no": taking it for one would skip the undo of a change that may exist.
    env.observer.stepFinished({ step: `check ${step.id}`, item, host: outcome.rendered.host, ok: false, durationMs: env.clock.now() - started, detail: env.mask(outcome.evaluation.reason), phase: 'probe' });
    if (step.undo.length === 0) return null;
    env.observer.note('warn', `${label} was stopped part-way and its check probe gave no answer (${env.mask(outcome.evaluation.reason)}): its undo will run in case it took effect`);
    return 'unknown';
  }
  const effect = outcome.evaluation.ok;
  env.observer.stepFinished({ step: `check ${step.id}`, item, host: outcome.rendered.host, ok: true, durationMs: env.clock.now() - started, detail: effect ? 'effect exists' : 'no effect', phase: 'probe' });
  env.observer.note(effect ? 'warn' : 'info', `${label} was stopped part-way; its check says the effect ${effect ? 'exists: it will be undone' : 'does not exist'}`);
  return effect;
}
