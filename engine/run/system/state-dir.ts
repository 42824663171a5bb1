import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import type { IdGenerator } from './ids.js';
import { isMirrorplanError, MirrorplanError } from '../../errors/mirrorplan-error.js';
import { ensureDirectory } from './ensure-directory.js';

export const STATE_DIR_ENV = 'MIRRORPLAN_STATE_DIR';

/** What to do when the state directory's disk fails while a run is set up (nothing ran by then). */
export const FAILING_DISK_HINT = 'free space on (or fix) the disk of the state directory, then try again; nothing was started and nothing is left behind';

/**
 * A file-system failure (a full or failing disk) while `what` was written, as the expected
 * error it is; typed errors pass as they are.
 */
export function stateDirUnusable(error: unknown, what: string, file: string): MirrorplanError {
  if (isMirrorplanError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return new MirrorplanError('STATE_DIR_UNUSABLE', `cannot write ${what} in ${file}: ${code}`, { file, found: (error as Error).message, hint: FAILING_DISK_HINT });
}

export interface StateDirContext {
  env?: NodeJS.ProcessEnv;
  /** Effective uid; undefined where the platform has none. */
  uid?: number;
  home?: string;
}

/**
 * Where runs and locks live unless a flag says otherwise:
 * $MIRRORPLAN_STATE_DIR, else /var/lib/mirrorplan for root (cron jobs on cluster
 * nodes), else $XDG_STATE_HOME/mirrorplan, else ~/.local/state/mirrorplan.
 */
export function resolveDefaultStateDir(context: StateDirContext = {}): string {
  const env = context.env ?? process.env;
  const uid = 'uid' in context ? context.uid : process.getuid?.();
  const fromEnv = env[STATE_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (uid === 0) return '/var/lib/mirrorplan';
  const xdg = env.XDG_STATE_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg !== undefined && xdg.startsWith('/')) return join(xdg, 'mirrorplan');
  return join(context.home ?? homedir(), '.local', 'state', 'mirrorplan');
}

export function runsDirOf(stateDir: string): string {
  return join(stateDir, 'runs');
}

export function locksDirOf(stateDir: string): string {
  return join(stateDir, 'locks');
}

/**
 * 2026-11-23T14:25:01.123Z → 20261123T142501.123Z (safe in file names). Milliseconds are
 * kept so that ids sort by start time: two runs in the same second (a fast run, then a
 * retry) were listed in the order of their random suffixes.
 */
export function formatRunTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '');
}

/** A plan name as a file-name-safe slug: lowercase, [a-z0-9-], at most 40 characters. */
export function slugifyPlanName(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return slug === '' ? 'plan' : slug;
}

export interface RunDir {
  runId: string;
  dir: string;
}

const MAX_ID_ATTEMPTS = 5;

/**
 * Creates `<stateDir>/runs/<runId>` (mode 0700, parents too), with a run id like
 * 20261123T142501.123Z-aix-split-mirror-3f9c. A collision (same millisecond, same random
 * suffix) takes another suffix; mkdir without `recursive` makes the claim atomic.
 */
export function createRunDir(stateDir: string, planName: string, clock: Pick<Clock, 'now'>, ids: IdGenerator): RunDir {
  const runsDir = runsDirOf(stateDir);
  ensureDirectory(runsDir, 0o700, 'runs directory');
  const prefix = `${formatRunTimestamp(clock.now())}-${slugifyPlanName(planName)}`;
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
    const runId = `${prefix}-${ids.next(4)}`;
    const dir = join(runsDir, runId);
    try {
      mkdirSync(dir, { mode: 0o700 });
      return { runId, dir };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw new MirrorplanError('STATE_DIR_UNUSABLE', `cannot create a run directory in ${runsDir}: ${code ?? 'error'}`, {
        file: runsDir, found: String((error as Error).message), expected: 'a runs directory the engine can write',
        hint: 'give a writable directory with --state-dir DIR or MIRRORPLAN_STATE_DIR',
      });
    }
  }
  throw new MirrorplanError('RUN_DIR_COLLISION', `could not create a unique run directory under ${runsDir}`, {
    file: runsDir, expected: 'a free run id', found: `${MAX_ID_ATTEMPTS} ids already taken for ${prefix}`,
    hint: 'check the id generator; retry in a second',
  });
}
