import { capturesForJournal } from './keep-secret-captures.js';
import type { GateOutput, RunContext } from '../../compile/run-context.js';
import type { ResolvedProbe } from '../../resolve/resolved-plan.js';
import type { CommandResult } from '../transport/transport.js';
import { runAction } from './run-action.js';
import type { RunEnvironment } from './run-environment.js';
import { scopeOf } from './run-step.js';

export interface ProbeReport {
  id: string; ok: boolean; evidence: string; hint: string | null; host: string; display: string;
  /** False when the probe could not give an answer (not started, timed out, killed): that is never a "no". */
  answered: boolean;
}

/** Whether a probe's command gave an answer at all: one that could not start, timed out or was killed says neither yes nor no. */
export function probeAnswered(result: CommandResult): boolean {
  return result.spawnError === null && !result.timedOut && !result.aborted && result.exitCode !== null;
}

/** Runs one read-only probe; the evidence is the failure reason or the first output line. */
export async function runProbe(env: RunEnvironment, probe: ResolvedProbe, context: Pick<RunContext, 'captures'>, signal: AbortSignal, item: string | null = null): Promise<ProbeReport & { captures: GateOutput['captures'] }> {
  const started = env.clock.now();
  const outcome = await runAction(env, probe, scopeOf(env, context, item), {
    beforeAttempt: (attempt, rendered) => env.observer.stepStarted({ step: probe.id, item, host: rendered.host, display: rendered.display, attempt, phase: 'probe' }),
  }, signal);
  const ok = outcome.evaluation.ok;
  const firstLine = outcome.result.stdout.trim().split('\n')[0] ?? '';
  const evidence = env.mask(ok ? firstLine : outcome.evaluation.reason);
  env.observer.stepFinished({ step: probe.id, item, host: outcome.rendered.host, ok, durationMs: env.clock.now() - started, detail: evidence, phase: 'probe' });
  return { id: probe.id, ok, evidence, hint: probe.hint, host: outcome.rendered.host, display: outcome.rendered.display, captures: outcome.evaluation.captures, answered: probeAnswered(outcome.result) };
}

export async function runGuard(env: RunEnvironment, context: RunContext, signal: AbortSignal): Promise<GateOutput> {
  const guard = env.plan.guard;
  if (!guard) return { passed: true, detail: 'no guard' };
  const report = await runProbe(env, guard, context, signal);
  if (!report.answered) {
    // A guard that hangs or cannot start says nothing about this node: declining (exit 0) would hide a broken cluster from cron.
    env.journal.append({ type: 'guard', accepted: false, reason: `guard probe gave no answer: ${report.evidence}` }, { durable: false });
    throw new Error(`the guard probe on ${report.host} gave no answer (${report.evidence}); nothing was changed`);
  }
  const detail = report.ok ? `guard accepted: ${report.evidence}` : `declined: ${guard.reason ?? 'the guard probe did not hold'} (${report.evidence})`;
  const journaled = report.captures ? capturesForJournal(env.run.dir, 'guard', report.captures, env.mask) : null;
  env.journal.append({ type: 'guard', accepted: report.ok, reason: detail, ...(journaled ? { captures: journaled.captures, ...(journaled.secret ? { secretCaptures: true as const } : {}) } : {}) }, { durable: false });
  return { passed: report.ok, detail, ...(report.captures ? { captures: report.captures } : {}) };
}

export async function runPreflight(env: RunEnvironment, context: RunContext, signal: AbortSignal): Promise<GateOutput & { reports: ProbeReport[] }> {
  const reports: ProbeReport[] = [];
  for (const probe of env.plan.preflight) {
    const report = await runProbe(env, probe, context, signal);
    env.journal.append({ type: 'preflight', id: probe.id, ok: report.ok, evidence: report.evidence }, { durable: false });
    reports.push(report);
  }
  const failed = reports.filter((r) => !r.ok);
  const detail = failed.length === 0 ? 'all preflight checks passed'
    : failed.map((r) => `preflight ${r.id} on ${r.host} failed: ${r.evidence}${r.hint ? ` (hint: ${r.hint})` : ''}`).join('\n');
  return { passed: failed.length === 0, detail, reports };
}
