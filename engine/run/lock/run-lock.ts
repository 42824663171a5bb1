import { renameSync, unlinkSync } from 'node:fs';
import { ensureDirectory } from '../system/ensure-directory.js';
import { hostname as osHostname } from 'node:os';
import { dirname, join } from 'node:path';
import { isProcessAlive } from '../transport/process-liveness.js';
import { lockFileName, parseLockOwner, type LockOwner, type LockOwnerInput } from './lock-owner.js';
import { LockContendedError, LockHeldError, LockUnreadableError } from './lock-errors.js';
import { createExclusive, pauseSync, readTextOrNull, syncDirectory, writeTempBeside } from './lock-file-io.js';
import { stateDirUnusable } from '../system/state-dir.js';

/*
 * One lock file per lock name. A holder is alive when a process with its pid AND
 * its start time exists on this host; age never matters (a paused holder keeps
 * its lock; the mtime rule of proper-lockfile let two runs own one lock).
 *
 * Taking over a dead holder's lock replaces the file by rename, under a short
 * "break" mutex (another exclusive file) so that two takers cannot both replace
 * the same stale owner and both believe they won. The mutex is held for a few
 * file operations; if its own holder died in that window it is judged the same
 * way (pid + start time) and removed.
 */

export interface AcquireOptions {
  clock?: () => Date;
  /** This host's name as recorded in owners; default os.hostname(). */
  hostname?: string;
}

export interface LockHandle {
  acquired: true;
  name: string;
  path: string;
  owner: LockOwner;
  /** The dead holder whose lock we took over: the caller reports it and checks its run. */
  staleOwner: LockOwner | null;
}

const MAX_ROUNDS = 50;

function isHolderAlive(owner: LockOwner, ourHost: string): boolean {
  // A holder on another host (shared state dir) cannot be checked: count it as alive.
  return owner.hostname !== ourHost || isProcessAlive(owner.pid, owner.startTime);
}

function sameOwner(a: LockOwner, b: LockOwner): boolean {
  return a.runId === b.runId && a.pid === b.pid && a.startTime === b.startTime && a.hostname === b.hostname;
}

function readOwnerAt(path: string): { text: string; owner: LockOwner } | null {
  const text = readTextOrNull(path);
  if (text === null) return null;
  const owner = parseLockOwner(text);
  if (owner === null) throw new LockUnreadableError(path, JSON.stringify(text.slice(0, 200)));
  return { text, owner };
}

export type BreakOutcome = 'won' | 'changed' | 'busy';

/**
 * One takeover attempt of a lock whose file read `staleText` (a dead holder).
 * Exported for tests of the interleavings that real processes rarely hit.
 */
export function replaceStaleOwner(path: string, staleText: string, mine: string, me: LockOwner, ourHost: string): BreakOutcome {
  const mutex = `${path}.break`;
  if (!createExclusive(mutex, mine)) {
    const holder = readOwnerAt(mutex);
    if (holder !== null && !isHolderAlive(holder.owner, ourHost)) {
      // The mutex holder died mid-takeover; remove its mutex (only if it is still that one).
      if (readTextOrNull(mutex) === holder.text) unlinkSync(mutex);
    }
    return 'busy';
  }
  try {
    // Under the mutex nobody else replaces the file, and a dead owner releases nothing,
    // so if it still holds the stale owner we may replace it.
    if (readTextOrNull(path) !== staleText) return 'changed';
    renameSync(writeTempBeside(path, mine), path);
    syncDirectory(dirname(path));
  } finally {
    unlinkSync(mutex);
  }
  const confirmed = readOwnerAt(path);
  return confirmed !== null && sameOwner(confirmed.owner, me) ? 'won' : 'changed';
}

/**
 * Takes the named lock or throws LOCK_HELD naming the live holder. When the
 * recorded holder is dead the lock is taken over and the dead holder returned
 * as `staleOwner`.
 */
export function acquireLock(lockDir: string, name: string, owner: LockOwnerInput, options: AcquireOptions = {}): LockHandle {
  try {
    return tryAcquireLock(lockDir, name, owner, options);
  } catch (error) {
    // A full or failing disk: nothing is held.
    throw stateDirUnusable(error, `the lock "${name}"`, lockDir);
  }
}

function tryAcquireLock(lockDir: string, name: string, owner: LockOwnerInput, options: AcquireOptions): LockHandle {
  const path = join(lockDir, lockFileName(name));
  const ourHost = options.hostname ?? osHostname();
  const me: LockOwner = { lock: name, ...owner, since: (options.clock ?? (() => new Date()))().toISOString() };
  const mine = `${JSON.stringify(me)}\n`;
  ensureDirectory(lockDir, 0o700, 'locks directory');

  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (createExclusive(path, mine)) return { acquired: true, name, path, owner: me, staleOwner: null };
    const current = readOwnerAt(path);
    if (current === null) continue; // released between our attempt and our read
    if (isHolderAlive(current.owner, ourHost)) throw new LockHeldError(path, current.owner, current.owner.hostname !== ourHost);
    const outcome = replaceStaleOwner(path, current.text, mine, me, ourHost);
    if (outcome === 'won') return { acquired: true, name, path, owner: me, staleOwner: current.owner };
    if (outcome === 'busy') pauseSync(5 + round);
  }
  throw new LockContendedError(path);
}

export type ReleaseOutcome = 'released' | 'not-owner' | 'missing';

/** Removes the lock only if it is still ours (it may have been taken over if we were thought dead). */
export function releaseLock(handle: LockHandle): ReleaseOutcome {
  const current = readOwnerAt(handle.path);
  if (current === null) return 'missing';
  if (!sameOwner(current.owner, handle.owner)) return 'not-owner';
  unlinkSync(handle.path);
  syncDirectory(dirname(handle.path));
  return 'released';
}

/** The recorded holder of a lock and whether it is alive (for `status`). */
export function inspectLock(lockDir: string, name: string, ourHost = osHostname()): { owner: LockOwner; alive: boolean } | null {
  const current = readOwnerAt(join(lockDir, lockFileName(name)));
  return current === null ? null : { owner: current.owner, alive: isHolderAlive(current.owner, ourHost) };
}
