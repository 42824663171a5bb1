import { hasErrors } from './errors/diagnostic.js';
import { loadPlan, type LoadedPlan } from './load/load-plan.js';
import type { MirrorplanPlan } from './load/plan-types.generated.js';
import { boundDiagnostics, resolveAndAnalyze, type PrepareOptions, type PrepareResult } from './resolve-and-analyze.js';
import { loadSite } from './resolve/load-site.js';
import { checkFields } from './validate/check-fields.js';
import { validatePlanDocument } from './validate/validate-document.js';

export type { PrepareOptions, PrepareResult } from './resolve-and-analyze.js';
// Re-exported so the cached start-up path loads the whole YAML front end as one module.
export { loadSite } from './resolve/load-site.js';

/**
 * load -> validate -> resolve -> analyze; stops at the first stage with errors and returns
 * every diagnostic so far. `onValidated` sees the plan once it passed schema and field
 * checks (the plan cache stores it then).
 */
export function preparePlan(planFile: string, options: PrepareOptions = {}, onValidated?: (loaded: LoadedPlan, plan: MirrorplanPlan) => void): PrepareResult {
  const loaded = loadPlan(planFile);
  if (!loaded.plan || hasErrors(loaded.diagnostics)) return { analyzed: null, diagnostics: boundDiagnostics(loaded.diagnostics), files: loaded.plan?.files ?? [] };
  const files = loaded.plan.files;
  const schema = validatePlanDocument(loaded.plan.document);
  if (!schema.plan) return { analyzed: null, diagnostics: boundDiagnostics(schema.diagnostics), files };
  const fields = checkFields(loaded.plan.document);
  if (hasErrors(fields)) return { analyzed: null, diagnostics: boundDiagnostics(fields), files };
  onValidated?.(loaded.plan, schema.plan);
  const site = options.siteFile ? loadSite(options.siteFile) : { site: null, diagnostics: [] };
  if (hasErrors(site.diagnostics)) return { analyzed: null, diagnostics: boundDiagnostics(site.diagnostics), files };
  return resolveAndAnalyze(loaded.plan, schema.plan, fields, site.site, options);
}
