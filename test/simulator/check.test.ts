import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkSite } from '../../simulator/index.js';
import { admin, newSite, ok, real } from './helpers.js';

vi.setConfig({ testTimeout: 60_000 });

describe('check', () => {
  it('reports blocked starting states', async () => {
    expect(checkSite(await newSite('aix-one-copy')).violations).toEqual(['node1: lv fslv: 1 copy, expected 2 (mirror copy missing)']);
    expect(checkSite(await newSite('aix-stale')).violations).toEqual(['node1: lv fslv: 5 stale PPs (not synchronized)']);
    expect(checkSite(await newSite('primecluster-faulted')).violations).toEqual(['node1: userApplication userApp_0: Faulted', 'node1: application acmapp: stopped']);
    for (const s of ['aix-hacmp', 'aix-rg-other-node', 'aix-takeover', 'sysback', 'primecluster-eternus', 'primecluster-other-node', 'gds-proxy']) {
      expect(checkSite(await newSite(s)), s).toEqual({ healthy: true, violations: [] });
    }
  });

  it('reports leftovers: temporary LV, file system, mount, maintenance mode, quiesced app', async () => {
    const d = await newSite('aix-hacmp');
    await ok(d, 'node1', 'appctl', ['quiesce', 'app1']);
    await ok(d, 'node1', 'splitlvcopy', ['-f', '-y', 'fslvbk', 'fslv', '1']);
    const mp = join(d, 'mnt', 'bk');
    mkdirSync(mp);
    await ok(d, 'node1', 'crfs', ['-v', 'jfs2', '-d', 'fslvbk', '-m', mp]);
    await ok(d, 'node1', 'fsck', ['-y', '/dev/fslvbk']);
    await ok(d, 'node1', 'mount', [mp]);
    const r = await admin(['check', '--dir', d]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'node1: lv fslv: 1 copy, expected 2 (mirror copy missing)',
      expect.stringMatching(/^node1: lv fslvbk: temporary logical volume left in datavg \(split copy snap-\d+\)$/),
      `node1: fs ${mp}: temporary file system definition left (/dev/fslvbk)`,
      `node1: mount ${mp}: /dev/fslvbk is still mounted`,
      'node1: application app1: quiesced',
    ]);
    const j = JSON.parse((await admin(['check', '--dir', d, '--json'])).stdout) as { healthy: boolean; violations: string[] };
    expect(j.healthy).toBe(false);
    expect(j.violations).toHaveLength(5);
    const p = await newSite('primecluster-eternus');
    await ok(p, 'node1', 'hvutil', ['-m', 'on', 'userApp_0']);
    expect(checkSite(p).violations).toEqual(['node1: userApplication userApp_0: still in maintenance mode']);
  });

  it('checks backup archives: complete, known, consistent', async () => {
    const d = await newSite('aix-hacmp');
    await ok(d, 'node1', 'appctl', ['quiesce', 'app1']);
    await ok(d, 'node1', 'umount', ['/fsdata']);
    await ok(d, 'node1', 'splitlvcopy', ['-y', 'fslvbk', 'fslv', '1']);
    await ok(d, 'node1', 'mount', ['/fsdata']);
    await ok(d, 'node1', 'appctl', ['resume', 'app1']);
    const mp = join(d, 'mnt', 'bk');
    mkdirSync(mp);
    await ok(d, 'node1', 'mount', ['-o', 'ro', '/dev/fslvbk', mp]);
    const b = join(d, 'backups');
    await real('tar', ['-cf', join(b, 'good.tar'), '-C', mp, '.']);
    await real('cp', ['-r', mp, join(b, 'copy-dir')]);
    await ok(d, 'node1', 'umount', [mp]);
    await ok(d, 'node1', 'rmlv', ['-f', 'fslvbk']);
    await ok(d, 'node1', 'mklvcopy', ['-k', 'fslv', '2']);
    expect(checkSite(d).healthy).toBe(true);
    const good = readFileSync(join(b, 'good.tar'));
    writeFileSync(join(b, 'cut.tar'), good.subarray(0, 1536));
    writeFileSync(join(b, 'notes.txt'), 'hello\n');
    const live = join(d, 'data', 'data1');
    await real('tar', ['-cf', join(b, 'live.tar'), '-C', live, '.']);
    const v = checkSite(d).violations;
    expect(v).toEqual([
      expect.stringMatching(/^backups: cut.tar: incomplete or unreadable archive \(archive is (truncated|incomplete.*)\)$/),
      'backups: live.tar: not a backup of a recorded split (no .mirrorplan-snapshot in the archive)',
      expect.stringMatching(/^backups: notes.txt: incomplete or unreadable archive/),
    ]);
  });
});
