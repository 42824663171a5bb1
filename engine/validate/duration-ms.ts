const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** The longest duration a timer can wait (2^31 - 1 ms, ~24.8 days): Node fires a longer one after 1 ms. */
export const MAX_DURATION_MS = 2 ** 31 - 1;
/** A wait's shortest poll interval: below it, polling is a busy loop against the probed system. */
export const MIN_INTERVAL_MS = 10;

/** "30s" -> 30000; null when the text is not a duration (the schema's form). */
export function durationMs(text: string): number | null {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : null;
}
