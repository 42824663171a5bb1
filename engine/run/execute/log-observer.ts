import { closeSync, constants, openSync } from 'node:fs';
import pino from 'pino';
import type { RunObserver } from './run-environment.js';

type Level = 'info' | 'warn' | 'error';
/** Fields and message, built when the line is written (masking is not free either). */
interface Entry { at: number; level: Level; build(): [Record<string, unknown>, string] }

/**
 * pino JSON lines in the run directory, every message passed through the masker first.
 * Lines are formatted and written after the engine has started the next command, while
 * it waits for it (setImmediate), not between two commands: between them the engine
 * only does what the next start depends on. Each line keeps the time of its event. A
 * kill -9 can lose the last few lines; the journal, written ahead, is the record.
 */
export function createLogObserver(file: string, mask: (text: string) => string, runId: string): { observer: RunObserver; close(): void } {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600);
  // Synchronous writes of whole batches: one write(2) per batch, nothing left in flight at close.
  const destination = pino.destination({ fd, sync: true, minLength: 8192 });
  let eventTime = 0;
  const logger = pino({ base: { run: runId }, timestamp: () => `,"time":"${new Date(eventTime).toISOString()}"` }, destination);
  let queue: Entry[] = [];
  let scheduled = false;
  let closed = false;
  const flush = (): void => {
    scheduled = false;
    if (closed) return;
    const entries = queue;
    queue = [];
    for (const entry of entries) {
      eventTime = entry.at;
      const [fields, message] = entry.build();
      logger[entry.level](fields, message);
    }
    destination.flushSync();
  };
  const push = (level: Level, build: Entry['build']): void => {
    if (closed) return;
    queue.push({ at: Date.now(), level, build });
    if (!scheduled) { scheduled = true; setImmediate(flush); }
  };
  return {
    observer: {
      stepStarted: (e) => push('info', () => [{ event: 'start', ...e, display: mask(e.display) }, `${e.phase} ${e.step} started on ${e.host}`]),
      stepFinished: (e) => push(e.ok ? 'info' : 'error', () => [{ event: 'end', ...e, detail: mask(e.detail) }, `${e.phase} ${e.step} ${e.ok ? 'ok' : 'failed'}`]),
      note: (level, message, data) => push(level, () => [data ?? {}, mask(message)]),
    },
    close: () => {
      flush();
      closed = true;
      closeSync(fd);
    },
  };
}
