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
function lineWriter(stream: NodeJS.WriteStream, onFailure: (error: NodeJS.ErrnoException) => void = () => {}): (text: string) => void {
  let closed = false;
  let watched = false;
  return (text) => {
    if (closed) return;
    if (!watched) { watched = true; stream.on('error', (error: NodeJS.ErrnoException) => { closed = true; onFailure(error); }); }
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
  };
}

/** Why stdout could not take the output (a full disk under `> file`), other than its reader leaving. */
let stdoutFailure: NodeJS.ErrnoException | null = null;

export const processIo: CliIo = {
  out: lineWriter(process.stdout, (error) => { if (error.code !== 'EPIPE') stdoutFailure ??= error; }),
  err: lineWriter(process.stderr),
  isTTY: Boolean(process.stderr.isTTY),
};

/**
 * Once everything is written: a command whose output was lost (`graph > file` on a full
 * disk) must not end 0 as if the file held it. A run keeps its own exit code (its journal
 * is the record); the message says what was lost.
 */
export function reportLostOutput(exitCode: number): number {
  if (stdoutFailure === null) return exitCode;
  processIo.err(`mirrorplan: the output could not be written to standard output (${stdoutFailure.code ?? stdoutFailure.message}); it is incomplete`);
  return exitCode === 0 ? 2 : exitCode;
}

export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d));
}
