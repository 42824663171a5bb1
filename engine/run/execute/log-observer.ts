import { closeSync, constants, openSync, writeSync } from 'node:fs';
import pino from 'pino';
import type { RunObserver } from './run-environment.js';

type Level = 'info' | 'warn' | 'error';

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
}
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
  // pino formats into `lines`; each batch is one write(2). Not pino.destination: its flushSync
  // fsyncs the file every time (measured 0.24 ms a step), and the log needs no fsync.
  let lines: string[] = [];
  let eventTime = 0;
  const logger = pino({ base: { run: runId }, timestamp: () => `,"time":"${new Date(eventTime).toISOString()}"` }, { write: (line: string) => { lines.push(line); } });
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
    const text = lines.join('');
    lines = [];
    if (text !== '') writeAll(fd, text);
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
