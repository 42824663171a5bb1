import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunDir, formatRunTimestamp, resolveDefaultStateDir, slugifyPlanName } from '../../engine/run/system/state-dir.js';
import { writeFileAtomic } from '../../engine/run/system/write-file-atomic.js';
import { createFixedIds, randomIds } from '../../engine/run/system/ids.js';
import { createManualClock, realClock } from '../../engine/run/system/clock.js';
import { MirrorplanError } from '../../engine/errors/mirrorplan-error.js';

describe('state directory', () => {
  it('chooses env override, then root default, then XDG, then ~/.local/state', () => {
    expect(resolveDefaultStateDir({ env: { MIRRORPLAN_STATE_DIR: '/srv/mp' }, uid: 0 })).toBe('/srv/mp');
    expect(resolveDefaultStateDir({ env: {}, uid: 0 })).toBe('/var/lib/mirrorplan');
    expect(resolveDefaultStateDir({ env: { XDG_STATE_HOME: '/home/a/.st' }, uid: 1000 })).toBe('/home/a/.st/mirrorplan');
    expect(resolveDefaultStateDir({ env: { XDG_STATE_HOME: 'relative' }, uid: 1000, home: '/home/a' })).toBe('/home/a/.local/state/mirrorplan');
    expect(resolveDefaultStateDir({ env: {}, uid: 1000, home: '/home/a' })).toBe('/home/a/.local/state/mirrorplan');
  });

  it('creates a run directory with a sortable, readable run id and mode 0700', () => {
    const stateDir = join(mkdtempSync(join(tmpdir(), 'mp-state-')), 'state');
    const clock = createManualClock(new Date('2026-11-23T14:25:01.500Z'));
    const run = createRunDir(stateDir, 'AIX split-mirror', clock, createFixedIds(['3f9c']));
    expect(run.runId).toBe('20261123T142501.500Z-aix-split-mirror-3f9c');
    expect(run.dir).toBe(join(stateDir, 'runs', run.runId));
    expect(statSync(run.dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(stateDir, 'runs')).mode & 0o777).toBe(0o700);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
  });

  it('takes another suffix when the run id is already taken, and says so when it cannot', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'mp-state-'));
    const clock = createManualClock(new Date('2026-11-23T14:25:01Z'));
    createRunDir(stateDir, 'p', clock, createFixedIds(['aaaa']));
    expect(createRunDir(stateDir, 'p', clock, createFixedIds(['aaaa', 'bbbb'])).runId).toBe('20261123T142501.000Z-p-bbbb');
    let error: unknown;
    try {
      createRunDir(stateDir, 'p', clock, { next: () => 'aaaa' });
    } catch (e) {
      error = e;
    }
    expect((error as MirrorplanError).code).toBe('RUN_DIR_COLLISION');
  });

  it('formats timestamps and slugs', () => {
    expect(formatRunTimestamp(new Date('2026-01-02T03:04:05.999Z'))).toBe('20260102T030405.999Z');
    expect(slugifyPlanName('  PRIMECLUSTER/ETERNUS snapshot!  ')).toBe('primecluster-eternus-snapshot');
    expect(slugifyPlanName('///')).toBe('plan');
    expect(randomIds.next(4)).toMatch(/^[0-9a-f]{4}$/);
  });

  it('writes files atomically with mode 0600 and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp-atomic-'));
    const path = join(dir, 'plan.resolved.json');
    writeFileSync(path, 'old', { mode: 0o644 });
    writeFileAtomic(path, '{"new":true}');
    expect(readFileSync(path, 'utf8')).toBe('{"new":true}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['plan.resolved.json']);
    expect(() => writeFileAtomic(join(dir, 'missing-dir', 'x'), 'x')).toThrow(/ENOENT/);
  });
});

describe('clocks', () => {
  it('manual clock wakes sleepers on advance, in order', async () => {
    const clock = createManualClock(new Date(0));
    const woke: number[] = [];
    const a = clock.sleep(100).then(() => woke.push(100));
    const b = clock.sleep(50).then(() => woke.push(50));
    clock.advance(60);
    await b;
    expect(woke).toEqual([50]);
    clock.advance(40);
    await a;
    expect(woke).toEqual([50, 100]);
    expect(clock.now().getTime()).toBe(100);
  });

  it('real sleep is cut short by abort', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('interrupted')), 20);
    await expect(realClock.sleep(10_000, controller.signal)).rejects.toThrow('interrupted');
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(realClock.sleep(1, AbortSignal.abort())).rejects.toBeDefined();
    await realClock.sleep(1);
  });
});
