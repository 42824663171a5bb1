import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MirrorplanError } from '../../errors/mirrorplan-error.js';

/**
 * mkdir -p, one component at a time, with a typed error. Not mkdirSync's `recursive`:
 * on some paths (seen: /proc/1/x) it never returns, retrying ENOENT forever at full CPU,
 * which at 2 a.m. from cron is a hung backup with no message.
 */
export function ensureDirectory(path: string, mode: number, what: string): void {
  const missing: string[] = [];
  for (let dir = resolve(path); !isDirectory(dir); dir = dirname(dir)) {
    missing.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir, { mode });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && isDirectory(dir)) continue;
      throw new MirrorplanError('STATE_DIR_UNUSABLE', `cannot create the ${what} ${path}: ${code ?? 'error'} at ${dir}`, {
        file: path, found: String((error as Error).message), expected: `a directory the engine can create and write (${what})`,
        hint: 'give a writable directory with --state-dir DIR or MIRRORPLAN_STATE_DIR (the default is /var/lib/mirrorplan as root, else ~/.local/state/mirrorplan)',
      });
    }
  }
}

function isDirectory(path: string): boolean {
  try { return statSync(path).isDirectory(); } catch { return false; }
}
