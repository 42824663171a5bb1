import { formatDiagnostic, type Diagnostic } from '../errors/diagnostic.js';

/** Results go to stdout, diagnostics and progress to stderr; tests capture both through this seam. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
}

/**
 * A writer to stdout or stderr that outlives its reader: `mirrorplan run ... | head` or a
 * closed terminal must not kill a run part-way through a split (EPIPE is an 'error' event,
 * fatal when unhandled). What cannot be shown is still in the run's journal and log.
 */
function lineWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  let watched = false;
  return (text) => {
    if (closed) return;
    if (!watched) { watched = true; stream.on('error', () => { closed = true; }); }
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
  };
}

export const processIo: CliIo = {
  out: lineWriter(process.stdout),
  err: lineWriter(process.stderr),
  isTTY: Boolean(process.stderr.isTTY),
};

export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d));
}
