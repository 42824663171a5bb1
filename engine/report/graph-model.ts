import type { AnalyzedPlan } from '../analyze/analyze-plan.js';
import type { CompiledMachine } from '../compile/compile-machine.js';
import type { Condition } from '../load/plan-types.generated.js';
import type { ResolvedStep } from '../resolve/resolved-plan.js';

export type NodeRole = 'start' | 'gate' | 'task' | 'read-only' | 'wait' | 'choice' | 'foreach' | 'manual' | 'rollback' | 'undo' | 'final-ok' | 'final-stop';
export type EdgeRole = 'forward' | 'rollback' | 'stop';

export interface GraphNode { state: string; role: NodeRole; label: string }
export interface GraphEdge { from: string; to: string; role: EdgeRole; label: string }
export interface PlanGraph { name: string; nodes: GraphNode[]; edges: GraphEdge[] }

/** The parts of an xstate v5 transition this walk reads (its public, documented shape). */
interface TransitionView { target?: ReadonlyArray<{ key: string }>; guard?: unknown; eventType: string }
interface StateView { key: string; type: string; states: Record<string, StateView>; transitions: Map<string, TransitionView[]>; always?: TransitionView[] }

export const START = '(start)';
const MAX_LABEL = 60;
const shorten = (text: string) => (text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 3)}...` : text);

/** A choice condition as written (templates unrendered: the graph is the same for every site). */
export function conditionText(c: Condition): string {
  if (c.all) return c.all.map(conditionText).join(' and ');
  if (c.any) return `(${c.any.map(conditionText).join(' or ')})`;
  if (c.not) return `not (${conditionText(c.not)})`;
  const v = c.value ?? '';
  if (c.equals !== undefined) return `${v} = ${String(c.equals)}`;
  if (c.not_equals !== undefined) return `${v} != ${String(c.not_equals)}`;
  if (c.in !== undefined) return `${v} in ${c.in.join('|')}`;
  if (c.matches !== undefined) return `${v} ~ /${c.matches}/`;
  return `${v} is set`;
}
const OK_FINALS = new Set(['succeeded', 'declined', 'rolledBack']);

function guardLabel(guard: unknown): { type: string; params: Record<string, string> } | null {
  if (typeof guard === 'string') return { type: guard, params: {} };
  if (guard && typeof guard === 'object' && 'type' in guard) {
    const g = guard as { type: unknown; params?: unknown };
    return { type: String(g.type), params: (g.params && typeof g.params === 'object' ? g.params : {}) as Record<string, string> };
  }
  return null;
}

function stepRole(step: ResolvedStep): NodeRole {
  if (step.kind === 'task') return step.readOnly ? 'read-only' : 'task';
  return step.kind;
}

function stepLabel(step: ResolvedStep): string {
  switch (step.kind) {
    case 'task': return `${step.id}: ${step.readOnly ? 'read-only task' : 'task'} on ${step.action.host}${step.action.shell !== null ? ' (shell)' : ''}`;
    case 'wait': return `${step.id}: wait on ${step.action.host}`;
    case 'choice': return `${step.id}: choice`;
    case 'manual': return `${step.id}: manual gate`;
    case 'foreach': {
      const items = Array.isArray(step.items) ? step.items.join(', ') : step.items;
      return `${step.id}: foreach ${items} (${step.concurrency} at a time): ${step.steps.map((s) => s.id).join(' -> ')}`;
    }
  }
}

/** What a transition means, in words: from the guard compile put on it and the event it answers. */
function edgeOf(from: string, t: TransitionView, to: string, steps: Map<string, ResolvedStep>): GraphEdge {
  const guard = guardLabel(t.guard);
  const role: EdgeRole = to === 'paused' || (t.eventType === 'INTERRUPT' && !from.startsWith('step:')) ? 'stop' : to === 'rollback' || to.startsWith('undo:') || to === 'rolledBack' || to === 'rollbackFailed' ? 'rollback' : 'forward';
  const source = steps.get(from.replace(/^step:/, ''));
  let label = '';
  if (t.eventType === 'INTERRUPT') label = 'interrupt';
  else if (t.eventType.startsWith('xstate.error.')) label = from.startsWith('undo:') ? 'undo fails' : from === 'guard' || from === 'preflight' ? 'probe error' : 'fails';
  else if (guard?.type === 'nextIs' && source?.kind === 'choice') {
    const next = guard.params.next ?? '';
    const whens = source.choices.filter((c) => c.next === next).map((c) => conditionText(c.when));
    label = shorten(whens.length ? whens.join(' or ') : 'otherwise');
  } else if (guard?.type === 'nextIs') label = '';
  else if (guard?.type === 'gatePassed') label = 'passed';
  else if (from === 'guard' && to === 'declined') label = 'declines';
  else if (from === 'preflight' && to === 'preflightFailed') label = 'blocker';
  else if (guard?.type === 'topIs') label = `top is ${guard.params.step ?? '?'}`;
  else if (guard?.type === 'hasObligations') label = 'more to undo';
  else if (guard?.type === 'stopRequested') label = 'second interrupt';
  else if (guard?.type === 'wasInterrupted') label = 'interrupted';
  else if (guard) label = guard.type;
  else if (from === 'rollback' || from.startsWith('undo:')) label = 'nothing left';
  return { from, to, role, label };
}

/**
 * The compiled machine as nodes and edges, read from the machine itself (machine.root) so the
 * drawing shows exactly the states and transitions a run uses; the plan only supplies labels.
 * Parallel transitions between the same two states (fails + interrupt) become one edge.
 */
export function buildPlanGraph(analyzed: AnalyzedPlan, machine: CompiledMachine): PlanGraph {
  const root = machine.root as unknown as StateView & { initial?: { target?: ReadonlyArray<{ key: string }> } };
  const steps = new Map(analyzed.plan.steps.map((s) => [s.id, s]));
  const nodes: GraphNode[] = [{ state: START, role: 'start', label: 'start' }];
  const edges: GraphEdge[] = [];
  const initial = root.initial?.target?.[0]?.key;
  if (initial) edges.push({ from: START, to: initial, role: 'forward', label: '' });
  for (const [key, state] of Object.entries(root.states)) {
    const step = key.startsWith('step:') ? steps.get(key.slice(5)) : undefined;
    if (step) nodes.push({ state: key, role: stepRole(step), label: stepLabel(step) });
    else if (key.startsWith('undo:')) nodes.push({ state: key, role: 'undo', label: `undo ${key.slice(5)}` });
    else if (key === 'rollback') nodes.push({ state: key, role: 'rollback', label: 'rollback: undo newest open obligation' });
    else if (key === 'guard' || key === 'preflight') nodes.push({ state: key, role: 'gate', label: key === 'guard' ? 'guard probe' : `preflight: ${analyzed.plan.preflight.map((p) => p.id).join(', ')}` });
    else if (state.type === 'final') nodes.push({ state: key, role: OK_FINALS.has(key) ? 'final-ok' : 'final-stop', label: key });
    const transitions = [...(state.always ?? []), ...[...state.transitions.values()].flat()];
    for (const t of transitions) {
      for (const target of t.target ?? []) {
        const edge = edgeOf(key, t, target.key, steps);
        const same = edges.find((e) => e.from === edge.from && e.to === edge.to);
        if (!same) edges.push(edge);
        else if (edge.label && !same.label.split(' / ').includes(edge.label)) same.label = same.label ? `${same.label} / ${edge.label}` : edge.label;
      }
    }
  }
  // Declaration order guides the layout: forward path first, then the rollback states, then the ends.
  const rank = (n: GraphNode) => (n.role === 'start' ? 0 : n.role === 'gate' ? 1 : n.role === 'rollback' || n.role === 'undo' ? 3 : n.role.startsWith('final') ? 4 : 2);
  nodes.sort((a, b) => rank(a) - rank(b));
  return { name: analyzed.plan.name, nodes, edges };
}

