import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock } from './lock.js';
import type { SiteState } from './types.js';

// The state file is replaced atomically (temp + fsync + rename) so a process
// killed mid-write leaves the previous complete version in place.

export const STATE_FILE = 'state.json';

export class SiteError extends Error {}

export function statePath(dir: string): string {
  return join(dir, STATE_FILE);
}

export function readState(dir: string): SiteState {
  const path = statePath(dir);
  if (!existsSync(path)) throw new SiteError(`no simulated site in ${dir} (missing ${STATE_FILE})`);
  return JSON.parse(readFileSync(path, 'utf8')) as SiteState;
}

export function writeState(dir: string, state: SiteState): void {
  const path = statePath(dir);
  const tmp = `${path}.tmp.${process.pid}`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, JSON.stringify(state, null, 1));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Run fn on the current state under the site lock; persist if it returns true. */
export function withState<T>(dir: string, fn: (state: SiteState) => { save: boolean; value: T }): T {
  const release = acquireLock(dir);
  try {
    const state = readState(dir);
    const { save, value } = fn(state);
    if (save) writeState(dir, state);
    return value;
  } finally {
    release();
  }
}
