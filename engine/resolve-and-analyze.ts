import { analyzePlan, type AnalyzedPlan } from './analyze/analyze-plan.js';
import { hasErrors, MAX_DIAGNOSTICS, type Diagnostic } from './errors/diagnostic.js';
import { isMirrorplanError } from './errors/mirrorplan-error.js';
import type { LoadedPlan } from './load/load-plan.js';
import type { MirrorplanPlan } from './load/plan-types.generated.js';
import type { LoadedSite } from './resolve/load-site.js';
import { resolvePlan } from './resolve/resolve-plan.js';
import type { ParameterOverride } from './resolve/resolve-parameters.js';

export interface PrepareOptions {
  siteFile?: string | null;
  overrides?: ParameterOverride[];
  requireValues?: boolean;
  knownTransports?: readonly string[];
}

export interface PrepareResult {
  analyzed: AnalyzedPlan | null;
  diagnostics: Diagnostic[];
  files: string[];
}

export const boundDiagnostics = (list: Diagnostic[]) => list.slice(0, MAX_DIAGNOSTICS);

/**
 * The stages after a plan is known to be valid (resolve, analyze). Kept apart from the
 * loader so the cached start-up path runs them without loading yaml or the validators.
 */
export function resolveAndAnalyze(loaded: LoadedPlan, plan: MirrorplanPlan, earlier: Diagnostic[], site: LoadedSite | null, options: PrepareOptions): PrepareResult {
  let resolved;
  try {
    resolved = resolvePlan(loaded, plan, {
      site, overrides: options.overrides ?? [], requireValues: options.requireValues ?? false,
      knownTransports: options.knownTransports ?? ['local', 'ssh'],
    });
  } catch (error) {
    if (isMirrorplanError(error) && 'diagnostics' in error) return { analyzed: null, diagnostics: boundDiagnostics(error.diagnostics as Diagnostic[]), files: loaded.files };
    throw error;
  }
  const analysis = analyzePlan(resolved.plan, loaded.document);
  const diagnostics = boundDiagnostics([...earlier, ...resolved.diagnostics, ...analysis.diagnostics]);
  return { analyzed: hasErrors(diagnostics) ? null : analysis.analyzed, diagnostics, files: loaded.files };
}
