import { durationMs } from '../validate/duration-ms.js';

/** "30s" -> 30000. The validate stage guarantees the form and the bound; undefined falls back to the default. */
export function parseDuration(text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const ms = durationMs(text);
  if (ms === null) throw new Error(`not a duration: ${text}`);
  return ms;
}

/** The inverse, for messages: 30000 -> "30s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)}m`;
  return `${+(ms / 3_600_000).toFixed(1)}h`;
}
