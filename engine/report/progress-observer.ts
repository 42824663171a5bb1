import type { RunObserver } from '../run/execute/run-environment.js';
import { printable } from './printable.js';

export interface ProgressOptions { write(line: string): void; verbose: boolean; color: boolean; now?: () => number }

const paint = (on: boolean, code: string, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Readable progress for a person: which step, on which host, for how long. Quiet (warnings only) unless verbose. */
export function createProgressObserver(options: ProgressOptions): RunObserver {
  const now = options.now ?? Date.now;
  const started = now();
  const clock = () => { const s = Math.floor((now() - started) / 1000); return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`; };
  const label = (phase: string, step: string, item: string | null) => `${phase === 'undo' ? 'undo ' : phase === 'probe' ? 'probe ' : ''}${step}${item === null ? '' : ` [${item}]`}`;
  return {
    stepStarted(e) {
      if (!options.verbose) return;
      options.write(`${clock()} ${paint(options.color, '36', '▶')} ${label(e.phase, e.step, e.item)} on ${e.host}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}: ${printable(e.display)}`);
    },
    stepFinished(e) {
      if (!options.verbose && e.ok) return;
      const mark = e.ok ? paint(options.color, '32', '✓') : paint(options.color, '31', '✗');
      options.write(`${clock()} ${mark} ${label(e.phase, e.step, e.item)} on ${e.host} ${formatMs(e.durationMs)}${e.ok ? '' : `: ${printable(e.detail)}`}`);
    },
    note(level, message) {
      if (!options.verbose && level === 'info') return;
      options.write(`${clock()} ${level === 'info' ? ' ' : paint(options.color, level === 'error' ? '31' : '33', '!')} ${printable(message)}`);
    },
  };
}

/** Fans one event out to several observers (progress on the terminal, pino in the run directory). */
export function combineObservers(...observers: RunObserver[]): RunObserver {
  return {
    stepStarted: (e) => observers.forEach((o) => o.stepStarted(e)),
    stepFinished: (e) => observers.forEach((o) => o.stepFinished(e)),
    note: (level, message, data) => observers.forEach((o) => o.note(level, message, data)),
  };
}
