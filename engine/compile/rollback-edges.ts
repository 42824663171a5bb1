import type { AnalyzedPlan } from '../analyze/analyze-plan.js';
import { foreachLeavesObligation } from '../analyze/check-rollback-coverage.js';

/**
 * The precomputed rollback path: which steps own undo states, and for each one the
 * obligations that can be directly below it on the stack (so its undo state can go
 * straight to theirs). Derived from the analyzer's stacks on every forward path.
 */
export function computeRollbackEdges(analyzed: AnalyzedPlan): { holders: string[]; below: Record<string, string[]>; topAt: Record<string, string[]> } {
  const holders = analyzed.plan.steps
    .filter((s) => (s.kind === 'task' && s.undo.length > 0) || foreachLeavesObligation(s))
    .map((s) => s.id);
  const below: Record<string, Set<string>> = Object.fromEntries(holders.map((h) => [h, new Set<string>()]));
  const topAt: Record<string, Set<string>> = {};
  for (const [step, stacks] of Object.entries(analyzed.openAfter)) {
    for (const stack of stacks) {
      stack.forEach((id, i) => { if (i > 0) below[id]?.add(stack[i - 1] as string); });
      const top = stack[stack.length - 1];
      if (top) (topAt[step] ??= new Set()).add(top);
    }
  }
  // A step that fails or is interrupted leaves the stack of its predecessors, plus (foreach,
  // in-doubt command) possibly its own obligation on top.
  const topBefore: Record<string, string[]> = {};
  const order = analyzed.plan.steps.map((s) => s.id);
  for (const [from, successors] of Object.entries(analyzed.graph.successors)) {
    for (const to of successors) topBefore[to] = [...new Set([...(topBefore[to] ?? []), ...(topAt[from] ?? [])])];
  }
  const entry: Record<string, string[]> = {};
  for (const id of order) entry[id] = [...new Set([...(holders.includes(id) ? [id] : []), ...(topBefore[id] ?? [])])];
  return { holders, below: Object.fromEntries(Object.entries(below).map(([k, v]) => [k, [...v]])), topAt: entry };
}
