import type { AnalyzedPlan } from '../../analyze/analyze-plan.js';
import { hasErrors } from '../../errors/diagnostic.js';
import { preparePlanCached } from '../../prepare-plan-cached.js';
import { printDiagnostics, type CliIo } from '../cli-io.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { parameterOverrides, stringOption, type ParsedCommandLine } from '../parse-command-line.js';

/**
 * The plan prepared for run or preview: all values required; diagnostics printed; invalid
 * plans end with exit 3. Through the plan cache: a plan validated or run before is not parsed again.
 */
export async function analyzeForRun(planFile: string, values: ParsedCommandLine['values'], io: CliIo): Promise<{ analyzed: AnalyzedPlan } | { exit: ExitCode }> {
  const siteFile = stringOption(values, 'site');
  const result = await preparePlanCached(planFile, { siteFile, overrides: parameterOverrides(values), requireValues: true });
  const shown = result.diagnostics.filter((d) => d.severity !== 'info');
  printDiagnostics(io, values.verbose ? result.diagnostics : shown.filter((d) => d.severity === 'error'));
  if (!result.analyzed || hasErrors(result.diagnostics)) return { exit: EXIT.planInvalid };
  return { analyzed: result.analyzed };
}
