import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/*
 * A pid alone does not identify a process: pids are reused. A lock owner or a
 * crashed engine's step is identified by pid + start time, and "alive" means a
 * process with that pid exists AND started at that time.
 *
 * Start-time tokens are opaque strings, compared for equality only:
 *   Linux:     "linux:<boot_id>:<starttime in clock ticks>" (field 22 of /proc/PID/stat);
 *              the boot id makes the token unique across reboots, where the same pid
 *              and tick count can come back for an early-boot process.
 *   elsewhere: "ps:<lstart>" (an absolute date, e.g. AIX/Solaris/macOS `ps -o lstart=`).
 */

let cachedBootId: string | null | undefined;

function readBootId(): string | null {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = null;
    }
  }
  return cachedBootId;
}

interface ProcStat {
  state: string;
  pgid: number;
  startTicks: string;
}

/** Parses /proc/PID/stat; the command name (field 2) may contain spaces and ')' so split after the last ')'. */
function readProcStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone (ENOENT/ESRCH) or unreadable: either way we cannot vouch for it
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  const state = fields[0];
  const startTicks = fields[19];
  const pgid = Number(fields[2]); // field 5
  if (state === undefined || startTicks === undefined) return null;
  return { state, pgid, startTicks };
}

function readPsStartTime(pid: number): string | null {
  const result = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' });
  if (result.status !== 0 || typeof result.stdout !== 'string') return null;
  const lstart = result.stdout.trim();
  return lstart === '' ? null : `ps:${lstart}`;
}

/** The token of a start time read from /proc/PID/stat by someone else (the spawner). */
export function linuxStartTime(startTicks: string): string {
  return `linux:${readBootId() ?? 'unknown-boot'}:${startTicks}`;
}

/** The start-time token of a live (or zombie) process, or null if it does not exist or cannot be read. */
export function readProcessStartTime(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (process.platform === 'linux') {
    const stat = readProcStat(pid);
    if (stat === null) return null;
    return linuxStartTime(stat.startTicks);
  }
  return readPsStartTime(pid);
}

function signalZero(target: number): 'alive' | 'gone' {
  try {
    process.kill(target, 0);
    return 'alive';
  } catch (error) {
    // EPERM: it exists but belongs to someone else; it is alive for our purposes.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'gone';
  }
}

/**
 * Whether the process that had this pid and start time still runs. With startTime
 * null only the pid is checked (weaker; used when the start time was unknown).
 * A zombie counts as dead: it will never do anything again.
 */
export function isProcessAlive(pid: number, startTime: string | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (signalZero(pid) === 'gone') return false;
  if (process.platform === 'linux') {
    const stat = readProcStat(pid);
    if (stat === null) return false;
    if (stat.state === 'Z' || stat.state === 'X') return false;
    return startTime === null || linuxStartTime(stat.startTicks) === startTime;
  }
  if (startTime === null) return true;
  const current = readPsStartTime(pid);
  // If ps cannot tell, say alive: the callers (locks, recovery) must err on the side of not interfering.
  return current === null ? true : current === startTime;
}

/**
 * Live (non-zombie) members of a process group, by scanning /proc; null where
 * /proc is not available. Used on recovery to say which of a crashed step's
 * processes still run.
 */
export function listProcessGroupMembers(pgid: number): number[] | null {
  if (process.platform !== 'linux') return null;
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const stat = readProcStat(pid);
    if (stat !== null && stat.pgid === pgid && stat.state !== 'Z' && stat.state !== 'X') members.push(pid);
  }
  return members;
}

/**
 * Whether a number can be a command's own process group. Why: kill(-0) reaches the
 * engine's own group and kill(-1) every process it may signal; neither is ever a group
 * the engine started (the in-memory spawner of the rehearsal reports pid 0).
 */
export const isCommandGroup = (pgid: number): boolean => Number.isInteger(pgid) && pgid > 1;

/**
 * Whether any process of the group is left (a crashed engine's step, or its
 * grandchildren). kill(-pgid, 0) also counts zombies not yet reaped by init,
 * so on Linux a positive answer is confirmed by looking for a live member.
 */
export function isProcessGroupAlive(pgid: number): boolean {
  if (!isCommandGroup(pgid)) return false;
  if (signalZero(-pgid) === 'gone') return false;
  const members = listProcessGroupMembers(pgid);
  return members === null ? true : members.length > 0;
}
