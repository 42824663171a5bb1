import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkSite } from '../../simulator/index.js';
import { newSite, ok, real, sim } from './helpers.js';

vi.setConfig({ testTimeout: 60_000 });

async function splitBackup(d: string, n: string, app: string, fs: string, lv: string, pv: string): Promise<void> {
  await ok(d, n, 'appctl', ['quiesce', app]);
  await ok(d, n, 'umount', [fs]);
  await ok(d, n, 'splitlvcopy', ['-y', `${lv}bk`, lv, '1', pv]);
  await ok(d, n, 'mount', [fs]);
  await ok(d, n, 'appctl', ['resume', app]);
  const mp = join(d, 'mnt', `${lv}bk`);
  mkdirSync(mp);
  await ok(d, n, 'mount', ['-o', 'ro', `/dev/${lv}bk`, mp]);
  await real('tar', ['-cf', join(d, 'backups', `${lv}.tar`), '-C', mp, '.']);
  await ok(d, n, 'umount', [mp]);
  await ok(d, n, 'rmlv', ['-f', `${lv}bk`]);
  await ok(d, n, 'mklvcopy', [lv, '2', pv]);
  await ok(d, n, 'syncvg', ['-l', lv]);
}

describe('HACMP guard and takeover (seeds 001/000, ref B.2/H.3)', () => {
  it('rg online on the other node: node1 sees OFFLINE and has no VG varied on', async () => {
    const d = await newSite('aix-rg-other-node');
    expect(await ok(d, 'node1', 'clRGinfo', ['-s'])).toContain('rg1:OFFLINE:node1:');
    expect(await ok(d, 'node1', 'lsvg', ['-o'])).toBe('');
    expect(await ok(d, 'node2', 'clRGinfo')).toMatch(/rg1 +OFFLINE +node1\n +ONLINE +node2/);
    expect((await sim(d, 'node1', 'lslv', ['fslv'])).code).toBe(1);
  });

  it('takeover: node1 holds both groups and backs up both', async () => {
    const d = await newSite('aix-takeover');
    const s = await ok(d, 'node1', 'clRGinfo', ['-s']);
    expect(s).toContain('rg1:ONLINE:node1:');
    expect(s).toContain('rg2:ONLINE:node1:');
    expect(await ok(d, 'node1', 'clstat', ['-o'])).toMatch(/Node: node2 +State: DOWN/);
    expect(await ok(d, 'node1', 'lsvg', ['-o'])).toBe('datavg\npartnervg\n');
    await splitBackup(d, 'node1', 'app1', '/fsdata', 'fslv', 'hdisk2');
    await splitBackup(d, 'node1', 'app2', '/fsdata2', 'fslv2', 'hdisk4');
    expect(checkSite(d)).toEqual({ healthy: true, violations: [] });
  });
});

describe('SysBack offline mirror backup (seed 003, ref C/H.4)', () => {
  it('preview, pre-offline script, split while mounted, backup command file, resync, post-offline script', async () => {
    const d = await newSite('sysback');
    const n = 'aix1';
    // Preview: mirrored, no stale partitions, jfslog mirrored, file system mounted.
    const l = await ok(d, n, 'lsvg', ['-l', 'datavg']);
    expect(l).toMatch(/loglv00 +jfslog +1 +2 +2 +open\/syncd/);
    expect(l).toMatch(/datalv +jfs +24 +48 +2 +open\/syncd +\/data/);
    expect(l).toMatch(/dblv +raw +8 +16 +2 +open\/syncd +N\/A/);
    await ok(d, n, 'appctl', ['quiesce', 'fileserver']);
    await ok(d, n, 'appctl', ['quiesce', 'db']);
    // File systems stay mounted (seed 003): split open LVs with -f, fsck the copy.
    await ok(d, n, 'splitlvcopy', ['-f', '-y', 'datalvbk', 'datalv', '1']);
    await ok(d, n, 'splitlvcopy', ['-f', '-y', 'dblvbk', 'dblv', '1']);
    await ok(d, n, 'appctl', ['resume', 'fileserver']);
    await ok(d, n, 'appctl', ['resume', 'db']);
    const mp = join(d, 'mnt', 'data_bk');
    mkdirSync(mp);
    await ok(d, n, 'fsck', ['-y', '/dev/datalvbk']);
    await ok(d, n, 'mount', ['-v', 'jfs', '-o', 'ro', '/dev/datalvbk', mp]);
    await real('tar', ['-cf', join(d, 'backups', 'data.tar'), '-C', mp, '.']);
    await ok(d, n, 'umount', [mp]);
    await ok(d, n, 'rmlv', ['-f', 'datalvbk', 'dblvbk']);
    await ok(d, n, 'mklvcopy', ['datalv', '2', 'hdisk2']);
    await ok(d, n, 'mklvcopy', ['dblv', '2', 'hdisk2']);
    await ok(d, n, 'syncvg', ['-v', 'datavg']);
    expect(checkSite(d)).toEqual({ healthy: true, violations: [] });
  });
});
