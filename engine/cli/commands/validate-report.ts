import type { Diagnostic } from '../../errors/diagnostic.js';
import type { PrepareResult } from '../../prepare-plan.js';

/**
 * The --json form of `validate`, version 1. Every key is always present (null when it does
 * not apply) and in this order, so scripts can rely on it; new keys may be added at the end.
 */
export function validateReportJson(planFile: string, result: PrepareResult): string {
  const plan = result.analyzed?.plan ?? null;
  const count = (severity: Diagnostic['severity']) => result.diagnostics.filter((d) => d.severity === severity).length;
  return JSON.stringify({
    format: 'mirrorplan.validate/1',
    file: planFile,
    valid: plan !== null && count('error') === 0,
    plan: plan?.name ?? null,
    steps: plan?.steps.length ?? null,
    files: result.files,
    errors: count('error'),
    warnings: count('warning'),
    missing_parameters: plan?.missingParams ?? [],
    diagnostics: result.diagnostics.map(diagnosticJson),
    coverage: result.analyzed?.coverage ?? [],
  }, null, 2);
}

function diagnosticJson(d: Diagnostic) {
  return {
    severity: d.severity, code: d.code, message: d.message,
    file: d.file ?? null, line: d.line ?? null, col: d.col ?? null, path: d.path ?? null,
    step: d.step ?? null, host: d.host ?? null, hint: d.hint ?? null, expected: d.expected ?? null, found: d.found ?? null,
  };
}
