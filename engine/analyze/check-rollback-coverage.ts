import type { Diagnostic } from '../errors/diagnostic.js';
import type { ResolvedBodyStep, ResolvedPlan, ResolvedStep } from '../resolve/resolved-plan.js';
import { END, type StepGraph } from './step-graph.js';

import type { Locate } from './locate.js';

export interface CoverageEntry {
  step: string;
  foreach: string | null;
  status: 'undo' | 'resolves' | 'irreversible' | 'read-only' | 'uncovered';
  detail: string;
}

export interface RollbackAnalysis {
  coverage: CoverageEntry[];
  /** For each top-level step, every possible stack of open obligations right after it completes (newest last). */
  openAfter: Record<string, string[][]>;
  diagnostics: Diagnostic[];
}

const MAX_STACKS = 2000;

function coverageOf(step: ResolvedBodyStep, foreach: string | null): CoverageEntry {
  const base = { step: step.id, foreach };
  if (step.kind === 'wait' || step.readOnly) return { ...base, status: 'read-only', detail: 'changes nothing' };
  if (step.undo.length > 0) return { ...base, status: 'undo', detail: `undo: ${step.undo.map((u) => (u.argv ?? ['sh', '-c', u.shell ?? '']).join(' ')).join(' ; ')}` };
  if (step.resolves.length > 0) return { ...base, status: 'resolves', detail: `closes ${step.resolves.join(', ')}` };
  if (step.irreversible) return { ...base, status: 'irreversible', detail: step.irreversible };
  return { ...base, status: 'uncovered', detail: 'mutating, with neither undo nor irreversible' };
}

/** Does a foreach leave obligations of its own (body undo not closed inside the body)? */
export function foreachLeavesObligation(step: ResolvedStep): boolean {
  if (step.kind !== 'foreach') return false;
  const open = new Set<string>();
  for (const body of step.steps) {
    if (body.kind !== 'task') continue;
    for (const r of body.resolves) open.delete(r);
    if (body.undo.length > 0) open.add(body.id);
  }
  return open.size > 0;
}

/** Rollback coverage: what each mutating step does about its effects, and the obligations open after each step on every path. */
export function checkRollbackCoverage(plan: ResolvedPlan, graph: StepGraph, locate: Locate): RollbackAnalysis {
  const diagnostics: Diagnostic[] = [];
  const coverage: CoverageEntry[] = [];
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  for (const step of plan.steps) {
    if (step.kind === 'task') coverage.push(coverageOf(step, null));
    if (step.kind === 'foreach') {
      const bodyIds = new Set<string>();
      for (const body of step.steps) {
        coverage.push(coverageOf(body, step.id));
        if (body.kind === 'task') for (const [index, r] of body.resolves.entries()) {
          const target = step.steps.find((s) => s.id === r);
          if (!bodyIds.has(r) || !target || target.kind !== 'task' || target.undo.length === 0) {
            diagnostics.push({ code: 'RESOLVES_INVALID', severity: 'error', ...locate(`${body.path}/resolves/${index}`), step: body.id,
              message: `inside a foreach, resolves may name only an earlier step of the same body that has an undo; "${r}" is not one` });
          }
        }
        bodyIds.add(body.id);
      }
    }
  }
  for (const entry of coverage.filter((c) => c.status === 'uncovered')) {
    const step = byId.get(entry.foreach ?? entry.step);
    const path = entry.foreach && step?.kind === 'foreach' ? step.steps.find((s) => s.id === entry.step)?.path ?? '' : step?.path ?? '';
    diagnostics.push({ code: 'ROLLBACK_UNCOVERED', severity: 'warning', ...locate(path), step: entry.step,
      message: `step "${entry.step}" changes the system but has neither undo nor irreversible`,
      hint: 'add undo: [...] to reverse it, resolves: [...] if it closes an earlier step, read_only: true if it changes nothing, or irreversible: "why"' });
  }

  const openAfter: Record<string, string[][]> = {};
  const seen = new Set<string>();
  const reported = new Set<string>();
  let budget = MAX_STACKS;
  const walk = (id: string, stack: string[]) => {
    const key = `${id}|${stack.join(',')}`;
    if (seen.has(key) || budget-- <= 0) return;
    seen.add(key);
    if (id === END) {
      if (stack.length > 0 && !reported.has(stack.join(','))) {
        reported.add(stack.join(','));
        for (const open of stack) {
          const s = byId.get(open);
          diagnostics.push({ code: 'OBLIGATION_OPEN_AT_END', severity: 'error', ...locate(s?.path ?? ''), step: open,
            message: `after a successful run, the effect of step "${open}" would still be in place (its undo never runs and no later step resolves it)`,
            hint: `add a later step with resolves: [${open}] that puts things back, or drop its undo if the change is meant to stay` });
        }
      }
      return;
    }
    const step = byId.get(id);
    if (!step) return;
    let next = [...stack];
    if (step.kind === 'task') {
      for (const [index, r] of step.resolves.entries()) {
        const target = byId.get(r);
        const valid = target && ((target.kind === 'task' && target.undo.length > 0) || foreachLeavesObligation(target));
        if (!next.includes(r) && !reported.has(`resolve:${id}:${r}`)) {
          reported.add(`resolve:${id}:${r}`);
          diagnostics.push({ code: 'RESOLVES_INVALID', severity: 'error', ...locate(`${step.path}/resolves/${index}`), step: id,
            message: valid ? `step "${id}" resolves "${r}", which has not always run before it (or was already resolved)` : `step "${id}" resolves "${r}", which is not an earlier step with an undo`,
            hint: 'resolves names earlier steps (on every path) whose undo this step makes unnecessary' });
        }
        next = next.filter((o) => o !== r);
      }
      if (step.undo.length > 0) next.push(id);
    }
    if (foreachLeavesObligation(step)) next.push(id);
    const list = (openAfter[id] ??= []);
    if (!list.some((s) => s.join(',') === next.join(','))) list.push(next);
    for (const succ of graph.successors[id] ?? []) walk(succ, next);
  };
  if (graph.order[0] && !graph.cycle) walk(graph.order[0], []);
  return { coverage, openAfter, diagnostics };
}
