import type { CliIo } from './cli-io.js';

/** What the first signal makes the run do (the message must say it): the plan's on_interrupt, or a rollback already under way. */
export type FirstSignal = 'rolls back' | 'pauses' | 'pauses after the undo';

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
  forwardTo(interrupt: ((signal: string) => void) | null, first?: FirstSignal): void;
  stop(): void;
}

/** For a run about to go: one rolling back (recover) pauses after its current undo; otherwise the plan's on_interrupt. */
export function firstSignalOf(run: { rollingBack?: boolean; onInterrupt: 'rollback' | 'pause' }): FirstSignal {
  return run.rollingBack ? 'pauses after the undo' : run.onInterrupt === 'pause' ? 'pauses' : 'rolls back';
}

const FIRST_MESSAGE: Record<FirstSignal, string> = {
  'rolls back': 'stopping the current command and rolling back (send again to stop after the current undo step)',
  pauses: 'stopping the current command and pausing (the plan says on_interrupt: pause); the run stays resumable',
  'pauses after the undo': 'finishing the current undo step, then pausing; the run stays resumable',
};

export function relaySignals(io: CliIo): SignalRelay {
  const controller = new AbortController();
  let interrupt: ((signal: string) => void) | null = null;
  let first: FirstSignal = 'rolls back';
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (!interrupt) {
      io.err(`\nmirrorplan: ${signal}: stopping before anything more is done`);
      controller.abort(signal);
      return;
    }
    count++;
    const again = first === 'rolls back' ? 'finishing the current undo step, then pausing; the run stays resumable' : 'already stopping; the run will pause';
    io.err(`\nmirrorplan: ${signal}${count === 1 ? `: ${FIRST_MESSAGE[first]}` : ` again: ${again}`}`);
    interrupt(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('SIGHUP', handler);
  return {
    signal: controller.signal,
    forwardTo: (next, what = 'rolls back') => {
      interrupt = next; first = what; count = 0;
      // A signal that came after the last check and before this run took over is not lost.
      if (next && controller.signal.aborted) handler(controller.signal.reason as NodeJS.Signals);
    },
    stop: () => { process.off('SIGINT', handler); process.off('SIGTERM', handler); process.off('SIGHUP', handler); },
  };
}
