import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkSite, injectFault, readState } from '../../simulator/index.js';
import { admin, MAIN, newSite, ok, sim, sleep, until } from './helpers.js';

vi.setConfig({ testTimeout: 60_000 });

describe('fault injection', () => {
  it('fails the Nth call with the given code and message (CLI)', async () => {
    const d = await newSite('aix-hacmp');
    const r = await admin(['fault', '--dir', d, '--command', 'lslv', '--call', '2', '--action', 'fail', '--code', '3', '--message', '0516-xxx lslv: injected']);
    expect(r.stdout).toContain('call #2 of lslv');
    expect((await sim(d, 'node1', 'lslv', ['fslv'])).code).toBe(0);
    const second = await sim(d, 'node1', 'lslv', ['fslv']);
    expect(second).toEqual({ code: 3, stdout: '', stderr: '0516-xxx lslv: injected\n' });
    expect((await sim(d, 'node1', 'lslv', ['fslv'])).code).toBe(0);
    expect(readState(d).calls.lslv).toBe(3);
  });

  it('counts calls per host when the fault names a host', async () => {
    const d = await newSite('aix-hacmp');
    injectFault(d, { command: 'clRGinfo', call: 1, action: 'fail', code: 4, host: 'node2' });
    expect((await sim(d, 'node1', 'clRGinfo')).code).toBe(0);
    expect((await sim(d, 'node2', 'clRGinfo')).code).toBe(4);
    expect((await sim(d, 'node2', 'clRGinfo')).code).toBe(0);
  });

  it('hang: the command sleeps until killed and holds no lock meanwhile', async () => {
    const d = await newSite('aix-hacmp');
    injectFault(d, { command: 'syncvg', call: 1, action: 'hang' });
    const t0 = Date.now();
    const hung = await sim(d, 'node1', 'syncvg', ['-l', 'fslv'], { signal: AbortSignal.timeout(1500) });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
    expect(hung.code).not.toBe(0);
    expect((await sim(d, 'node1', 'lsvg', ['-o'])).code).toBe(0);
    expect((await sim(d, 'node1', 'syncvg', ['-l', 'fslv'])).code).toBe(0);
  });

  it('slow: delays then behaves normally', async () => {
    const d = await newSite('aix-hacmp');
    injectFault(d, { command: 'lsvg', call: 1, action: 'slow', delayMs: 1000 });
    const t0 = Date.now();
    expect(await ok(d, 'node1', 'lsvg', ['-o'])).toBe('datavg\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  });

  it('rejects a bad fault and a missing environment', async () => {
    const d = await newSite('aix-hacmp');
    expect((await admin(['fault', '--dir', d, '--command', 'lsvg', '--call', '0', '--action', 'fail'])).code).toBe(2);
    expect((await admin(['fault', '--dir', d, '--command', 'lsvg', '--call', '1', '--action', 'fail', '--host', 'nohost'])).code).toBe(2);
    const r = spawnSync(process.execPath, [MAIN, 'lsvg'], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('MIRRORPLAN_SIM_DIR is not set');
    expect((await sim(d, 'nohost', 'lsvg')).code).toBe(2);
  });
});

describe('state locking', () => {
  it('concurrent invocations each count once and leave a valid state', async () => {
    const d = await newSite('aix-hacmp');
    const runs = await Promise.all(Array.from({ length: 24 }, (_, i) => sim(d, i % 2 ? 'node1' : 'node2', 'clRGinfo', ['-s'])));
    expect(runs.every((r) => r.code === 0)).toBe(true);
    const s = readState(d);
    expect(s.calls.clRGinfo).toBe(24);
    expect((s.calls['clRGinfo@node1'] ?? 0) + (s.calls['clRGinfo@node2'] ?? 0)).toBe(24);
    // Each command made one write per running app (two apps): none lost.
    expect((s.datasets.data1?.generation ?? 0) + (s.datasets.data2?.generation ?? 0)).toBe(10 + 48);
  });

  it('a lock left by a dead process is broken', async () => {
    const d = await newSite('aix-hacmp');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(d, 'state.lock'), `${dead.stdout} 1\n`);
    expect((await sim(d, 'node1', 'lsvg', ['-o'])).code).toBe(0);
  });

  it('a syncvg killed mid-way leaves the remaining partitions stale, a new syncvg finishes', async () => {
    const d = await newSite('aix-hacmp', 'syncvgMs=8000');
    await ok(d, 'node1', 'appctl', ['quiesce', 'app1']);
    await ok(d, 'node1', 'umount', ['/fsdata']);
    await ok(d, 'node1', 'splitlvcopy', ['-y', 'fslvbk', 'fslv', '1']);
    await ok(d, 'node1', 'rmlv', ['-f', 'fslvbk']);
    await ok(d, 'node1', 'mklvcopy', ['fslv', '2']);
    const ac = new AbortController();
    const t0 = Date.now();
    const run = sim(d, 'node1', 'syncvg', ['-l', 'fslv'], { signal: ac.signal });
    const staleNow = async (): Promise<number> => Number(/STALE PPs: +(\d+)/.exec(await ok(d, 'node1', 'lslv', ['fslv']))?.[1]);
    // Well past the first partition: the killed syncvg's last check-in (every 200 ms, later
    // on a loaded machine) is then certainly past it too, so some progress must remain.
    await until(async () => (await staleNow()) < 13);
    ac.abort();
    await run;
    // Past the time the whole sync would have taken: the rest stays stale.
    await sleep(Math.max(0, t0 + 8500 - Date.now()));
    const stale = await staleNow();
    expect(stale).toBeGreaterThan(0);
    expect(stale).toBeLessThan(16);
    expect(checkSite(d).violations.join('\n')).toContain(`lv fslv: ${stale} stale PPs`);
    await ok(d, 'node1', 'syncvg', ['-v', 'datavg']);
    await ok(d, 'node1', 'mount', ['/fsdata']);
    await ok(d, 'node1', 'appctl', ['resume', 'app1']);
    expect(checkSite(d).healthy).toBe(true);
  });
});
