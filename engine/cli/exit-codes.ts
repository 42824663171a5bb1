/** Every exit code of the CLI, in one table; the README documents the same list. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  planInvalid: 3,
  blockers: 4,
  rolledBack: 5,
  rollbackFailed: 6,
  paused: 7,
  locked: 8,
  preflightFailed: 9,
  journalCorrupt: 10,
  inDoubt: 11,
  interrupted: 12,
  journalFailed: 13,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Expected failures (typed errors) and the exit code each ends the CLI with; anything else is a bug (1). */
const EXIT_FOR_ERROR: Record<string, ExitCode> = {
  USAGE: EXIT.usage, SPAWN_MODE_INVALID: EXIT.usage, STATE_DIR_UNUSABLE: EXIT.usage, WRITE_FAILED: EXIT.usage, RUN_NOT_FOUND: EXIT.usage, RUN_ID_INVALID: EXIT.usage, RUN_FINISHED: EXIT.usage, MANUAL_NEEDS_TTY: EXIT.usage,
  PLAN_INVALID: EXIT.planInvalid,
  JOURNAL_CORRUPT: EXIT.journalCorrupt, JOURNAL_MISSING: EXIT.journalCorrupt, JOURNAL_UNREADABLE: EXIT.journalCorrupt, RUN_PLAN_CORRUPT: EXIT.journalCorrupt, RUN_FILES_NOT_PRIVATE: EXIT.journalCorrupt,
  RUN_INTERRUPTED_EXISTS: EXIT.locked, RUN_STILL_RUNNING: EXIT.locked, STEP_STILL_RUNNING: EXIT.locked,
  IN_DOUBT: EXIT.inDoubt,
  CONTINUE_INTERRUPTED: EXIT.interrupted, INTERRUPTED_BEFORE_START: EXIT.interrupted,
  JOURNAL_WRITE_FAILED: EXIT.journalFailed,
};

export function exitCodeForError(code: string): ExitCode {
  return EXIT_FOR_ERROR[code] ?? (code.startsWith('LOCK_') ? EXIT.locked : EXIT.internal);
}
