/** Where a problem is and what to do about it; every field optional so each stage fills what it knows. */
export interface ErrorDetails {
  file?: string;
  line?: number;
  col?: number;
  step?: string;
  host?: string;
  hint?: string;
  expected?: string;
  found?: string;
}

const BRAND = Symbol.for('mirrorplan.error');

/**
 * Base of every expected failure. The CLI prints these without a stack trace; the
 * code is stable so scripts and tests can rely on it.
 */
export class MirrorplanError extends Error {
  readonly code: string;
  readonly [BRAND] = true;
  readonly details: ErrorDetails;

  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'MirrorplanError';
    this.code = code;
    this.details = details;
  }
}

/**
 * By brand, not instanceof: the CLI's entry and each bundle it loads (a command, the YAML
 * front end, the plan loader; build/bundle-cli.mjs) have their own copy of this class, and
 * an error thrown by one must still be recognised (printed without a stack trace) by another.
 */
export function isMirrorplanError(error: unknown): error is MirrorplanError {
  return error instanceof Error && (error as unknown as Record<symbol, unknown>)[BRAND] === true;
}
