import * as nodeFs from 'node:fs';
import pino from 'pino';
import type { RunObserver } from './run-environment.js';

type Level = 'info' | 'warn' | 'error';

/** The file operations of the log; injectable so tests can fill the disk. */
export type LogFs = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'closeSync'>;

function writeAll(fs: LogFs, fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(fd, bytes, offset);
}
/** Fields and message, built when the line is written (masking is not free either). */
interface Entry { at: number; level: Level; build(): [Record<string, unknown>, string] }

/**
 * pino JSON lines in the run directory, every message passed through the masker first.
 * Lines are formatted and written after the engine has started the next command, while
 * it waits for it (setImmediate), not between two commands: between them the engine
 * only does what the next start depends on. Each line keeps the time of its event. A
 * kill -9 can lose the last few lines; the journal, written ahead, is the record.
 * A log that cannot be written (a full disk) stops taking lines and says so once through
 * onBroken: it must never stop a run half-way, which would leave the site changed.
 */
export function createLogObserver(
  file: string, mask: (text: string) => string, runId: string,
  onBroken: (message: string) => void, fs: LogFs = nodeFs,
): { observer: RunObserver; close(): void } {
  // pino formats into `lines`; each batch is one write(2). Not pino.destination: its flushSync
  // fsyncs the file every time (measured 0.24 ms a step), and the log needs no fsync.
  let lines: string[] = [];
  let eventTime = 0;
  const logger = pino({ base: { run: runId }, timestamp: () => `,"time":"${new Date(eventTime).toISOString()}"` }, { write: (line: string) => { lines.push(line); } });
  let queue: Entry[] = [];
  let scheduled = false;
  let closed = false;
  let fd: number | null = null;
  const broke = (error: unknown): void => {
    if (fd !== null) { try { fs.closeSync(fd); } catch { /* already failing */ } }
    fd = null;
    closed = true;
    onBroken(`the run's log ${file} cannot be written (${(error as Error).message}): it takes no more lines; the journal, written ahead, still holds the run`);
  };
  try { fd = fs.openSync(file, nodeFs.constants.O_WRONLY | nodeFs.constants.O_CREAT | nodeFs.constants.O_APPEND, 0o600); } catch (error) { broke(error); }
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
    if (text === '' || fd === null) return;
    try { writeAll(fs, fd, text); } catch (error) { broke(error); }
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
      if (fd === null) return;
      try { fs.closeSync(fd); } catch (error) { broke(error); }
      fd = null;
    },
  };
}
