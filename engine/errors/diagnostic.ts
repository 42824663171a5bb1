import { MirrorplanError, type ErrorDetails } from './mirrorplan-error.js';

/** A finding about a plan or site file, as plain data (ajv's style): stages collect them, the CLI prints them. */
export interface Diagnostic extends ErrorDetails {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** JSON-pointer-like path inside the document, e.g. /steps/3/command. */
  path?: string;
}

/** Thrown by a stage whose input has errors; carries all of them (bounded), not only the first. */
export class PlanInvalidError extends MirrorplanError {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0] ?? diagnostics[0];
    super('PLAN_INVALID', `${errors.length} error(s)${first ? `, first: ${first.message}` : ''}`, first ?? {});
    this.name = 'PlanInvalidError';
    this.diagnostics = diagnostics;
  }
}

export const MAX_DIAGNOSTICS = 50;

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:col: severity CODE message (hint)` — the form editors and grep understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}: ` : '';
  const step = d.step ? ` [step ${d.step}]` : '';
  const hint = d.hint ? `\n    hint: ${d.hint}` : '';
  return `${where}${d.severity} ${d.code}${step}: ${d.message}${hint}`;
}
