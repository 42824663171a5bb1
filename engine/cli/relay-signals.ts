import type { CliIo } from './cli-io.js';

/**
 * SIGINT, SIGTERM and SIGHUP for the whole of a command that runs plans: before a run is
 * under way (waiting for a crashed run's processes, settling its in-doubt steps) they
 * abort `signal`, and the unfinished run is left as it was; once a run takes them
 * (forwardTo), the first stops its command and rolls back, the second pauses after
 * the current undo.
 */
export interface SignalRelay {
  readonly signal: AbortSignal;
  /** null: no run takes them any more (it ended); the next one aborts `signal` again. */
  forwardTo(interrupt: ((signal: string) => void) | null): void;
  stop(): void;
}

export function relaySignals(io: CliIo): SignalRelay {
  const controller = new AbortController();
  let interrupt: ((signal: string) => void) | null = null;
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (!interrupt) {
      io.err(`\nmirrorplan: ${signal}: stopping before anything more is done`);
      controller.abort(signal);
      return;
    }
    count++;
    io.err(count === 1 ? `\nmirrorplan: ${signal}: stopping the current command and rolling back (send again to stop after the current undo step)` : `\nmirrorplan: ${signal} again: finishing the current undo step, then pausing; the run stays resumable`);
    interrupt(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('SIGHUP', handler);
  return {
    signal: controller.signal,
    forwardTo: (next) => { interrupt = next; count = 0; },
    stop: () => { process.off('SIGINT', handler); process.off('SIGTERM', handler); process.off('SIGHUP', handler); },
  };
}
