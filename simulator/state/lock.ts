import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Site lock: DIR/state.lock holds "pid starttime". It is created atomically by
// link(2) of a fully written temp file, so a reader never sees a half-written
// lock. Staleness is decided by whether that exact process still exists (pid
// plus its start time from /proc), never by age: a paused holder keeps its lock.

const LOCK = 'state.lock';

function procStart(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime) counted after the ")" that closes the comm field.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? '';
  } catch {
    return '';
  }
}

function alive(pid: number, start: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  const now = procStart(pid);
  return start === '' || now === '' || now === start;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export class LockTimeoutError extends Error {}

export function acquireLock(dir: string, timeoutMs = 30000): () => void {
  const lock = join(dir, LOCK);
  const me = `${process.pid} ${procStart(process.pid)}\n`;
  const tmp = join(dir, `.lock.${process.pid}.${Math.random().toString(36).slice(2)}`);
  writeFileSync(tmp, me);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        linkSync(tmp, lock);
        return () => releaseLock(lock, me);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      breakIfStale(lock);
      if (Date.now() > deadline) throw new LockTimeoutError(`site lock ${lock} is held by another process`);
      sleepSync(3 + Math.floor(Math.random() * 7));
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
}

function breakIfStale(lock: string): void {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8');
  } catch {
    return;
  }
  const [pidText, start] = text.trim().split(' ');
  const pid = Number(pidText);
  if (Number.isInteger(pid) && pid > 0 && alive(pid, start ?? '')) return;
  // Move the stale lock aside first: only one breaker wins the rename, so two
  // processes cannot both delete a lock that a third has just taken.
  const aside = `${lock}.stale.${process.pid}`;
  try {
    renameSync(lock, aside);
  } catch {
    return;
  }
  const moved = readFileSync(aside, 'utf8');
  if (moved !== text) {
    // We moved a fresh lock taken in between: put it back.
    try {
      linkSync(aside, lock);
    } catch {
      /* the holder will find its lock gone; it only matters on release */
    }
  }
  unlinkSync(aside);
}

function releaseLock(lock: string, me: string): void {
  try {
    if (readFileSync(lock, 'utf8') === me) unlinkSync(lock);
  } catch {
    /* nothing to release */
  }
}
