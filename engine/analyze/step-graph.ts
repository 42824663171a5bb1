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
  // One trail, pushed and popped: a copy per level made a 5000-step plan allocate ~100 MB.
  const trail: string[] = [];
  const visit = (id: string) => {
    if (cycle || !(id in successors)) return;
    if (state.get(id) === 'open') { cycle = [...trail.slice(trail.indexOf(id)), id]; return; }
    if (state.get(id) === 'done') return;
    state.set(id, 'open');
    trail.push(id);
    for (const next of successors[id] ?? []) visit(next);
    trail.pop();
    state.set(id, 'done');
    post.push(id);
  };
  for (const id of order) visit(id);
  return { order, successors, topological: cycle ? null : post.reverse(), reachable, cycle };
}

/**
 * "Has step a certainly completed when step b starts?" — true when a dominates b: every
 * path from the first step to b passes through a. Built as a dominator tree in linear
 * time over the DAG (a set per step was quadratic: ~100 ms and much GC at 1000 steps).
 */
export interface CompletedBefore { (a: string, b: string): boolean }

export function completedBefore(graph: StepGraph): CompletedBefore {
  if (!graph.topological || graph.order.length === 0) return () => false;
  const predecessors: Record<string, string[]> = {};
  for (const [id, next] of Object.entries(graph.successors)) for (const n of next) (predecessors[n] ??= []).push(id);
  const parent = new Map<string, string | null>();
  const depth = new Map<string, number>();
  const lca = (x: string, y: string): string => {
    let a: string | null = x;
    let b: string | null = y;
    while (a !== null && b !== null && a !== b) {
      if ((depth.get(a) ?? 0) >= (depth.get(b) ?? 0)) a = parent.get(a) ?? null; else b = parent.get(b) ?? null;
    }
    return a ?? b ?? x;
  };
  for (const id of graph.topological) {
    if (!graph.reachable.has(id)) continue;
    // A predecessor counts itself: on the path through p, p has completed.
    const preds = (predecessors[id] ?? []).filter((p) => parent.has(p));
    const idom = preds.length === 0 ? null : preds.reduce((acc, p) => lca(acc, p));
    parent.set(id, idom);
    depth.set(id, idom === null ? 0 : (depth.get(idom) ?? 0) + 1);
  }
  // Entry and exit times of a walk of the dominator tree: a dominates b iff b's interval is inside a's.
  const children = new Map<string, string[]>();
  for (const [id, p] of parent) if (p !== null) (children.get(p) ?? children.set(p, []).get(p) ?? []).push(id);
  const enter = new Map<string, number>();
  const exit = new Map<string, number>();
  let clock = 0;
  for (const [root, p] of parent) {
    if (p !== null) continue;
    const stack: Array<[string, number]> = [[root, 0]];
    enter.set(root, clock++);
    while (stack.length) {
      const top = stack[stack.length - 1] as [string, number];
      const kids = children.get(top[0]) ?? [];
      if (top[1] < kids.length) { const kid = kids[top[1]++] as string; enter.set(kid, clock++); stack.push([kid, 0]); }
      else { exit.set(top[0], clock++); stack.pop(); }
    }
  }
  return (a, b) => {
    const [ea, eb, xa, xb] = [enter.get(a), enter.get(b), exit.get(a), exit.get(b)];
    return a !== b && ea !== undefined && eb !== undefined && xa !== undefined && xb !== undefined && ea < eb && xb < xa;
  };
}
