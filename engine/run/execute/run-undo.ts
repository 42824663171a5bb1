import type { Obligation } from '../../compile/obligations.js';
import type { RunContext } from '../../compile/run-context.js';
import type { ResolvedTaskStep, ResolvedUndo } from '../../resolve/resolved-plan.js';
import { pollUntil, runAction } from './run-action.js';
import type { RunEnvironment } from './run-environment.js';
import { scopeOf } from './run-step.js';

/** One undo action to run: which step (and foreach item) it reverses, and its index in that step's undo list. */
export interface UndoUnit { step: ResolvedTaskStep; item: string | null; index: number; action: ResolvedUndo }

export const undoKey = (step: string, item: string | null, index: number) => `${step}|${item ?? ''}|${index}`;

/** The undo actions of an obligation in the order they run: items newest first, body steps newest first, actions in order. */
export function undoUnitsOf(env: Pick<RunEnvironment, 'plan'>, obligation: Obligation): UndoUnit[] {
  const step = env.plan.steps.find((s) => s.id === obligation.step);
  const units: UndoUnit[] = [];
  const add = (task: ResolvedTaskStep, item: string | null) => task.undo.forEach((action, index) => units.push({ step: task, item, index, action }));
  if (step?.kind === 'task') add(step, null);
  if (step?.kind === 'foreach') {
    for (const entry of [...obligation.items].reverse()) {
      for (const id of [...entry.steps].reverse()) {
        const body = step.steps.find((s) => s.id === id);
        if (body?.kind === 'task') add(body, entry.item);
      }
    }
  }
  return units;
}

/** The runUndo actor's body. `alreadyDone` (from the journal, on resume) skips actions that finished before a crash. */
export async function runUndo(env: RunEnvironment, obligation: Obligation, context: RunContext, signal: AbortSignal, alreadyDone: ReadonlySet<string> = new Set()): Promise<void> {
  // A second interrupt lets the current undo finish: its commands must not be killed by the run's abort.
  void signal;
  const never = new AbortController().signal;
  for (const unit of undoUnitsOf(env, obligation)) {
    if (alreadyDone.has(undoKey(unit.step.id, unit.item, unit.index))) continue;
    const itemField = unit.item === null ? {} : { item: unit.item };
    const started = env.clock.now();
    const hooks = {
      beforeAttempt: (attempt: number, rendered: { display: string; host: string }) => {
        env.journal.append({ type: 'undo-start', step: unit.step.id, ...itemField, action: unit.index, extra: { attempt, host: rendered.host, argvDisplay: rendered.display } }, { durable: true });
        env.observer.stepStarted({ step: unit.step.id, item: unit.item, host: rendered.host, display: rendered.display, attempt, phase: 'undo' });
      },
      // Recovery after a crash waits for this process group before it runs the undo again.
      onSpawn: (info: { pid: number; pgid: number; startTime: string | null }) => {
        env.journal.append({ type: 'undo-spawned', step: unit.step.id, ...itemField, action: unit.index, pid: info.pid, pgid: info.pgid, startTime: info.startTime }, { durable: false });
      },
    };
    const scope = scopeOf(env, context, unit.item);
    const outcome = unit.action.kind === 'wait' && unit.action.wait
      ? await pollUntil(env, unit.action, scope, unit.action.wait, hooks, never)
      : await runAction(env, unit.action, scope, hooks, never);
    const ok = outcome.evaluation.ok;
    env.journal.append({ type: 'undo-end', step: unit.step.id, ...itemField, action: unit.index, outcome: ok ? 'ok' : 'failed', error: ok ? null : outcome.evaluation.reason }, { durable: !ok });
    env.observer.stepFinished({ step: unit.step.id, item: unit.item, host: outcome.rendered.host, ok, durationMs: env.clock.now() - started, detail: outcome.evaluation.reason, phase: 'undo' });
    if (!ok) throw new Error(`undo ${unit.index + 1} of step ${unit.step.id}${unit.item === null ? '' : ` [${unit.item}]`} on ${outcome.rendered.host} failed: ${outcome.evaluation.reason}`);
  }
}
