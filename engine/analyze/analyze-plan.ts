import type { Diagnostic } from '../errors/diagnostic.js';
import type { SourceDocument } from '../load/source-document.js';
import type { Locate } from './locate.js';
import type { ResolvedPlan } from '../resolve/resolved-plan.js';
import { pointerToPath } from '../validate/explain-schema-error.js';
import { checkReferences } from './check-references.js';
import { checkRollbackCoverage, type CoverageEntry } from './check-rollback-coverage.js';
import { buildStepGraph, completedBefore, type StepGraph } from './step-graph.js';

/** Output of the analyze stage: a plan proven consistent, with its graph and rollback facts. */
export interface AnalyzedPlan {
  plan: ResolvedPlan;
  graph: StepGraph;
  coverage: CoverageEntry[];
  openAfter: Record<string, string[][]>;
}

export function analyzePlan(plan: ResolvedPlan, document: SourceDocument | null): { analyzed: AnalyzedPlan; diagnostics: Diagnostic[] } {
  const locate: Locate = (path, options) => (document ? document.locate(pointerToPath(path), options) : { file: plan.file });
  const graph = buildStepGraph(plan.steps);
  const diagnostics: Diagnostic[] = [];
  if (graph.cycle) {
    const first = plan.steps.find((s) => s.id === graph.cycle?.[0]);
    diagnostics.push({ code: 'STEP_CYCLE', severity: 'error', ...locate(first?.path ?? ''), message: `the steps form a loop: ${graph.cycle.join(' -> ')}`, hint: 'use a wait step to poll; plans run forward only' });
  }
  diagnostics.push(...checkReferences(plan, graph, completedBefore(graph), locate));
  for (const step of plan.steps) {
    if (!graph.reachable.has(step.id) && !graph.cycle) {
      diagnostics.push({ code: 'STEP_UNREACHABLE', severity: 'error', ...locate(step.path), step: step.id, message: `step "${step.id}" can never run`, hint: 'no earlier step leads to it: check next: and choice targets' });
    }
  }
  const rollback = checkRollbackCoverage(plan, graph, locate);
  diagnostics.push(...rollback.diagnostics);
  return { analyzed: { plan, graph, coverage: rollback.coverage, openAfter: rollback.openAfter }, diagnostics };
}
