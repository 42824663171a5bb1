import pino from 'pino';
import type { RunObserver } from './run-environment.js';

/** pino JSON lines in the run directory; every message passed through the masker first. */
export function createLogObserver(file: string, mask: (text: string) => string, runId: string): { observer: RunObserver; close(): void } {
  const destination = pino.destination({ dest: file, sync: false, mkdir: true, mode: 0o600 });
  const logger = pino({ base: { run: runId }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  return {
    observer: {
      stepStarted: (e) => logger.info({ event: 'start', ...e, display: mask(e.display) }, `${e.phase} ${e.step} started on ${e.host}`),
      stepFinished: (e) => logger[e.ok ? 'info' : 'error']({ event: 'end', ...e, detail: mask(e.detail) }, `${e.phase} ${e.step} ${e.ok ? 'ok' : 'failed'}`),
      note: (level, message, data) => logger[level](data ?? {}, mask(message)),
    },
    close: () => { try { destination.flushSync(); } catch { /* not ready yet: nothing was written */ } destination.end(); },
  };
}
