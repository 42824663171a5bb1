import type { AnalyzedPlan } from '../analyze/analyze-plan.js';
import { maskedParams } from '../run/execute/create-masker.js';
import { coverageRows, type CoverageRow } from './coverage-report.js';
import { previewSteps, renderContextOf, type PreviewStep } from './preview-plan.js';
import { runPreviewProbes, type PreviewProbe, type ProbeOptions } from './preview-probes.js';
import type { UnknownReference } from './preview-render.js';

/**
 * ready: a run could start here; blocked: a preflight probe failed; declined: the guard says
 * this node does not run the plan; offline: probes were not run, so preview cannot tell.
 */
export type PreviewOutcome = 'ready' | 'blocked' | 'declined' | 'offline';

export interface PreviewReport {
  format: 'mirrorplan.preview/1';
  plan: string;
  file: string;
  outcome: PreviewOutcome;
  params: Record<string, unknown>;
  hosts: Array<{ name: string; transport: string; address: string | null }>;
  guard: PreviewProbe | null;
  preflight: PreviewProbe[];
  steps: PreviewStep[];
  coverage: CoverageRow[];
  /** Every reference preview could not fill in, with the steps that use it. */
  unknown: Array<UnknownReference & { steps: string[] }>;
  blockers: number;
}

function collectUnknown(steps: readonly PreviewStep[]): PreviewReport['unknown'] {
  const found = new Map<string, UnknownReference & { steps: string[] }>();
  const add = (step: string, list: readonly UnknownReference[], itemKnown: boolean) => {
    for (const u of list) {
      if (itemKnown && u.reference === '${item}') continue;
      const entry = found.get(u.reference) ?? { ...u, steps: [] };
      if (!entry.steps.includes(step)) entry.steps.push(step);
      found.set(u.reference, entry);
    }
  };
  for (const s of steps) {
    add(s.id, [...(s.command?.unknown ?? []), ...(s.manual?.unknown ?? [])], false);
    // The body as written stands for every item; when the list is known, ${item} is not an unknown.
    const itemKnown = Boolean(s.foreach?.items);
    for (const b of s.foreach?.body ?? []) add(`${s.id}/${b.id}`, b.command?.unknown ?? [], itemKnown);
    for (const path of s.rollback ?? []) for (const c of path.commands) add(`undo of ${c.undoes}`, c.command.unknown, c.item !== null);
  }
  return [...found.values()];
}

/** Builds the whole preview: probes first (their captures may fill in later commands), then the steps. */
export async function buildPreview(analyzed: AnalyzedPlan, options: ProbeOptions): Promise<PreviewReport> {
  const plan = analyzed.plan;
  const base = renderContextOf(analyzed, null, false);
  const probes = await runPreviewProbes(analyzed, base, options);
  const context = renderContextOf(analyzed, probes.guardCaptures, plan.guard !== null && !options.offline);
  const steps = previewSteps(analyzed, context);
  const blockers = probes.preflight.filter((p) => p.status === 'blocker').length;
  const outcome: PreviewOutcome = options.offline ? 'offline' : blockers > 0 ? 'blocked' : probes.guard?.status === 'declines' ? 'declined' : 'ready';
  return {
    format: 'mirrorplan.preview/1',
    plan: plan.name,
    file: plan.file,
    outcome,
    params: maskedParams(plan),
    hosts: Object.values(plan.hosts).map((h) => ({ name: h.name, transport: h.transport, address: h.address })),
    guard: probes.guard,
    preflight: probes.preflight,
    steps,
    coverage: coverageRows(analyzed),
    unknown: collectUnknown(steps),
    blockers,
  };
}
