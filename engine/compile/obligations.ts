import type { ResolvedPlan, ResolvedStep } from '../resolve/resolved-plan.js';

/**
 * An open obligation: a completed step whose undo must run if the run stops. For a
 * foreach, one obligation holds every item's completed body steps that have an undo.
 */
export interface Obligation {
  step: string;
  items: Array<{ item: string; steps: string[] }>;
}

/** Steps of a foreach item that still need undoing, given the body steps completed in order. */
export function openBodySteps(foreach: Extract<ResolvedStep, { kind: 'foreach' }>, completed: readonly string[]): string[] {
  const open: string[] = [];
  for (const id of completed) {
    const body = foreach.steps.find((s) => s.id === id);
    if (!body || body.kind !== 'task') continue;
    for (const r of body.resolves) { const at = open.indexOf(r); if (at >= 0) open.splice(at, 1); }
    if (body.undo.length > 0 && !open.includes(id)) open.push(id);
  }
  return open;
}

/** The stack after a top-level step completed: resolves close earlier obligations, an undo opens one. */
export function applyCompletedStep(stack: readonly Obligation[], step: ResolvedStep, foreachItems?: Array<{ item: string; completed: string[] }>): Obligation[] {
  let next = [...stack];
  if (step.kind === 'task') {
    // Filtering the step itself too: a step in doubt may already hold its obligation.
    next = next.filter((o) => !step.resolves.includes(o.step) && o.step !== step.id);
    if (step.undo.length > 0) next.push({ step: step.id, items: [] });
  }
  if (step.kind === 'foreach' && foreachItems) {
    const items = foreachItems.map((i) => ({ item: i.item, steps: openBodySteps(step, i.completed) })).filter((i) => i.steps.length > 0);
    if (items.length > 0) next.push({ step: step.id, items });
  }
  return next;
}

export function findStep(plan: ResolvedPlan, id: string): ResolvedStep | undefined {
  return plan.steps.find((s) => s.id === id);
}
