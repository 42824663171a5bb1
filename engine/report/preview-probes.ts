import type { AnalyzedPlan } from '../analyze/analyze-plan.js';
import type { CaptureValue } from '../resolve/render-template.js';
import type { ResolvedHost, ResolvedProbe } from '../resolve/resolved-plan.js';
import { buildRunEnvironment } from '../run/execute-run.js';
import { runAction } from '../run/execute/run-action.js';
import { silentObserver, type RunObserver } from '../run/execute/run-environment.js';
import type { JournalWriter } from '../run/journal/journal-writer.js';
import { realClock } from '../run/system/clock.js';
import type { Transport } from '../run/transport/transport.js';
import { evidenceLine, shortReason } from './preview-evidence.js';
import { describeExpect, renderCommand, type PreviewCommand, type RenderContext } from './preview-render.js';

export type ProbeStatus = 'ok' | 'blocker' | 'declines' | 'not-run';

export interface PreviewProbe {
  id: string;
  role: 'guard' | 'preflight';
  description: string | null;
  command: PreviewCommand;
  expect: string;
  status: ProbeStatus;
  /** The output line the expectation is about (or the first one); for not-run, why it did not run. */
  evidence: string | null;
  /** Why it failed, in words (exit code, which expectation), without the output. */
  reason: string | null;
  hint: string | null;
}

export interface ProbeOptions {
  offline: boolean;
  transportFor?: (host: ResolvedHost) => Transport;
  observer?: RunObserver;
  signal?: AbortSignal;
}

/** Preview keeps no journal: a probe that tried to write one would be a bug, so it fails loudly. */
const NO_JOURNAL: JournalWriter = {
  path: '(preview: no journal)', nextSeq: 1, truncatedTornTail: null,
  append() { throw new Error('preview must not write a journal'); },
  close() {},
};

function fallbackHint(probe: ResolvedProbe, role: PreviewProbe['role']): string {
  const expected = describeExpect(probe.expect);
  return role === 'guard'
    ? `the guard expects ${expected}; run the plan on the node where this holds`
    : `fix the condition this probe checks (it expects ${expected}), then preview again`;
}

export interface ProbeResults { guard: PreviewProbe | null; preflight: PreviewProbe[]; guardCaptures: Record<string, CaptureValue> | null }

/**
 * Runs the guard, then every preflight probe, for real: they are read-only by definition.
 * Unlike a run, a failing preflight probe does not stop the others: preview reports every blocker.
 */
export async function runPreviewProbes(analyzed: AnalyzedPlan, context: RenderContext, options: ProbeOptions): Promise<ProbeResults> {
  const plan = analyzed.plan;
  const env = buildRunEnvironment({
    stateDir: '', clock: realClock, observer: options.observer ?? silentObserver, journalSync: false,
    operator: { confirm: async () => false },
    ...(options.transportFor ? { transportFor: options.transportFor } : {}),
  }, plan, { id: 'preview', dir: '' }, NO_JOURNAL);
  const signal = options.signal ?? new AbortController().signal;
  let captures: Record<string, CaptureValue> | null = null;
  const probeOne = async (probe: ResolvedProbe, role: PreviewProbe['role'], skip = false): Promise<PreviewProbe> => {
    const ctx: RenderContext = { ...context, guardRan: plan.guard !== null && !options.offline, scope: { ...context.scope, captures: captures ? { guard: captures } : {} } };
    const command = renderCommand(probe, ctx);
    const shown = { id: probe.id, role, description: probe.description, command, expect: describeExpect(probe.expect), hint: probe.hint ?? fallbackHint(probe, role) };
    if (options.offline || skip) return { ...shown, status: 'not-run', evidence: 'not run (--offline)', reason: null };
    if (command.unknown.length > 0) return { ...shown, status: 'not-run', evidence: `not run: ${command.unknown.map((u) => `${u.reference} (${u.why})`).join('; ')}`, reason: null };
    if (signal.aborted) return { ...shown, status: 'not-run', evidence: 'not run: preview was interrupted', reason: null };
    // runAction rather than runProbe: preview wants the output line the expectation is about as evidence.
    const outcome = await runAction(env, probe, { params: plan.params, captures: ctx.scope.captures, item: null, run: env.run }, { beforeAttempt() {} }, signal);
    const ok = outcome.evaluation.ok;
    if (role === 'guard' && ok) captures = outcome.evaluation.captures;
    const status: ProbeStatus = ok ? 'ok' : role === 'guard' ? 'declines' : 'blocker';
    const line = env.mask(evidenceLine(outcome.result, probe.expect));
    return { ...shown, status, evidence: line, reason: ok ? null : env.mask(shortReason(outcome.evaluation.reason, outcome.result)), hint: ok ? null : shown.hint };
  };
  const guard = plan.guard ? await probeOne(plan.guard, 'guard') : null;
  if (guard && plan.guard?.reason && guard.status === 'declines') guard.hint = `${plan.guard.reason}: a run on this node would change nothing and exit 0`;
  const preflight: PreviewProbe[] = [];
  // Like a run, stop at a declining guard: on a node that does not own the resources the
  // probes fail for that reason alone, and listing them as blockers would send people fixing the wrong thing.
  const declined = guard?.status === 'declines';
  for (const probe of plan.preflight) {
    preflight.push(declined
      ? { ...(await probeOne(probe, 'preflight', true)), status: 'not-run', evidence: 'not run: the guard declines on this node, so a run stops there', reason: null, hint: null }
      : await probeOne(probe, 'preflight'));
  }
  return { guard, preflight, guardCaptures: captures };
}
