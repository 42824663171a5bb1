import type { AnalyzedPlan } from '../analyze/analyze-plan.js';
import { END } from '../analyze/step-graph.js';
import { renderList, type RenderScope } from '../resolve/render-template.js';
import type { ResolvedBodyStep, ResolvedStep } from '../resolve/resolved-plan.js';
import { createMasker } from '../run/execute/create-masker.js';
import { conditionHolds, describeCondition, describeExpect, renderCommand, renderKnown, type PreviewCommand, type RenderContext, type UnknownReference } from './preview-render.js';
import { rollbackPathsAfter, type RollbackPath } from './preview-rollback.js';

export type StepMarker = 'mutating' | 'read-only' | 'decision' | 'operator';

export interface PreviewStep {
  id: string;
  kind: ResolvedStep['kind'];
  description: string | null;
  marker: StepMarker;
  command: PreviewCommand | null;
  wait: { until: string; intervalMs: number; deadlineMs: number } | null;
  choices: Array<{ when: string; next: string; taken: boolean | null }> | null;
  manual: { prompt: string; unknown: UnknownReference[] } | null;
  foreach: { items: string[] | null; source: string; concurrency: number; body: PreviewStep[]; perItem: Array<{ item: string; steps: PreviewStep[] }> } | null;
  /** What a rollback would run if the run stopped right after this step (one entry per path that can reach it). */
  rollback: RollbackPath[] | null;
  next: string[];
}

/** Foreach lists longer than this are summarized: preview is for reading. */
export const MAX_EXPANDED_ITEMS = 50;

/** Steps in execution order: file order, except that a step always comes after every step that leads to it. */
export function executionOrder(analyzed: AnalyzedPlan): string[] {
  const order = analyzed.graph.order.filter((id) => analyzed.graph.reachable.has(id));
  const indegree = new Map(order.map((id) => [id, 0]));
  for (const id of order) for (const n of analyzed.graph.successors[id] ?? []) if (indegree.has(n)) indegree.set(n, (indegree.get(n) ?? 0) + 1);
  const out: string[] = [];
  const ready = order.filter((id) => indegree.get(id) === 0);
  while (ready.length) {
    ready.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const id = ready.shift() as string;
    out.push(id);
    for (const n of analyzed.graph.successors[id] ?? []) {
      if (!indegree.has(n)) continue;
      indegree.set(n, (indegree.get(n) ?? 1) - 1);
      if (indegree.get(n) === 0) ready.push(n);
    }
  }
  return out.length === order.length ? out : order;
}

function bodyStep(step: ResolvedBodyStep, context: RenderContext, foreach: string | null): PreviewStep {
  const base = { id: step.id, kind: step.kind, description: step.description, choices: null, manual: null, foreach: null, rollback: null, next: [] };
  const command = renderCommand(step.action, context, foreach);
  if (step.kind === 'wait') {
    return { ...base, marker: 'read-only', command, wait: { until: describeExpect(step.wait.until), intervalMs: step.wait.intervalMs, deadlineMs: step.wait.deadlineMs } };
  }
  return { ...base, marker: step.readOnly ? 'read-only' : 'mutating', command, wait: null };
}

function previewStep(analyzed: AnalyzedPlan, step: ResolvedStep, context: RenderContext): PreviewStep {
  const next = (analyzed.graph.successors[step.id] ?? [END]);
  switch (step.kind) {
    case 'task':
    case 'wait': {
      const shown = bodyStep(step, context, null);
      return { ...shown, next, rollback: shown.marker === 'mutating' ? rollbackPathsAfter(analyzed, step.id, context) : null };
    }
    case 'choice': {
      // The first condition that holds decides; an unknown one makes every later branch uncertain.
      const choices: Array<{ when: string; next: string; taken: boolean | null }> = [];
      let state: 'open' | 'uncertain' | 'decided' = 'open';
      const following = next.find((n) => !step.choices.some((c) => c.next === n)) ?? END;
      for (const c of [...step.choices, { when: null, next: step.default ?? following }]) {
        const unknown: UnknownReference[] = [];
        const when = c.when ? describeCondition(c.when, context, unknown) : 'otherwise';
        const holds = !c.when ? true : conditionHolds(c.when, context);
        const taken = state === 'decided' || holds === false ? false : state === 'uncertain' || holds === null ? null : true;
        if (holds === true) state = state === 'open' ? 'decided' : state === 'uncertain' ? 'decided' : state;
        else if (holds === null && state === 'open') state = 'uncertain';
        choices.push({ when, next: c.next, taken });
      }
      return { id: step.id, kind: 'choice', description: step.description, marker: 'decision', command: null, wait: null, choices, manual: null, foreach: null, rollback: null, next };
    }
    case 'manual': {
      const unknown: UnknownReference[] = [];
      const prompt = context.mask(renderKnown(step.prompt, context, unknown));
      return { id: step.id, kind: 'manual', description: step.description, marker: 'operator', command: null, wait: null, choices: null, manual: { prompt, unknown }, foreach: null, rollback: null, next };
    }
    case 'foreach': {
      const items = renderList(step.items, context.scope);
      const source = Array.isArray(step.items) ? JSON.stringify(step.items) : step.items;
      const body = step.steps.map((s) => bodyStep(s, context, step.id));
      const perItem = (items ?? []).slice(0, MAX_EXPANDED_ITEMS).map((item) => {
        const itemContext: RenderContext = { ...context, scope: { ...context.scope, item } };
        return { item: context.mask(item), steps: step.steps.map((s) => bodyStep(s, itemContext, step.id)) };
      });
      const mutating = body.some((b) => b.marker === 'mutating');
      return {
        id: step.id, kind: 'foreach', description: step.description, marker: mutating ? 'mutating' : 'read-only', command: null, wait: null, choices: null, manual: null,
        foreach: { items: items ? items.map(context.mask) : null, source, concurrency: step.concurrency, body, perItem },
        rollback: mutating ? rollbackPathsAfter(analyzed, step.id, context) : null, next,
      };
    }
  }
}

export function renderContextOf(analyzed: AnalyzedPlan, guardCaptures: RenderScope['captures'][string] | null, guardRan: boolean): RenderContext {
  return {
    plan: analyzed.plan,
    scope: { params: analyzed.plan.params, captures: guardCaptures ? { guard: guardCaptures } : {}, item: null, run: null },
    mask: createMasker(analyzed.plan),
    guardRan,
  };
}

/** Every reachable step in execution order, rendered as far as the known values allow. */
export function previewSteps(analyzed: AnalyzedPlan, context: RenderContext): PreviewStep[] {
  const byId = new Map(analyzed.plan.steps.map((s) => [s.id, s]));
  return executionOrder(analyzed).flatMap((id) => { const s = byId.get(id); return s ? [previewStep(analyzed, s, context)] : []; });
}
