/** Time as the engine sees it: injectable so retries, deadlines and journal stamps are testable. */
export interface Clock {
  now(): Date;
  /** Resolves after ms; rejects with the signal's reason if aborted first (an interrupt stops a backoff). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

export const realClock: Clock = {
  now: () => new Date(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward and wakes the sleepers whose time has come. */
  advance(ms: number): void;
}

/** A clock for tests: time moves only when advance() is called; sleeps resolve on it. */
export function createManualClock(start: Date = new Date('2026-01-01T00:00:00Z')): ManualClock {
  let current = start.getTime();
  const sleepers: Array<{ wakeAt: number; resolve: () => void }> = [];
  return {
    now: () => new Date(current),
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      return new Promise<void>((resolve, reject) => {
        const sleeper = { wakeAt: current + Math.max(0, ms), resolve };
        sleepers.push(sleeper);
        signal?.addEventListener('abort', () => {
          const index = sleepers.indexOf(sleeper);
          if (index >= 0) sleepers.splice(index, 1);
          reject(abortReason(signal));
        }, { once: true });
      });
    },
    advance(ms) {
      current += ms;
      const due = sleepers.filter((s) => s.wakeAt <= current).sort((a, b) => a.wakeAt - b.wakeAt);
      for (const s of due) {
        sleepers.splice(sleepers.indexOf(s), 1);
        s.resolve();
      }
    },
  };
}
