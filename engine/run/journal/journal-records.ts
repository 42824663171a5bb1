/**
 * Journal record types: a discriminated union on `type`. Every record gets `seq`
 * (1..n, no gaps) and `at` (ISO time) from the writer. Records are facts about
 * what happened, in order; a run's position is rebuilt from them, never from an
 * xstate snapshot (see DESIGN.md, pitfalls).
 *
 * Extensible: every record may carry `extra` (free-form JSON), and readers must
 * tolerate record types they do not know (newer engine wrote them).
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

interface Base {
  extra?: Record<string, JsonValue>;
}

export type RunStatus = 'succeeded' | 'rolled-back' | 'rollback-failed' | 'declined' | 'failed-before-change' | 'paused';

export interface RunStartRecord extends Base {
  type: 'run-start';
  runId: string;
  plan: string;
  planHash: string;
  /** Secrets already masked by the caller. */
  params: Record<string, JsonValue>;
  lock: string;
  host: string;
  pid: number;
  pidStartTime: string | null;
}

export interface GuardRecord extends Base {
  type: 'guard';
  accepted: boolean;
  reason: string;
  /** What the guard captured (later steps may use it), masked: replayed on resume. */
  captures?: Record<string, string | string[]>;
  /** The captures hid a secret: resume takes them whole from secret-captures.json. */
  secretCaptures?: true;
}

export interface PreflightRecord extends Base {
  type: 'preflight';
  id: string;
  ok: boolean;
  evidence: string;
}

export interface StepStartRecord extends Base {
  type: 'step-start';
  step: string;
  item?: string;
  attempt: number;
  host: string;
  /** Human-readable command with secrets masked (never the raw argv). */
  argvDisplay: string;
}

export interface StepSpawnedRecord extends Base {
  type: 'step-spawned';
  step: string;
  item?: string;
  pid: number;
  pgid: number;
  startTime: string | null;
}

export interface StepEndRecord extends Base {
  type: 'step-end';
  step: string;
  item?: string;
  outcome: 'ok' | 'failed';
  exitCode: number | null;
  captures: Record<string, string>;
  /** The captures hid a secret: resume takes them whole from secret-captures.json. */
  secretCaptures?: true;
  error: string | null;
}

export interface ObligationOpenRecord extends Base {
  type: 'obligation-open';
  step: string;
  item?: string;
}

export interface ObligationResolvedRecord extends Base {
  type: 'obligation-resolved';
  step: string;
  item?: string;
  /** The step whose success resolved it, when not an undo. */
  by?: string;
}

export interface RollbackStartRecord extends Base {
  type: 'rollback-start';
  reason: string;
}

export interface UndoStartRecord extends Base {
  type: 'undo-start';
  step: string;
  item?: string;
  action: number;
}

/** An undo command was started: its process group, so that recovery can wait for it (as for step-spawned). */
export interface UndoSpawnedRecord extends Base {
  type: 'undo-spawned';
  step: string;
  item?: string;
  action: number;
  pid: number;
  pgid: number;
  startTime: string | null;
}

export interface UndoEndRecord extends Base {
  type: 'undo-end';
  step: string;
  item?: string;
  action: number;
  outcome: 'ok' | 'failed';
  error?: string | null;
}

export interface PauseRecord extends Base {
  type: 'pause';
  reason: string;
}

/** An operator continued an unfinished run (resume forward, or recover by rolling back). */
export interface RunContinueRecord extends Base {
  type: 'run-continue';
  mode: 'resume' | 'recover';
  pid: number;
  pidStartTime: string | null;
  /** How the in-doubt step was settled, if there was one. */
  settled: string | null;
}

export interface RunEndRecord extends Base {
  type: 'run-end';
  status: RunStatus;
  summary: string;
}

export type JournalRecordBody =
  | RunStartRecord | GuardRecord | PreflightRecord
  | StepStartRecord | StepSpawnedRecord | StepEndRecord
  | ObligationOpenRecord | ObligationResolvedRecord
  | RollbackStartRecord | UndoStartRecord | UndoSpawnedRecord | UndoEndRecord
  | PauseRecord | RunContinueRecord | RunEndRecord;

export interface Stamped {
  seq: number;
  at: string;
}

export type JournalRecord = JournalRecordBody & Stamped;

export type JournalRecordType = JournalRecordBody['type'];

export type RecordOfType<T extends JournalRecordType> = Extract<JournalRecord, { type: T }>;

export function isRecordOfType<T extends JournalRecordType>(record: JournalRecord, type: T): record is RecordOfType<T> {
  return record.type === type;
}
