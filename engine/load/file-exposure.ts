import { lstatSync, type Stats } from 'node:fs';

/** The uid files must belong to; null where there are no uids (Windows; POSIX systems, AIX included, all have them). */
export const trustedOwner = (): number | null => (typeof process.geteuid === 'function' ? process.geteuid() : null);

/** What lets someone else change this file or directory, as a phrase, or null when only its owner can. */
export function exposureOf(stats: Stats, directory: boolean, owner: number | null = trustedOwner()): string | null {
  if (stats.isSymbolicLink()) return 'is a symbolic link';
  if (directory ? !stats.isDirectory() : !stats.isFile()) return directory ? 'is not a directory' : 'is not a regular file';
  if (owner !== null && stats.uid !== owner) return `is owned by uid ${stats.uid}, not by uid ${owner} who runs mirrorplan`;
  if ((stats.mode & 0o022) !== 0) return `can be written by ${(stats.mode & 0o002) !== 0 ? 'anyone' : 'its group'} (mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')})`;
  return null;
}

/** What exposureOfPath says of a path that cannot be looked at (it does not exist). */
export const MISSING = 'does not exist';

/** exposureOf for a path; MISSING when there is nothing to look at. */
export function exposureOfPath(path: string, directory: boolean): string | null {
  let stats: Stats;
  try { stats = lstatSync(path); } catch { return MISSING; }
  return exposureOf(stats, directory);
}
