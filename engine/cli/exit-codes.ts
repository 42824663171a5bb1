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
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
