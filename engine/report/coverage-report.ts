import type { AnalyzedPlan } from '../analyze/analyze-plan.js';

/** One mutating step and what happens to its effect: the analyzer's coverage, with who resolves an undo. */
export interface CoverageRow {
  step: string;
  foreach: string | null;
  status: 'undo' | 'resolves' | 'irreversible' | 'uncovered';
  /** For `undo`: the later steps that close the obligation on success (empty: only a rollback undoes it). */
  resolvedBy: string[];
  detail: string;
}

/** Rows for every mutating step (read-only ones are left out: they need no rollback). */
export function coverageRows(analyzed: AnalyzedPlan): CoverageRow[] {
  const resolvers = new Map<string, string[]>();
  const tasks = analyzed.plan.steps.flatMap((s) => (s.kind === 'foreach' ? s.steps : [s]));
  for (const t of tasks) if (t.kind === 'task') for (const r of t.resolves) resolvers.set(r, [...(resolvers.get(r) ?? []), t.id]);
  // A body step's undo that its own body does not close stays on the foreach's obligation, which a later step may resolve.
  return analyzed.coverage.flatMap((c) => (c.status === 'read-only' ? [] : [{
    step: c.step, foreach: c.foreach, status: c.status, resolvedBy: resolvers.get(c.step) ?? (c.foreach ? resolvers.get(c.foreach) : undefined) ?? [], detail: c.detail,
  }]));
}

const LABEL: Record<CoverageRow['status'], string> = {
  undo: 'undo', resolves: 'resolves earlier', irreversible: 'IRREVERSIBLE', uncovered: 'UNCOVERED (warning)',
};

/** The rollback coverage table, as printed by preview. */
export function formatCoverage(rows: readonly CoverageRow[]): string[] {
  if (rows.length === 0) return ['  no step changes anything: nothing to roll back'];
  const name = (r: CoverageRow) => (r.foreach ? `${r.foreach}/${r.step}` : r.step);
  const width = Math.max(...rows.map((r) => name(r).length), 4);
  const statusWidth = Math.max(...rows.map((r) => LABEL[r.status].length));
  return rows.map((r) => {
    const by = r.status === 'undo' ? (r.resolvedBy.length ? `; on success closed by ${r.resolvedBy.join(', ')}` : '; stays open until rollback') : '';
    return `  ${name(r).padEnd(width)}  ${LABEL[r.status].padEnd(statusWidth)}  ${r.detail}${by}`;
  });
}
