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

/** 0..1. A copy driven by a process that died (syncvg killed) stays where it was. */
export function fraction(p: Progress, now: number): number {
  if (p.frozen !== undefined) return p.frozen;
  if (p.durationMs <= 0) return 1;
  const f = Math.min(1, Math.max(0, (now - p.startedAt) / p.durationMs));
  if (f < 1 && p.pid !== null && p.pid !== process.pid && !pidAlive(p.pid)) {
    p.frozen = f;
  }
  return f;
}

export function done(p: Progress, now: number): boolean {
  return fraction(p, now) >= 1;
}

export function percent(p: Progress, now: number): number {
  return Math.floor(fraction(p, now) * 100);
}
