import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { acquireLock, inspectLock, releaseLock, replaceStaleOwner } from '../../engine/run/lock/run-lock.js';
import { lockFileName, type LockOwner } from '../../engine/run/lock/lock-owner.js';
import { readProcessStartTime } from '../../engine/run/transport/process-liveness.js';
import { MirrorplanError } from '../../engine/errors/mirrorplan-error.js';
import { compileForChild } from './compile-for-child.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface ChildReport { won: boolean; code?: string; stale?: LockOwner | null; pid: number }

/** A real node process that tries to take the lock, reports, and holds it until its stdin closes. */
function startLockChild(lockDir: string, name: string, runId: string): { child: ChildProcess; ready: Promise<void>; report: Promise<ChildReport> } {
  const build = compileForChild();
  const script = `
    import { acquireLock } from '${build}/engine/run/lock/run-lock.js';
    import { readProcessStartTime } from '${build}/engine/run/transport/process-liveness.js';
    import { hostname } from 'node:os';
    import { createInterface } from 'node:readline';
    const owner = { runId: ${JSON.stringify(runId)}, pid: process.pid, startTime: readProcessStartTime(process.pid), hostname: hostname() };
    const input = createInterface({ input: process.stdin });
    console.log('ready');
    await new Promise((resolve) => input.once('line', resolve)); // wait for "go", so takers race for real
    try {
      const handle = acquireLock(${JSON.stringify(lockDir)}, ${JSON.stringify(name)}, owner);
      console.log(JSON.stringify({ won: true, stale: handle.staleOwner, pid: process.pid }));
    } catch (error) {
      console.log(JSON.stringify({ won: false, code: error.code, pid: process.pid }));
    }
    input.on('close', () => process.exit(0));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const received: string[] = [];
  const waiters: Array<() => void> = [];
  lines.on('line', (line) => { received.push(line); waiters.splice(0).forEach((w) => w()); });
  const nextLine = (index: number) => new Promise<string>((resolve, reject) => {
    const check = () => (received.length > index ? resolve(received[index]!) : waiters.push(check));
    child.once('exit', (code) => reject(new Error(`lock child exited early (${code})`)));
    check();
  });
  const ready = nextLine(0).then(() => undefined);
  const report = nextLine(1).then((line) => JSON.parse(line) as ChildReport);
  return { child, ready, report };
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

function me(runId: string) {
  return { runId, pid: process.pid, startTime: readProcessStartTime(process.pid), hostname: hostname() };
}

function codeOf(fn: () => unknown): MirrorplanError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MirrorplanError) return error;
    throw error;
  }
  throw new Error('expected a MirrorplanError');
}

function newLockDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'mp-lock-')), 'locks');
}

describe('run lock', () => {
  it('refuses while another live process holds it, naming the holder; takes it over after that process is killed', async () => {
    const lockDir = newLockDir();
    const holder = startLockChild(lockDir, 'datavg-backup', 'run-held');
    await holder.ready;
    holder.child.stdin!.write('go\n');
    const held = await holder.report;
    expect(held.won).toBe(true);

    const refused = codeOf(() => acquireLock(lockDir, 'datavg-backup', me('run-second')));
    expect(refused.code).toBe('LOCK_HELD');
    expect(refused.message).toContain('run-held');
    expect(refused.message).toContain(`pid ${held.pid}`);
    expect(refused.message).toMatch(/since \d{4}-\d\d-\d\dT/);
    expect(refused.details.hint).toContain('status');

    holder.child.kill('SIGKILL');
    await waitForExit(holder.child);
    const handle = acquireLock(lockDir, 'datavg-backup', me('run-second'));
    expect(handle.staleOwner).toMatchObject({ runId: 'run-held', pid: held.pid, lock: 'datavg-backup' });
    expect(inspectLock(lockDir, 'datavg-backup')).toMatchObject({ owner: { runId: 'run-second' }, alive: true });
    expect(releaseLock(handle)).toBe('released');
    expect(inspectLock(lockDir, 'datavg-backup')).toBeNull();
  });

  it.each([1, 2, 3])('lets exactly one of several concurrent processes take over a stale lock (round %i)', async () => {
    const lockDir = newLockDir();
    const dead = spawnSync('true');
    acquireLock(lockDir, 'contended', { runId: 'run-dead', pid: dead.pid!, startTime: 'linux:gone:1', hostname: hostname() });
    const takers = Array.from({ length: 6 }, (_, i) => startLockChild(lockDir, 'contended', `run-taker-${i}`));
    await Promise.all(takers.map((t) => t.ready));
    for (const t of takers) t.child.stdin!.write('go\n');
    const reports = await Promise.all(takers.map((t) => t.report));
    const winners = reports.filter((r) => r.won);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.stale).toMatchObject({ runId: 'run-dead' });
    expect(reports.filter((r) => !r.won).every((r) => r.code === 'LOCK_HELD')).toBe(true);
    expect(inspectLock(lockDir, 'contended')?.owner.pid).toBe(winners[0]!.pid);
    // No temp or mutex files are left behind.
    expect(readdirSync(lockDir)).toEqual(['contended.lock']);
    for (const t of takers) t.child.stdin!.end();
  });

  it('a taker that read the stale owner before another taker won does not replace the winner', () => {
    const lockDir = newLockDir();
    const stale = acquireLock(lockDir, 'race', { runId: 'run-dead', pid: process.pid, startTime: 'linux:gone:1', hostname: hostname() });
    const staleText = readFileSync(stale.path, 'utf8');
    // Taker A completes a takeover; taker B saw the same stale text earlier and only now acts.
    const a = acquireLock(lockDir, 'race', me('run-a'));
    expect(a.staleOwner?.runId).toBe('run-dead');
    const b: LockOwner = { lock: 'race', ...me('run-b'), since: new Date().toISOString() };
    expect(replaceStaleOwner(stale.path, staleText, JSON.stringify(b), b, hostname())).toBe('changed');
    expect(inspectLock(lockDir, 'race')?.owner.runId).toBe('run-a');
  });

  it('a taker waits while another live process holds the takeover mutex, and removes a dead one\'s mutex', () => {
    const lockDir = newLockDir();
    const stale = acquireLock(lockDir, 'mutex', { runId: 'run-dead', pid: process.pid, startTime: 'linux:gone:1', hostname: hostname() });
    const staleText = readFileSync(stale.path, 'utf8');
    const b: LockOwner = { lock: 'mutex', ...me('run-b'), since: new Date().toISOString() };
    const live: LockOwner = { lock: 'mutex', ...me('run-live-taker'), since: new Date().toISOString() };
    writeFileSync(`${stale.path}.break`, JSON.stringify(live));
    expect(replaceStaleOwner(stale.path, staleText, JSON.stringify(b), b, hostname())).toBe('busy');
    expect(readFileSync(stale.path, 'utf8')).toBe(staleText);
    writeFileSync(`${stale.path}.break`, JSON.stringify({ ...live, startTime: 'linux:gone:2' }));
    expect(replaceStaleOwner(stale.path, staleText, JSON.stringify(b), b, hostname())).toBe('busy');
    expect(replaceStaleOwner(stale.path, staleText, JSON.stringify(b), b, hostname())).toBe('won');
    expect(readdirSync(lockDir)).toEqual(['mutex.lock']);
  });

  it('counts a reused pid (alive, but a different start time) as dead', () => {
    const lockDir = newLockDir();
    // Our own pid is certainly alive; the recorded start time says it was another process.
    acquireLock(lockDir, 'reused', { runId: 'run-old', pid: process.pid, startTime: 'linux:another-boot:12345', hostname: hostname() });
    const handle = acquireLock(lockDir, 'reused', me('run-new'));
    expect(handle.staleOwner).toMatchObject({ runId: 'run-old', pid: process.pid });
  });

  it('never decides by age: an old lock of a live process is held', () => {
    const lockDir = newLockDir();
    acquireLock(lockDir, 'old', me('run-old'), { clock: () => new Date('2001-01-01T00:00:00Z') });
    const error = codeOf(() => acquireLock(lockDir, 'old', me('run-new')));
    expect(error.code).toBe('LOCK_HELD');
    expect(error.message).toContain('since 2001-01-01T00:00:00.000Z');
  });

  it('treats a holder on another host as held, with a hint to check there', () => {
    const lockDir = newLockDir();
    acquireLock(lockDir, 'shared', { runId: 'run-remote', pid: 1, startTime: null, hostname: 'nodeB' });
    const error = codeOf(() => acquireLock(lockDir, 'shared', me('run-local')));
    expect(error.code).toBe('LOCK_HELD');
    expect(error.details.hint).toContain('nodeB');
  });

  it('releases only its own lock', () => {
    const lockDir = newLockDir();
    const first = acquireLock(lockDir, 'x', { runId: 'run-a', pid: process.pid, startTime: 'linux:stale:1', hostname: hostname() });
    const second = acquireLock(lockDir, 'x', me('run-b'));
    expect(releaseLock(first)).toBe('not-owner');
    expect(inspectLock(lockDir, 'x')?.owner.runId).toBe('run-b');
    expect(releaseLock(second)).toBe('released');
    expect(releaseLock(second)).toBe('missing');
  });

  it('writes private files and refuses an unreadable lock file rather than guessing', () => {
    const lockDir = newLockDir();
    const handle = acquireLock(lockDir, 'modes', me('run-a'));
    expect(statSync(handle.path).mode & 0o777).toBe(0o600);
    expect(statSync(lockDir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(handle.path, 'utf8'))).toMatchObject({ runId: 'run-a', pid: process.pid, lock: 'modes' });
    writeFileSync(join(lockDir, 'garbage.lock'), '{"runId":');
    expect(codeOf(() => acquireLock(lockDir, 'garbage', me('run-b'))).code).toBe('LOCK_UNREADABLE');
  });

  it('maps lock names to safe, distinct file names', () => {
    expect(lockFileName('datavg-backup')).toBe('datavg-backup.lock');
    expect(lockFileName('a/b')).toBe('a%2Fb.lock');
    expect(lockFileName('..')).toBe('%2E%2E.lock');
    expect(lockFileName('a%2Fb')).toBe('a%252Fb.lock');
    expect(lockFileName('vg é')).toBe('vg%20%C3%A9.lock');
    expect(codeOf(() => lockFileName('')).code).toBe('LOCK_NAME_INVALID');
    const lockDir = newLockDir();
    const handle = acquireLock(lockDir, '../escape', me('run-a'));
    expect(handle.path).toBe(join(lockDir, '%2E%2E%2Fescape.lock'));
  });
});
