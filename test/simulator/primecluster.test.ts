import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkSite } from '../../simulator/index.js';
import { newSite, ok, real, sim, sleep, until } from './helpers.js';

const TV = '/dev/dsk/c1t0d0s6';
const ACM = { env: { SWSTGNODE: 'acmnode' } };

vi.setConfig({ testTimeout: 60_000 });

describe('PRIMECLUSTER RMS + ETERNUS ACM', () => {
  it('hvdisp/hvassert show the userApplication and resources', async () => {
    const d = await newSite('primecluster-eternus');
    const disp = await ok(d, 'node1', 'hvdisp', ['-a']);
    expect(disp).toContain('Local System:  node1RMS');
    expect(disp).toMatch(/userApp_0 +userApp +Online/);
    expect((await sim(d, 'node1', 'hvassert', ['-s', 'userApp_0', 'Online'])).code).toBe(0);
    expect((await sim(d, 'node2', 'hvassert', ['-s', 'userApp_0', 'Online'])).code).toBe(1);
    expect((await sim(d, 'node1', 'hvassert', ['-s', 'nosuch', 'Online'])).code).toBe(2);
    expect((await sim(d, 'node1', 'lsvg')).code).toBe(127); // no AIX commands on Solaris hosts
  });

  it('unmounting a cluster file system outside maintenance mode faults the userApplication', async () => {
    const d = await newSite('primecluster-eternus');
    await ok(d, 'node1', 'umount', ['/acmdata']);
    await sleep(300);
    expect(await ok(d, 'node1', 'hvdisp', ['userApp_0'])).toMatch(/Faulted/);
    const v = checkSite(d).violations.join('\n');
    expect(v).toContain('userApplication userApp_0: Faulted');
    expect(v).toContain('application acmapp: stopped');
  });

  it('walkthrough seed 002 snapshot backup in maintenance mode ends healthy', async () => {
    const d = await newSite('primecluster-eternus');
    const n = 'node1';
    await ok(d, n, 'hvutil', ['-m', 'on', 'userApp_0']);
    expect(await ok(d, n, 'hvdisp', ['userApp_0'])).toMatch(/Maintenance +Online intended/);
    await ok(d, n, 'umount', ['/acmdata']);
    // The detector needs a moment: -s may still say Online, -w waits (seed 002 note).
    expect((await sim(d, n, 'hvassert', ['-w', 'Fsystem000_acmdata', 'Offline', '5'])).code).toBe(0);
    expect(await ok(d, n, 'swstbackup', [TV], ACM)).toBe(`${TV} swstbackup completed\n`);
    const off = await sim(d, n, 'hvutil', ['-m', 'off', 'userApp_0']);
    expect(off.code).toBe(1); // file system still unmounted
    await ok(d, n, 'mount', ['/acmdata']);
    expect((await sim(d, n, 'hvassert', ['-w', 'Fsystem000_acmdata', 'Online', '5'])).code).toBe(0);
    await ok(d, n, 'hvutil', ['-m', 'off', 'userApp_0']);
    expect(await ok(d, n, 'swstbackstat', [TV])).toMatch(/c1t0d2s1 +(executing|succeeded)/);
    expect(await ok(d, n, 'swsthistdisp', [TV])).toMatch(/^1 +1 /m);
    const mp = join(d, 'mnt', 'bv');
    mkdirSync(mp);
    await ok(d, n, 'mount', ['-F', 'ufs', '-o', 'ro', '/dev/dsk/c1t0d2s1', mp]);
    await real('tar', ['-cf', join(d, 'backups', 'acm.tar'), '-C', mp, '.']);
    await ok(d, n, 'umount', [mp]);
    expect(checkSite(d)).toEqual({ healthy: true, violations: [] });
  });

  it('synchronous backup: swststartsync, executing then equivalent, swstbackup -suspend', async () => {
    const d = await newSite('primecluster-eternus', 'ecCopyMs=8000,rmsDetectMs=200');
    const n = 'node1';
    expect((await sim(d, n, 'swststartsync', [TV])).stderr).toContain('SWSTGNODE');
    expect((await sim(d, 'node2', 'swststartsync', [TV], ACM)).code).not.toBe(0);
    expect(await ok(d, n, 'swststartsync', [TV], ACM)).toBe(`${TV} swststartsync completed\n`);
    expect(await ok(d, n, 'swstsyncstat', [TV])).toMatch(/executing +\d+%/);
    expect((await sim(d, n, 'swstbackup', [TV], ACM)).code).not.toBe(0); // not equivalent yet
    await until(async () => /equivalent 100%/.test(await ok(d, n, 'swstsyncstat', [TV])));
    await ok(d, n, 'hvutil', ['-m', 'on', 'userApp_0']);
    await ok(d, n, 'umount', ['/acmdata']);
    await ok(d, n, 'swstbackup', ['-suspend', TV], ACM);
    await ok(d, n, 'mount', ['/acmdata']);
    await ok(d, n, 'hvassert', ['-w', 'Fsystem000_acmdata', 'Online', '5']);
    await ok(d, n, 'hvutil', ['-m', 'off', 'userApp_0']);
    expect(await ok(d, n, 'swstsyncstat', [TV])).toMatch(/suspend +----/);
    expect(checkSite(d).healthy).toBe(true);
    await ok(d, n, 'swststartsync', [TV], ACM); // differential resume
    expect(await ok(d, n, 'swstcancelsync', [TV], ACM)).toContain('swstcancelsync completed');
  });

  it('blocked scenarios: faulted and online on the other node', async () => {
    const f = await newSite('primecluster-faulted');
    expect((await sim(f, 'node1', 'hvassert', ['-s', 'userApp_0', 'Online'])).code).toBe(1);
    expect((await sim(f, 'node1', 'hvutil', ['-m', 'on', 'userApp_0'])).code).toBe(1);
    expect(checkSite(f).violations).toContain('node1: userApplication userApp_0: Faulted');
    await ok(f, 'node1', 'hvutil', ['-c', 'userApp_0']);
    await ok(f, 'node1', 'hvswitch', ['userApp_0', 'node1RMS']);
    expect(checkSite(f).healthy).toBe(true);
    const o = await newSite('primecluster-other-node');
    expect((await sim(o, 'node1', 'hvassert', ['-s', 'userApp_0', 'Online'])).code).toBe(1);
    expect((await sim(o, 'node2', 'hvassert', ['-s', 'userApp_0', 'Online'])).code).toBe(0);
  });
});
