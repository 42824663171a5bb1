import type { AnalyzedPlan } from '../../analyze/analyze-plan.js';
import { hasErrors } from '../../errors/diagnostic.js';
import { preparePlanCached } from '../../prepare-plan-cached.js';
import { printDiagnostics, type CliIo } from '../cli-io.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { listOption, stringOption, type ParsedCommandLine } from '../parse-command-line.js';
import { MirrorplanError } from '../../errors/mirrorplan-error.js';
import { parseOverride, type ParameterOverride } from '../../resolve/resolve-parameters.js';

export function parseOverrides(flags: string[]): ParameterOverride[] {
  return flags.map((flag) => {
    const override = parseOverride(flag);
    if (!override) throw new MirrorplanError('USAGE', `-p ${flag}: expected name=value`, { hint: 'for example -p vg=datavg' });
    return override;
  });
}

/**
 * The plan prepared for run or preview: all values required; diagnostics printed; invalid
 * plans end with exit 3. Through the plan cache: a plan validated or run before is not parsed again.
 */
export async function analyzeForRun(planFile: string, values: ParsedCommandLine['values'], io: CliIo): Promise<{ analyzed: AnalyzedPlan } | { exit: ExitCode }> {
  const siteFile = stringOption(values, 'site');
  const result = await preparePlanCached(planFile, { siteFile, overrides: parseOverrides(listOption(values, 'param')), requireValues: true });
  const shown = result.diagnostics.filter((d) => d.severity !== 'info');
  printDiagnostics(io, values.verbose ? result.diagnostics : shown.filter((d) => d.severity === 'error'));
  if (!result.analyzed || hasErrors(result.diagnostics)) return { exit: EXIT.planInvalid };
  return { analyzed: result.analyzed };
}
