import type { CaptureValue } from '../resolve/render-template.js';
import type { Obligation } from './obligations.js';

/** The machine's context: everything a run knows that the plan does not. */
export interface RunContext {
  captures: Record<string, Record<string, CaptureValue>>;
  obligations: Obligation[];
  failure: { step: string; message: string } | null;
  /** Set by a second interrupt during rollback: finish the current undo, then pause. */
  stopAfterUndo: boolean;
  interrupted: string | null;
  outcomeDetail: string | null;
  /** On resume: body steps already completed per foreach and item, skipped when the foreach runs again. */
  foreachProgress?: Record<string, Record<string, string[]>>;
}

export interface StepOutput {
  step: string;
  next: string;
  captures?: Record<string, CaptureValue>;
  /** Obligations the step opened (a task with undo, a foreach's items). */
  opened?: Obligation | null;
  resolved?: string[];
}

/** Thrown (as the actor's error) by a failed step; `opened` carries what a failed foreach or an in-doubt command left to undo. */
export interface StepFailure {
  step: string;
  message: string;
  opened?: Obligation | null;
  /** For a command stopped part-way: whether its effect exists (see settle-stopped-step.ts). */
  effect?: true | false | 'unknown' | null;
  /** Obligations a stopped step closed anyway (its check says its effect exists). */
  resolved?: string[];
}

export type RunEvent = { type: 'INTERRUPT'; signal: string };

export interface GateOutput { passed: boolean; detail: string; captures?: Record<string, CaptureValue> }

export const FINAL_STATES = ['succeeded', 'rolledBack', 'rollbackFailed', 'declined', 'preflightFailed', 'paused'] as const;
export type FinalState = (typeof FINAL_STATES)[number];

export const stepState = (id: string) => `step:${id}`;
export const undoState = (id: string) => `undo:${id}`;
