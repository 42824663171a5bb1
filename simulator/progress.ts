import type { Progress } from './state/types.js';

// Long operations are a start time plus a duration; every query computes how far
// they got. No daemon runs: a copy "happens" because time passes.

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function startProgress(durationMs: number, pid: number | null): Progress {
  return { startedAt: Date.now(), durationMs, pid };
}

const clamp = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * 0..1. A copy driven by a process that died (syncvg killed, even by kill -9)
 * stops where that process last checked in.
 */
export function fraction(p: Progress, now: number): number {
  if (p.frozen !== undefined) return p.frozen;
  if (p.durationMs <= 0) return 1;
  if (p.pid !== null && p.pid !== process.pid && !pidAlive(p.pid)) {
    const atDeath = clamp(((p.beat ?? p.startedAt) - p.startedAt) / p.durationMs);
    if (atDeath < 1) {
      p.frozen = atDeath;
      return atDeath;
    }
  }
  return clamp((now - p.startedAt) / p.durationMs);
}

/** How often a waiting process checks in (bounds the progress lost when it is killed). */
export const BEAT_MS = 200;

export function done(p: Progress, now: number): boolean {
  return fraction(p, now) >= 1;
}

export function percent(p: Progress, now: number): number {
  return Math.floor(fraction(p, now) * 100);
}
