import { LockNameInvalidError } from './lock-errors.js';

/** Who holds a lock; stored as JSON in the lock file. */
export interface LockOwner {
  lock: string;
  runId: string;
  pid: number;
  /** From readProcessStartTime: with pid it tells a live holder from a reused pid. */
  startTime: string | null;
  hostname: string;
  /** ISO time the lock was taken. Informative only: staleness is never decided by age. */
  since: string;
}

export type LockOwnerInput = Pick<LockOwner, 'runId' | 'pid' | 'startTime' | 'hostname'>;

export function parseLockOwner(text: string): LockOwner | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.lock !== 'string' || typeof v.runId !== 'string' || typeof v.pid !== 'number' || typeof v.hostname !== 'string'
    || typeof v.since !== 'string' || (v.startTime !== null && typeof v.startTime !== 'string')) return null;
  return { lock: v.lock, runId: v.runId, pid: v.pid, startTime: v.startTime as string | null, hostname: v.hostname, since: v.since };
}

const SAFE_CHAR = /[A-Za-z0-9_-]/;

/**
 * File name for a lock: safe characters kept, everything else (including '/',
 * '.', and non-ASCII) percent-encoded as UTF-8 bytes. The mapping is injective,
 * so two different lock names never share a file.
 */
export function lockFileName(name: string): string {
  if (name.length === 0 || name.length > 100) throw new LockNameInvalidError(name);
  let out = '';
  for (const char of name) {
    if (SAFE_CHAR.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `${out}.lock`;
}
