import { analyzePlan, type AnalyzedPlan } from './analyze/analyze-plan.js';
import { hasErrors, MAX_DIAGNOSTICS, type Diagnostic } from './errors/diagnostic.js';
import { isMirrorplanError } from './errors/mirrorplan-error.js';
import { loadPlan } from './load/load-plan.js';
import { loadSite } from './resolve/load-site.js';
import { resolvePlan } from './resolve/resolve-plan.js';
import type { ParameterOverride } from './resolve/resolve-parameters.js';
import { checkFields } from './validate/check-fields.js';
import { validatePlanDocument } from './validate/validate-document.js';

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

const bounded = (list: Diagnostic[]) => list.slice(0, MAX_DIAGNOSTICS);

/** load -> validate -> resolve -> analyze; stops at the first stage with errors and returns every diagnostic so far. */
export function preparePlan(planFile: string, options: PrepareOptions = {}): PrepareResult {
  const loaded = loadPlan(planFile);
  if (!loaded.plan || hasErrors(loaded.diagnostics)) return { analyzed: null, diagnostics: bounded(loaded.diagnostics), files: [] };
  const files = loaded.plan.files;
  const schema = validatePlanDocument(loaded.plan.document);
  if (!schema.plan) return { analyzed: null, diagnostics: bounded(schema.diagnostics), files };
  const fields = checkFields(loaded.plan.document);
  if (hasErrors(fields)) return { analyzed: null, diagnostics: bounded(fields), files };
  const site = options.siteFile ? loadSite(options.siteFile) : { site: null, diagnostics: [] };
  if (hasErrors(site.diagnostics)) return { analyzed: null, diagnostics: bounded(site.diagnostics), files };
  let resolved;
  try {
    resolved = resolvePlan(loaded.plan, schema.plan, {
      site: site.site, overrides: options.overrides ?? [], requireValues: options.requireValues ?? false,
      knownTransports: options.knownTransports ?? ['local', 'ssh'],
    });
  } catch (error) {
    if (isMirrorplanError(error) && 'diagnostics' in error) return { analyzed: null, diagnostics: bounded(error.diagnostics as Diagnostic[]), files };
    throw error;
  }
  const analysis = analyzePlan(resolved.plan, loaded.plan.document);
  const diagnostics = bounded([...fields, ...resolved.diagnostics, ...analysis.diagnostics]);
  return { analyzed: hasErrors(diagnostics) ? null : analysis.analyzed, diagnostics, files };
}
