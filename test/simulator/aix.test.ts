import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkSite, readState } from '../../simulator/index.js';
import { admin, newSite, ok, real, sim, until } from './helpers.js';

vi.setConfig({ testTimeout: 60_000 });

describe('AIX LVM commands', () => {
  it('lsvg and lslv show the documented layouts', async () => {
    const d = await newSite('aix-hacmp');
    expect(await ok(d, 'node1', 'lsvg')).toBe('datavg\npartnervg\n');
    expect(await ok(d, 'node1', 'lsvg', ['-o'])).toBe('datavg\n');
    const l = await ok(d, 'node1', 'lsvg', ['-l', 'datavg']);
    expect(l).toContain('LV NAME             TYPE       LPs     PPs     PVs  LV STATE      MOUNT POINT');
    expect(l).toContain('fslv                jfs2       16      32      2    open/syncd    /fsdata');
    const info = await ok(d, 'node1', 'lsvg', ['datavg']);
    expect(info).toMatch(/^VOLUME GROUP: {7}datavg {19}VG IDENTIFIER: {2}/);
    expect(info).toContain('STALE PVs:          0                        STALE PPs:      0');
    const lv = await ok(d, 'node1', 'lslv', ['fslv']);
    expect(lv).toContain('COPIES:             2                      SCHED POLICY:   parallel');
    expect(lv).toContain('LV STATE:       opened/syncd');
    expect(await ok(d, 'node1', 'lsvg', ['-p', 'datavg'])).toContain('PV_NAME           PV STATE          TOTAL PPs   FREE PPs    FREE DISTRIBUTION');
    expect((await ok(d, 'node1', 'lsvg', ['-M', 'datavg'])).split('\n')[0]).toBe('datavg');
    const bad = await sim(d, 'node1', 'lslv', ['nosuch']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('nosuch');
    const usage = await sim(d, 'node1', 'lsvg', ['-Z']);
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toContain('Usage');
    // The partner's VG is not varied on here.
    expect((await sim(d, 'node1', 'lsvg', ['-l', 'partnervg'])).code).toBe(1);
  });

  it('stale partitions: mklvcopy adds stale copies, syncvg takes time and clears them', async () => {
    const d = await newSite('aix-one-copy', 'syncvgMs=6000');
    expect((await sim(d, 'node1', 'splitlvcopy', ['-y', 'x', 'fslv', '1'])).code).toBe(1);
    await ok(d, 'node1', 'mklvcopy', ['fslv', '2', 'hdisk2']);
    expect(await ok(d, 'node1', 'lsvg', ['-l', 'datavg'])).toMatch(/fslv .* open\/stale/);
    expect(await ok(d, 'node1', 'lslv', ['fslv'])).toMatch(/STALE PPs: +16 /);
    expect((await sim(d, 'node1', 'splitlvcopy', ['-y', 'x', 'fslv', '1'])).stderr).toContain('stale');
    const t0 = Date.now();
    const sync = sim(d, 'node1', 'syncvg', ['-l', 'fslv']);
    const staleNow = async (): Promise<number> => Number(/STALE PPs: +(\d+)/.exec(await ok(d, 'node1', 'lslv', ['fslv']))?.[1]);
    await until(async () => (await staleNow()) < 16);
    expect(await staleNow()).toBeGreaterThan(0);
    expect((await sync).code).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(5950);
    expect(await ok(d, 'node1', 'lslv', ['fslv'])).toMatch(/STALE PPs: +0 /);
    expect(checkSite(d).healthy).toBe(true);
  });

  it('rmlv asks for confirmation unless -f and refuses an open LV', async () => {
    const d = await newSite('aix-hacmp');
    const open = await sim(d, 'node1', 'rmlv', ['-f', 'fslv']);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain('0516-1008 rmlv: Logical volume fslv must be closed.');
    await ok(d, 'node1', 'appctl', ['quiesce', 'app1']);
    await ok(d, 'node1', 'umount', ['/fsdata']);
    await ok(d, 'node1', 'splitlvcopy', ['-y', 'fslvbk', 'fslv', '1']);
    const no = await sim(d, 'node1', 'rmlv', ['fslvbk'], { input: 'n\n' });
    expect(no.code).toBe(1);
    expect(no.stdout).toContain('Warning, all data contained on logical volume fslvbk will be destroyed.');
    const yes = await sim(d, 'node1', 'rmlv', ['fslvbk'], { input: 'y\n' });
    expect(yes.stdout).toContain('rmlv: Logical volume fslvbk is removed.');
  });

  it('walkthrough H.1 (HACMP split mirror) ends healthy with a consistent backup', async () => {
    const d = await newSite('aix-hacmp');
    const n = 'node1';
    expect(await ok(d, n, 'clRGinfo', ['-s'])).toContain('rg1:ONLINE:node1:');
    expect(await ok(d, n, 'lslv', ['fslv'])).toMatch(/COPIES: +2 /);
    await ok(d, n, 'appctl', ['quiesce', 'app1']);
    await ok(d, n, 'umount', ['/fsdata']);
    await ok(d, n, 'splitlvcopy', ['-y', 'fslvbk', 'fslv', '1', 'hdisk2']);
    await ok(d, n, 'mount', ['/fsdata']);
    await ok(d, n, 'appctl', ['resume', 'app1']);
    const mp = join(d, 'mnt', 'fs_bk');
    expect(await ok(d, n, 'crfs', ['-v', 'jfs2', '-d', 'fslvbk', '-m', mp, '-A', 'no'])).toContain('File system created successfully.');
    mkdirSync(mp);
    await ok(d, n, 'fsck', ['-y', '/dev/fslvbk']);
    await ok(d, n, 'mount', ['-o', 'ro', '/dev/fslvbk', mp]);
    expect((await real('tar', ['-cf', join(d, 'backups', 'fsdata.tar'), '-C', mp, '.'])).code).toBe(0);
    await ok(d, n, 'umount', [mp]);
    expect(await ok(d, n, 'rmfs', [mp])).toBe('rmlv: Logical volume fslvbk is removed.\n');
    await ok(d, n, 'mklvcopy', ['fslv', '2', 'hdisk2']);
    expect(checkSite(d).violations.join('\n')).toContain('stale PPs');
    await ok(d, n, 'syncvg', ['-l', 'fslv']);
    expect(checkSite(d)).toEqual({ healthy: true, violations: [] });
    const r = await admin(['check', '--dir', d]);
    expect(r.code).toBe(0);
    // The application kept writing after the split: live data moved on.
    const s = readState(d);
    expect(s.datasets.data1?.generation).toBeGreaterThan(Object.values(s.snapshots)[0]?.generation ?? 0);
  });

  it('a split taken while the application writes gives an inconsistent backup that check reports', async () => {
    const d = await newSite('aix-hacmp');
    const n = 'node1';
    const split = await sim(d, n, 'splitlvcopy', ['-y', 'fslvbk', 'fslv', '1']);
    expect(split.code).toBe(1); // open LV, no -f, no "y" on stdin
    await ok(d, n, 'splitlvcopy', ['-f', '-y', 'fslvbk', 'fslv', '1']);
    const mp = join(d, 'mnt', 'bk');
    mkdirSync(mp);
    const dirty = await sim(d, n, 'mount', ['-o', 'ro', '/dev/fslvbk', mp]);
    expect(dirty.stderr).toContain('fsck');
    await ok(d, n, 'fsck', ['-y', '/dev/fslvbk']);
    await ok(d, n, 'mount', ['-o', 'ro', '/dev/fslvbk', mp]);
    await real('tar', ['-czf', join(d, 'backups', 'hot.tgz'), '-C', mp, '.']);
    await ok(d, n, 'umount', [mp]);
    await ok(d, n, 'rmlv', ['-f', 'fslvbk']);
    await ok(d, n, 'mklvcopy', ['-k', 'fslv', '2']);
    const c = checkSite(d);
    expect(c.healthy).toBe(false);
    expect(c.violations).toHaveLength(1);
    expect(c.violations[0]).toMatch(/^backups: hot.tgz: snapshot snap-\d+ of data1 .* inconsistent$/);
  });
});
