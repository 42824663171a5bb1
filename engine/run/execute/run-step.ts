import { capturesForJournal } from './keep-secret-captures.js';
import { END } from '../../analyze/step-graph.js';
import { evaluateCondition } from '../../compile/evaluate-condition.js';
import { openBodySteps, type Obligation } from '../../compile/obligations.js';
import type { RunContext, StepFailure, StepOutput } from '../../compile/run-context.js';
import { renderList, renderTemplate, type CaptureValue, type RenderScope } from '../../resolve/render-template.js';
import type { ResolvedBodyStep, ResolvedForeachStep, ResolvedStep } from '../../resolve/resolved-plan.js';
import { pollUntil, runAction, type ActionOutcome } from './run-action.js';
import type { RunEnvironment } from './run-environment.js';
import { settleStoppedStep } from './settle-stopped-step.js';

export function scopeOf(env: RunEnvironment, context: Pick<RunContext, 'captures'>, item: string | null = null): RenderScope {
  return { params: env.plan.params, captures: context.captures, item, run: env.run };
}

/** Position of each step id (first occurrence), built once per plan: a linear search per step made runs quadratic. */
const stepPositions = new WeakMap<readonly ResolvedStep[], Map<string, number>>();
function positionOf(steps: readonly ResolvedStep[], id: string): number {
  let positions = stepPositions.get(steps);
  if (!positions) {
    positions = new Map();
    for (const [i, s] of steps.entries()) if (!positions.has(s.id)) positions.set(s.id, i);
    stepPositions.set(steps, positions);
  }
  return positions.get(id) ?? -1;
}

function followingStep(env: RunEnvironment, step: ResolvedStep): string {
  const index = positionOf(env.plan.steps, step.id);
  return step.next ?? env.plan.steps[index + 1]?.id ?? END;
}

const fail = (step: string, message: string, opened: Obligation | null = null): StepFailure => ({ step, message, opened });

/** Runs one task or wait (a top-level step or one foreach item's), journaling it; returns captures or throws a StepFailure. */
async function runCommandStep(env: RunEnvironment, step: ResolvedBodyStep, scope: RenderScope, item: string | null, signal: AbortSignal): Promise<Record<string, CaptureValue>> {
  const started = env.clock.now();
  const itemField = item === null ? {} : { item };
  const hooks = {
    beforeAttempt: (attempt: number, rendered: { display: string; host: string }) => {
      env.journal.append({ type: 'step-start', step: step.id, ...itemField, attempt, host: rendered.host, argvDisplay: rendered.display }, { durable: true });
      env.observer.stepStarted({ step: step.id, item, host: rendered.host, display: rendered.display, attempt, phase: 'forward' });
    },
    onSpawn: (info: { pid: number; pgid: number; startTime: string | null }) => {
      env.journal.append({ type: 'step-spawned', step: step.id, ...itemField, pid: info.pid, pgid: info.pgid, startTime: info.startTime }, { durable: false });
    },
  };
  const outcome: ActionOutcome = step.kind === 'wait'
    ? await pollUntil(env, step.action, scope, step.wait, hooks, signal)
    : await runAction(env, step.action, scope, hooks, signal);
  const { evaluation, result } = outcome;
  env.observer.stepFinished({ step: step.id, item, host: outcome.rendered.host, ok: evaluation.ok, durationMs: env.clock.now() - started, detail: evaluation.reason, phase: 'forward' });
  const effect = evaluation.ok ? null : await settleStoppedStep(env, step, result, scope, item);
  const { captures, secret } = capturesForJournal(env.run.dir, step.id, evaluation.captures, env.mask);
  const extra = { ...(result.aborted ? { interrupted: true } : {}), ...(effect === null ? {} : { effect }) };
  // Durable when failed: the rollback that follows depends on what this record says.
  env.journal.append({
    type: 'step-end', step: step.id, ...itemField, outcome: evaluation.ok ? 'ok' : 'failed', exitCode: result.exitCode,
    captures: captures as Record<string, string>, ...(secret ? { secretCaptures: true as const } : {}), error: evaluation.ok ? null : evaluation.reason,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  }, { durable: !evaluation.ok });
  if (!evaluation.ok) {
    const opened = (effect === true || effect === 'unknown') && step.kind === 'task' && step.undo.length > 0 ? { step: step.id, items: [] } : null;
    const resolved = effect === true && step.kind === 'task' && item === null ? step.resolves : [];
    throw { ...fail(step.id, `step ${step.id}${item === null ? '' : ` [${item}]`} on ${outcome.rendered.host}: ${evaluation.reason}`, item === null ? opened : null), effect, resolved };
  }
  return evaluation.captures;
}

async function runForeach(env: RunEnvironment, step: ResolvedForeachStep, context: RunContext, signal: AbortSignal): Promise<Obligation | null> {
  const items = renderList(step.items, scopeOf(env, context));
  if (!items) throw fail(step.id, `foreach ${step.id}: its items ${JSON.stringify(step.items)} have no value`);
  const inner = new AbortController();
  const stop = () => inner.abort();
  signal.addEventListener('abort', stop, { once: true });
  const completed = new Map<string, string[]>();
  let firstFailure: StepFailure | null = null;
  let next = 0;
  const worker = async () => {
    while (next < items.length && !inner.signal.aborted) {
      const item = items[next++] as string;
      const prior = context.foreachProgress?.[step.id]?.[item] ?? [];
      const done: string[] = [...prior];
      completed.set(item, done);
      const captures: Record<string, Record<string, CaptureValue>> = { ...context.captures };
      for (const body of step.steps) {
        if (inner.signal.aborted) return;
        if (prior.includes(body.id)) continue;
        try {
          captures[body.id] = await runCommandStep(env, body, scopeOf(env, { captures }, item), item, inner.signal);
          done.push(body.id);
        } catch (error) {
          // A body step stopped part-way whose effect exists (or cannot be checked) is undone with the item.
          const effect = (error as StepFailure).effect;
          if (effect === true || effect === 'unknown') done.push(body.id);
          firstFailure ??= error as StepFailure;
          inner.abort();
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(step.concurrency, items.length) }, worker));
  signal.removeEventListener('abort', stop);
  const opened: Obligation = {
    step: step.id,
    items: [...completed.entries()].map(([item, done]) => ({ item, steps: openBodySteps(step, done) })).filter((i) => i.steps.length > 0),
  };
  const obligation = opened.items.length > 0 ? opened : null;
  if (firstFailure || signal.aborted) throw fail(step.id, (firstFailure as StepFailure | null)?.message ?? `foreach ${step.id} interrupted`, obligation);
  env.journal.append({ type: 'step-end', step: step.id, outcome: 'ok', exitCode: null, captures: {}, error: null }, { durable: false });
  return obligation;
}

/** The runStep actor's body: one forward step of any kind. */
export async function runStep(env: RunEnvironment, stepId: string, context: RunContext, signal: AbortSignal): Promise<StepOutput> {
  const step = env.plan.steps[positionOf(env.plan.steps, stepId)];
  if (!step) throw fail(stepId, `unknown step ${stepId}`);
  switch (step.kind) {
    case 'task': {
      const captures = await runCommandStep(env, step, scopeOf(env, context), null, signal);
      return { step: step.id, next: followingStep(env, step), captures, opened: step.undo.length > 0 ? { step: step.id, items: [] } : null, resolved: step.resolves };
    }
    case 'wait':
      return { step: step.id, next: followingStep(env, step), captures: await runCommandStep(env, step, scopeOf(env, context), null, signal) };
    case 'choice': {
      const scope = scopeOf(env, context);
      const chosen = step.choices.find((c) => evaluateCondition(c.when, scope));
      const next = chosen?.next ?? step.default ?? followingStep(env, { ...step, next: null });
      env.journal.append({ type: 'step-end', step: step.id, outcome: 'ok', exitCode: null, captures: {}, error: null, extra: { next } }, { durable: false });
      env.observer.note('info', `choice ${step.id}: going to ${next}`);
      return { step: step.id, next };
    }
    case 'manual': {
      const prompt = renderTemplate(step.prompt, scopeOf(env, context));
      env.journal.append({ type: 'step-start', step: step.id, attempt: 1, host: 'operator', argvDisplay: `confirm: ${env.mask(prompt)}` }, { durable: true });
      let confirmed: boolean;
      try { confirmed = await env.operator.confirm(env.mask(prompt), signal); } catch (error) { confirmed = false; env.observer.note('error', (error as Error).message); }
      env.journal.append({ type: 'step-end', step: step.id, outcome: confirmed ? 'ok' : 'failed', exitCode: null, captures: {}, error: confirmed ? null : 'not confirmed' }, { durable: false });
      if (!confirmed) throw fail(step.id, `manual step ${step.id} was not confirmed`);
      return { step: step.id, next: followingStep(env, step) };
    }
    case 'foreach':
      return { step: step.id, next: followingStep(env, step), opened: await runForeach(env, step, context, signal) };
  }
}
