import type { ResolvedPlan } from '../../resolve/resolved-plan.js';
import type { JournalWriter } from '../journal/journal-writer.js';
import type { Transport } from '../transport/transport.js';

/** Progress and log sink: the CLI renders it on a TTY and pino writes it to the run's log. */
export interface RunObserver {
  stepStarted(event: { step: string; item: string | null; host: string; display: string; attempt: number; phase: 'forward' | 'undo' | 'probe' }): void;
  stepFinished(event: { step: string; item: string | null; host: string; ok: boolean; durationMs: number; detail: string; phase: 'forward' | 'undo' | 'probe' }): void;
  note(level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void;
}

/** Answers manual gates; the CLI asks on the TTY or answers yes for --yes, tests answer directly. */
export interface Operator {
  confirm(prompt: string, signal: AbortSignal): Promise<boolean>;
}

export interface Sleeper { sleep(ms: number, signal?: AbortSignal): Promise<void> }

/** Every side effect a run needs, passed in so the core is testable without spawning or waiting. */
export interface RunEnvironment {
  plan: ResolvedPlan;
  run: { id: string; dir: string };
  transportFor(host: string): Transport;
  journal: JournalWriter;
  clock: Sleeper & { now(): number };
  observer: RunObserver;
  operator: Operator;
  mask(text: string): string;
  maxOutputBytes: number;
  /** The signal that interrupted the run, if any (set by driveMachine). */
  interruption?: () => string | null;
}

export const silentObserver: RunObserver = { stepStarted() {}, stepFinished() {}, note() {} };
