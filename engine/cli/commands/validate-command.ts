import type { CliIo } from '../cli-io.js';
import { printDiagnostics } from '../cli-io.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { listOption, parseCommandLine, PLAN_INPUT_OPTIONS, stringOption } from '../parse-command-line.js';
import { hasErrors } from '../../errors/diagnostic.js';
import { preparePlan } from '../../prepare-plan.js';
import { parseOverrides } from './plan-input.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a plan (and a site file) without running anything',
  usage: `usage: mirrorplan validate PLAN [--site FILE] [-p name=value ...] [--json]

Checks the plan against the plan language (JSON Schema), then references, reachability
and rollback coverage; with --site or -p also the parameter values and hosts.
Exit codes: 0 valid (warnings allowed), 3 invalid, 2 bad flags.`,
  async run(args: string[], io: CliIo) {
    const { values, positionals } = parseCommandLine(args, PLAN_INPUT_OPTIONS, { min: 1, max: 1, names: 'PLAN' });
    const siteFile = stringOption(values, 'site');
    const overrides = parseOverrides(listOption(values, 'param'));
    const result = preparePlan(positionals[0] as string, { siteFile, overrides, requireValues: siteFile !== null || overrides.length > 0 });
    const valid = !hasErrors(result.diagnostics) && result.analyzed !== null;
    if (values.json) {
      io.out(JSON.stringify({
        valid,
        plan: result.analyzed?.plan.name ?? null,
        steps: result.analyzed?.plan.steps.length ?? null,
        diagnostics: result.diagnostics,
        coverage: result.analyzed?.coverage ?? [],
      }, null, 2));
    } else {
      printDiagnostics(io, result.diagnostics);
      if (valid && result.analyzed) {
        const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
        const missing = result.analyzed.plan.missingParams;
        io.out(`${positionals[0]}: valid plan "${result.analyzed.plan.name}", ${result.analyzed.plan.steps.length} steps, ${warnings} warning(s)${missing.length ? `; needs values for: ${missing.join(', ')}` : ''}`);
      }
    }
    return valid ? EXIT.ok : EXIT.planInvalid;
  },
};
