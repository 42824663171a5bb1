import type { CliIo } from '../cli-io.js';
import { printDiagnostics } from '../cli-io.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { parameterOverrides, parseCommandLine, PLAN_INPUT_OPTIONS, stringOption } from '../parse-command-line.js';
import { hasErrors } from '../../errors/diagnostic.js';
import { preparePlanCached } from '../../prepare-plan-cached.js';
import { validateReportJson } from './validate-report.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a plan (and a site file) without running anything',
  usage: `usage: mirrorplan validate PLAN [--site FILE] [-p NAME=VALUE ...] [--json]

Checks a plan without running anything: the plan language (JSON Schema), then
references, reachability and rollback coverage. With --site or -p, also the parameter
values and hosts, and every parameter then needs a value.

options:
  -s, --site FILE         site file: parameter values and host inventory
  -p, --param NAME=VALUE  set a parameter (repeatable; overrides the site file)
      --json              print the result on stdout as JSON (format mirrorplan.validate/1)
  -h, --help              show this help
      --version           print the version

Diagnostics go to stderr as FILE:LINE:COL: severity CODE: message.
exit codes: 0 valid (warnings allowed), 2 bad command line, 3 plan or site file invalid`,
  async run(args: string[], io: CliIo) {
    const { values, positionals } = parseCommandLine(args, PLAN_INPUT_OPTIONS, { min: 1, max: 1, names: 'PLAN' });
    const siteFile = stringOption(values, 'site');
    const overrides = parameterOverrides(values);
    const result = await preparePlanCached(positionals[0] as string, { siteFile, overrides, requireValues: siteFile !== null || overrides.length > 0 });
    const valid = !hasErrors(result.diagnostics) && result.analyzed !== null;
    if (values.json) {
      io.out(validateReportJson(positionals[0] as string, result));
    } else {
      printDiagnostics(io, result.diagnostics);
      const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
      if (!valid) io.err(`${positionals[0]}: invalid: ${errors} error(s)`);
      if (valid && result.analyzed) {
        const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
        const missing = result.analyzed.plan.missingParams;
        io.out(`${positionals[0]}: valid plan "${result.analyzed.plan.name}", ${result.analyzed.plan.steps.length} steps, ${warnings} warning(s)${missing.length ? `; needs values for: ${missing.join(', ')}` : ''}`);
      }
    }
    return valid ? EXIT.ok : EXIT.planInvalid;
  },
};
