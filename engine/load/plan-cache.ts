import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { exposureOfPath } from './file-exposure.js';

/**
 * A validated plan kept as JSON, keyed by the sha256 of its file (DESIGN: yaml@2 takes
 * ~0.8 s on a 1000-step plan, JSON.parse a few ms). It holds the merged plan value after
 * schema and field checks, the files it came from with their hashes (extends), and the
 * positions the later stages usually need. Best effort: any failure to read or write it
 * only means the plan is parsed again. Its commands are run as they are, so a cache
 * directory or entry that anyone but its owner could have written is neither read nor
 * written: the plan is parsed again (a cache in a shared /tmp could inject commands).
 */
export interface PlanCacheEntry {
  format: typeof CACHE_FORMAT;
  value: unknown;
  /** Every file the plan was built from (extends), with the sha256 of its content. */
  files: Array<{ path: string; hash: string }>;
  /** Files positions point into, relative to the plan's folder ("" is the plan itself). */
  positionFiles: string[];
  /** "/steps/3" (value) or "k/steps/3" (key) -> [index in positionFiles, line, col]. */
  positions: Record<string, [number, number, number]>;
}

export const CACHE_FORMAT = 'mirrorplan.plan-cache/1';

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** MIRRORPLAN_CACHE_DIR, else $XDG_CACHE_HOME/mirrorplan, else ~/.cache/mirrorplan; "off" disables. */
export function planCacheDir(): string | null {
  const configured = process.env.MIRRORPLAN_CACHE_DIR;
  if (configured === 'off') return null;
  if (configured) return configured;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'mirrorplan', 'plans');
}

/**
 * The key covers the file's bytes and the exact plan language (schema hash) and engine
 * version, so a newer engine never trusts what an older one validated.
 */
export function planCacheKey(content: Buffer, engineStamp: string): string {
  return sha256(`${CACHE_FORMAT}\0${engineStamp}\0${sha256(content)}`);
}

export function readPlanCache(key: string): PlanCacheEntry | null {
  const dir = planCacheDir();
  if (!dir) return null;
  const file = join(dir, `${key}.json`);
  if (exposureOfPath(dir, true) !== null || exposureOfPath(file, false) !== null) return null;
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as PlanCacheEntry;
    if (entry.format !== CACHE_FORMAT) return null;
    // A base plan (extends) changed since: the cached merge is stale.
    for (const file of entry.files.slice(1)) if (sha256(readFileSync(file.path)) !== file.hash) return null;
    return entry;
  } catch {
    return null;
  }
}

export function writePlanCache(key: string, entry: PlanCacheEntry): void {
  const dir = planCacheDir();
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (exposureOfPath(dir, true) !== null) return;
    const target = join(dir, `${key}.json`);
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(entry), { mode: 0o600 });
    renameSync(temporary, target);
  } catch {
    /* a cache that cannot be written only costs time */
  }
}
