import { createHash } from 'node:crypto';
import { hasErrors, PlanInvalidError, type Diagnostic } from '../errors/diagnostic.js';
import type { MirrorplanPlan } from '../load/plan-types.generated.js';
import type { LoadedPlan } from '../load/load-plan.js';
import { referencesIn } from '../validate/parse-template.js';
import { PLAN_DEFAULTS } from './defaults.js';
import type { LoadedSite } from './load-site.js';
import { parseDuration } from './parse-duration.js';
import { resolveHosts } from './resolve-hosts.js';
import { resolveParameters, type ParameterOverride } from './resolve-parameters.js';
import { resolveAction, resolveStep } from './resolve-steps.js';
import type { ResolvedPlan } from './resolved-plan.js';

export interface ResolveOptions {
  site: LoadedSite | null;
  overrides: ParameterOverride[];
  /** Missing parameter values are errors (run, preview) or notes (validate without a site). */
  requireValues: boolean;
  knownTransports: readonly string[];
}

/** Turns a valid plan into a ResolvedPlan: typed values, hosts, defaults; throws PlanInvalidError with every problem. */
export function resolvePlan(loaded: LoadedPlan, plan: MirrorplanPlan, options: ResolveOptions): { plan: ResolvedPlan; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const site = options.site;
  if (site?.site.plan && site.site.plan !== plan.name) {
    diagnostics.push({ code: 'SITE_WRONG_PLAN', severity: 'error', ...site.document.locate(['plan']),
      message: `the site file is for plan "${site.site.plan}", not "${plan.name}"`, hint: 'pass the site file written for this plan (mirrorplan init writes one)' });
  }
  const values = resolveParameters(plan, loaded.document, site, options.overrides, options.requireValues);
  const hosts = resolveHosts(plan, site, options.knownTransports);
  diagnostics.push(...values.diagnostics, ...hosts.diagnostics);
  const hostNames = Object.keys(hosts.hosts);
  const fallbackHost = plan.defaults?.host ?? (hostNames.length === 1 ? hostNames[0] ?? '' : '');
  const lock = plan.lock ?? plan.name;
  if (referencesIn(lock).some((r) => r.scope !== 'params')) {
    diagnostics.push({ code: 'LOCK_REFERENCE', severity: 'error', ...loaded.document.locate(['lock']), message: 'the lock name may reference parameters only', hint: 'a lock must be known before the run starts' });
  }
  if (hasErrors(diagnostics)) throw new PlanInvalidError(diagnostics);
  const resolved: ResolvedPlan = {
    name: plan.name,
    description: plan.description ?? null,
    file: loaded.file,
    planHash: createHash('sha256').update(JSON.stringify(loaded.document.value)).digest('hex'),
    params: values.params,
    missingParams: values.missingParams,
    secretParams: values.secretParams,
    hosts: hosts.hosts,
    lock,
    onInterrupt: plan.on_interrupt ?? 'rollback',
    recovery: plan.recovery ?? 'manual',
    killGraceMs: parseDuration(plan.defaults?.kill_grace, PLAN_DEFAULTS.killGraceMs),
    guard: plan.guard ? { ...resolveAction(plan.guard, plan, fallbackHost, true), id: 'guard', hint: null, reason: plan.guard.reason ?? null } : null,
    preflight: (plan.preflight ?? []).map((p) => ({ ...resolveAction(p, plan, fallbackHost, true), id: p.id, hint: p.hint ?? null })),
    steps: plan.steps.map((step, index) => resolveStep(step, index, plan, fallbackHost)),
  };
  return { plan: resolved, diagnostics };
}
