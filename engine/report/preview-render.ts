import { evaluateCondition } from '../compile/evaluate-condition.js';
import type { Condition } from '../load/plan-types.generated.js';
import { renderTemplate, type RenderScope } from '../resolve/render-template.js';
import type { ResolvedAction, ResolvedExpect, ResolvedPlan } from '../resolve/resolved-plan.js';
import { parseTemplate, type Reference } from '../validate/parse-template.js';

/** A reference preview cannot fill in, and why: it says so rather than guessing a value. */
export interface UnknownReference { reference: string; why: string }

export interface PreviewCommand {
  host: string;
  transport: string;
  /** argv joined with shell-style quoting (or `sh -c '...'`), secrets masked; unknown references stay as ${...}. */
  display: string;
  /** The step's own environment as NAME=value, masked. */
  env: string[];
  shell: boolean;
  unknown: UnknownReference[];
}

export interface RenderContext {
  plan: ResolvedPlan;
  scope: RenderScope;
  mask(text: string): string;
  /** Whether the guard ran (its captures are then in scope, or it declined). */
  guardRan: boolean;
}

/** Why a reference has no value before the run: the step that captures it has not run, or only the run knows it. */
export function explainUnknown(ref: Reference, context: RenderContext, foreach: string | null): string {
  switch (ref.scope) {
    case 'params': return 'parameter without a value';
    case 'run': return `set when the run starts (run ${ref.name})`;
    case 'item': return `an item of foreach ${foreach ?? '?'}, whose list is only known during the run`;
    case 'steps': {
      if (ref.step === 'guard') return context.guardRan ? `the guard did not capture ${ref.capture}` : 'captured by the guard, which preview --offline does not run';
      const top = context.plan.steps.find((s) => s.id === ref.step);
      const body = context.plan.steps.flatMap((s) => (s.kind === 'foreach' ? s.steps : [])).find((s) => s.id === ref.step);
      const step = top ?? body;
      const mutating = step && step.kind === 'task' && !step.readOnly;
      return mutating ? `captured by mutating step ${ref.step}: known only after it ran` : `captured by step ${ref.step}, which preview does not run`;
    }
  }
}

/** Renders one template; references with no value are kept verbatim and reported. */
export function renderKnown(text: string, context: RenderContext, unknown: UnknownReference[], foreach: string | null = null): string {
  return renderTemplate(text, context.scope, (source) => {
    const part = parseTemplate(source)[0];
    if (part && 'ref' in part && !unknown.some((u) => u.reference === source)) unknown.push({ reference: source, why: explainUnknown(part.ref, context, foreach) });
    return source;
  });
}

// Same quoting as a run's display, so preview and the run's log show a command identically.
const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/** The command an action would run, rendered as far as preview knows, secrets masked. */
export function renderCommand(action: ResolvedAction, context: RenderContext, foreach: string | null = null): PreviewCommand {
  const unknown: UnknownReference[] = [];
  const argv = action.argv?.map((a) => renderKnown(a, context, unknown, foreach)) ?? null;
  const display = argv ? argv.map(quote).join(' ') : `sh -c ${quote(action.shell ?? '')}`;
  const env = Object.entries(action.env).map(([k, v]) => `${k}=${quote(renderKnown(v, context, unknown, foreach))}`);
  return {
    host: action.host,
    transport: context.plan.hosts[action.host]?.transport ?? 'local',
    display: context.mask(display),
    env: env.map(context.mask),
    shell: action.shell !== null,
    unknown: unknown.map((u) => ({ reference: u.reference, why: u.why })),
  };
}

/** An expectation in words: what the command must do to count as done. */
export function describeExpect(expect: ResolvedExpect): string {
  const parts = [`exit ${expect.exit.join(' or ')}`];
  if (expect.stdoutMatches) parts.push(`output matches /${expect.stdoutMatches}/`);
  if (expect.stdoutNotMatches) parts.push(`output does not match /${expect.stdoutNotMatches}/`);
  if (expect.stderrMatches) parts.push(`errors match /${expect.stderrMatches}/`);
  if (expect.stderrNotMatches) parts.push(`errors do not match /${expect.stderrNotMatches}/`);
  return parts.join(', ');
}

/** A choice condition as a person reads it, with known values filled in. */
export function describeCondition(condition: Condition, context: RenderContext, unknown: UnknownReference[]): string {
  if (condition.all) return `(${condition.all.map((c) => describeCondition(c, context, unknown)).join(' and ')})`;
  if (condition.any) return `(${condition.any.map((c) => describeCondition(c, context, unknown)).join(' or ')})`;
  if (condition.not) return `not ${describeCondition(condition.not, context, unknown)}`;
  const value = JSON.stringify(context.mask(renderKnown(condition.value ?? '', context, unknown)));
  if (condition.equals !== undefined) return `${value} == ${JSON.stringify(condition.equals)}`;
  if (condition.not_equals !== undefined) return `${value} != ${JSON.stringify(condition.not_equals)}`;
  if (condition.in !== undefined) return `${value} in ${JSON.stringify(condition.in)}`;
  if (condition.matches !== undefined) return `${value} matches /${condition.matches}/`;
  return `${value} is set`;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** A condition in three values: true, false, or null when it depends on something only the run knows. */
export function conditionHolds(condition: Condition, context: RenderContext): boolean | null {
  const all = (list: Condition[]) => { const v = list.map((c) => conditionHolds(c, context)); return v.includes(false) ? false : v.includes(null) ? null : true; };
  if (condition.all) return all(condition.all);
  if (condition.any) { const v = condition.any.map((c) => conditionHolds(c, context)); return v.includes(true) ? true : v.includes(null) ? null : false; }
  if (condition.not) { const v = conditionHolds(condition.not, context); return v === null ? null : !v; }
  const unknown: UnknownReference[] = [];
  renderKnown(condition.value ?? '', context, unknown);
  return unknown.length ? null : evaluateCondition(condition, context.scope);
}
