import type { ResolvedStep } from '../resolve/resolved-plan.js';

export const END = 'end';

/** The forward control flow between top-level steps. */
export interface StepGraph {
  order: string[];
  successors: Record<string, string[]>;
  /** Steps in an order where every step comes after all its predecessors (null when there is a cycle). */
  topological: string[] | null;
  reachable: Set<string>;
  cycle: string[] | null;
}

export function successorsOf(step: ResolvedStep, following: string): string[] {
  if (step.kind === 'choice') return [...new Set([...step.choices.map((c) => c.next), step.default ?? following])];
  return [step.next ?? following];
}

export function buildStepGraph(steps: readonly ResolvedStep[]): StepGraph {
  const order = steps.map((s) => s.id);
  const successors: Record<string, string[]> = {};
  steps.forEach((step, i) => { successors[step.id] = successorsOf(step, steps[i + 1]?.id ?? END); });
  const reachable = new Set<string>();
  const stack = order.length ? [order[0] as string] : [];
  while (stack.length) {
    const id = stack.pop() as string;
    if (reachable.has(id) || !(id in successors)) continue;
    reachable.add(id);
    stack.push(...(successors[id] ?? []));
  }
  // Depth-first search for a cycle; plans are DAGs (waits do the polling, so loops are never needed).
  const state = new Map<string, 'open' | 'done'>();
  const post: string[] = [];
  let cycle: string[] | null = null;
  const visit = (id: string, trail: string[]) => {
    if (cycle || !(id in successors)) return;
    if (state.get(id) === 'open') { cycle = [...trail.slice(trail.indexOf(id)), id]; return; }
    if (state.get(id) === 'done') return;
    state.set(id, 'open');
    for (const next of successors[id] ?? []) visit(next, [...trail, id]);
    state.set(id, 'done');
    post.push(id);
  };
  for (const id of order) visit(id, []);
  return { order, successors, topological: cycle ? null : post.reverse(), reachable, cycle };
}

/** For each step, the steps that have certainly completed before it starts (intersection over all paths). */
export function completedBefore(graph: StepGraph): Record<string, Set<string>> {
  const result: Record<string, Set<string>> = {};
  if (!graph.topological) return result;
  const predecessors: Record<string, string[]> = {};
  for (const [id, next] of Object.entries(graph.successors)) for (const n of next) (predecessors[n] ??= []).push(id);
  for (const id of graph.topological) {
    const preds = (predecessors[id] ?? []).filter((p) => graph.reachable.has(p));
    if (preds.length === 0) { result[id] = new Set(); continue; }
    const sets = preds.map((p) => new Set([...(result[p] ?? []), p]));
    result[id] = new Set([...(sets[0] ?? [])].filter((x) => sets.every((s) => s.has(x))));
  }
  return result;
}
