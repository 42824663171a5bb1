import { formatDiagnostic, type Diagnostic } from '../errors/diagnostic.js';

/** Results go to stdout, diagnostics and progress to stderr; tests capture both through this seam. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
}

export const processIo: CliIo = {
  out: (text) => { process.stdout.write(text.endsWith('\n') ? text : `${text}\n`); },
  err: (text) => { process.stderr.write(text.endsWith('\n') ? text : `${text}\n`); },
  isTTY: Boolean(process.stderr.isTTY),
};

export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d));
}
