/** Every default of the plan language in one table (ajv keeps its defaults the same way). */
export const PLAN_DEFAULTS = {
  timeoutMs: 10 * 60_000,
  probeTimeoutMs: 60_000,
  killGraceMs: 5_000,
  retryAttempts: 1,
  retryBackoffMs: 1_000,
  retryMaxBackoffMs: 60_000,
  waitIntervalMs: 5_000,
  waitDeadlineMs: 60 * 60_000,
  stringMaxLength: 4096,
  transport: 'local',
  implicitHost: 'local',
} as const;
