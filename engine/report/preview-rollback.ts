import type { AnalyzedPlan } from '../analyze/analyze-plan.js';
import { openBodySteps, type Obligation } from '../compile/obligations.js';
import { renderList } from '../resolve/render-template.js';
import { undoUnitsOf } from '../run/execute/run-undo.js';
import { describeExpect, formatDuration, renderCommand, type PreviewCommand, type RenderContext } from './preview-render.js';

export interface RollbackCommand {
  /** The step whose effect this reverses, and the foreach item ("each item" when the list is unknown). */
  undoes: string;
  item: string | null;
  command: PreviewCommand;
  /** For undo waits: how it polls. */
  wait: string | null;
}

export interface RollbackPath {
  /** Obligations open at that point, newest last. */
  open: string[];
  /** What the rollback runs, in order (newest obligation first). */
  commands: RollbackCommand[];
}

const EACH_ITEM = 'each item';

/** The obligation a completed foreach leaves: every item, each with its body steps whose undo is not closed inside the body. */
function foreachObligation(analyzed: AnalyzedPlan, id: string, context: RenderContext): { obligation: Obligation; itemsKnown: boolean } {
  const step = analyzed.plan.steps.find((s) => s.id === id);
  if (step?.kind !== 'foreach') return { obligation: { step: id, items: [] }, itemsKnown: true };
  const open = openBodySteps(step, step.steps.map((s) => s.id));
  const items = renderList(step.items, context.scope);
  return { obligation: { step: id, items: (items ?? [EACH_ITEM]).map((item) => ({ item, steps: open })) }, itemsKnown: items !== null };
}

/** The undo commands of the given open obligations (newest last), as the rollback would run them. */
export function renderRollback(analyzed: AnalyzedPlan, open: readonly string[], context: RenderContext): RollbackCommand[] {
  const commands: RollbackCommand[] = [];
  for (const id of [...open].reverse()) {
    const step = analyzed.plan.steps.find((s) => s.id === id);
    const { obligation, itemsKnown } = step?.kind === 'foreach' ? foreachObligation(analyzed, id, context) : { obligation: { step: id, items: [] }, itemsKnown: true };
    for (const unit of undoUnitsOf({ plan: analyzed.plan }, obligation)) {
      const item = unit.item === null || (!itemsKnown && unit.item === EACH_ITEM) ? null : unit.item;
      const scoped: RenderContext = { ...context, scope: { ...context.scope, item } };
      const wait = unit.action.wait
        ? `repeat every ${formatDuration(unit.action.wait.intervalMs)} until ${describeExpect(unit.action.wait.until)} (deadline ${formatDuration(unit.action.wait.deadlineMs)})`
        : null;
      commands.push({ undoes: unit.step.id, item: unit.item === null ? null : context.mask(unit.item), command: renderCommand(unit.action, scoped, id), wait });
    }
  }
  return commands;
}

/** Every distinct rollback path if the run stopped right after `stepId` (choices can give several). */
export function rollbackPathsAfter(analyzed: AnalyzedPlan, stepId: string, context: RenderContext): RollbackPath[] {
  const stacks = analyzed.openAfter[stepId] ?? [];
  return stacks.map((open) => ({ open: [...open], commands: renderRollback(analyzed, open, context) }));
}
