import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkSite } from '../../simulator/index.js';
import { newSite, ok, real, sim, sleep, until } from './helpers.js';

vi.setConfig({ testTimeout: 60_000 });

describe('GDS proxy backup through a backup server (seed 004)', () => {
  it('walkthrough: Part, shadow volume on node3, tar, remove, Rejoin, COPY then STOP', async () => {
    const d = await newSite('gds-proxy', 'gdsCopyMs=8000');
    const long = await ok(d, 'node1', 'sdxinfo', ['-V', '-c', 'Class1', '-o', 'Volume2', '-e', 'long']);
    expect(long).toMatch(/^volume Volume2 mirror Class1  Group2  \*      Volume1 Join /m);
    expect(await ok(d, 'node1', 'sdxinfo', ['-S', '-c', 'Class1', '-o', 'Volume2'])).toContain(
      'OBJ    CLASS   GROUP   DISK    VOLUME  STATUS\n------ ------- ------- ------- ------- --------\nslice  Class1  Group2  Disk3   Volume2 STOP\n');
    await ok(d, 'node1', 'appctl', ['stop', 'gdsapp']);
    await ok(d, 'node1', 'umount', ['/gdsdata']);
    await ok(d, 'node1', 'sdxproxy', ['Part', '-c', 'Class1', '-p', 'Volume2', '-a', 'pjrm=off']);
    await ok(d, 'node1', 'mount', ['/gdsdata']);
    await ok(d, 'node1', 'appctl', ['start', 'gdsapp']);
    await ok(d, 'node1', 'sdxvolume', ['-F', '-c', 'Class1', '-v', 'Volume2', '-e', 'allnodes']);
    // node3: shadow objects
    expect((await sim(d, 'node3', 'sdxinfo', ['-c', 'Class1'])).code).toBe(1);
    await ok(d, 'node3', 'sdxshadowdisk', ['-M', '-c', 'Class2', '-d', 'c1t1d3=Disk3']);
    await ok(d, 'node3', 'sdxshadowdisk', ['-C', '-c', 'Class2', '-g', 'Group2', '-d', 'Disk3']);
    await ok(d, 'node3', 'sdxshadowvolume', ['-M', '-c', 'Class2', '-g', 'Group2', '-v', 'Volume2', '-s', '1048576']);
    expect((await sim(d, 'node3', 'fsck', ['-F', 'ufs', '-y', '/dev/sfdsk/Class2/rdsk/Volume2'])).code).not.toBe(0); // ro
    await ok(d, 'node3', 'sdxshadowvolume', ['-F', '-c', 'Class2', '-v', 'Volume2']);
    await ok(d, 'node3', 'sdxshadowvolume', ['-N', '-c', 'Class2', '-v', 'Volume2', '-e', 'mode=rw']);
    const mp = join(d, 'mnt', 'mnt1');
    mkdirSync(mp);
    await ok(d, 'node3', 'mount', ['-F', 'ufs', '-o', 'ro', '/dev/sfdsk/Class2/dsk/Volume2', mp]);
    await real('tar', ['-cf', join(d, 'backups', 'gds.tar'), '-C', mp, '.']);
    expect((await sim(d, 'node3', 'sdxshadowvolume', ['-F', '-c', 'Class2', '-v', 'Volume2'])).code).toBe(1); // mounted
    await ok(d, 'node3', 'umount', [mp]);
    expect(checkSite(d).violations).toEqual(expect.arrayContaining([
      'node3: shadow volume Class2/Volume2: left configured', 'node1/node2: proxy Class1/Volume2: parted from Volume1, not rejoined',
    ]));
    await ok(d, 'node3', 'sdxshadowvolume', ['-F', '-c', 'Class2', '-v', 'Volume2']);
    await ok(d, 'node3', 'sdxshadowvolume', ['-R', '-c', 'Class2', '-v', 'Volume2']);
    await ok(d, 'node3', 'sdxshadowgroup', ['-R', '-c', 'Class2', '-g', 'Group2']);
    await ok(d, 'node3', 'sdxshadowdisk', ['-R', '-c', 'Class2', '-d', 'Disk3']);
    await ok(d, 'node1', 'sdxproxy', ['Rejoin', '-c', 'Class1', '-p', 'Volume2']);
    expect(await ok(d, 'node1', 'sdxinfo', ['-S', '-c', 'Class1', '-o', 'Volume2'])).toContain('Volume2 COPY');
    expect(checkSite(d).violations).toEqual(['node1/node2: proxy Class1/Volume2: COPY in progress (not STOP yet)']);
    await until(async () => (await ok(d, 'node1', 'sdxinfo', ['-S', '-c', 'Class1', '-o', 'Volume2'])).includes('Volume2 STOP'));
    expect(checkSite(d)).toEqual({ healthy: true, violations: [] });
  });

  it('Rejoin -e waitsync returns after the copy; Part is refused while copying', async () => {
    const d = await newSite('gds-proxy-not-joined');
    expect(checkSite(d).violations).toEqual(['node1/node2: proxy Class1/Volume2: parted from Volume1, not rejoined']);
    expect(await ok(d, 'node1', 'sdxinfo', ['-V', '-c', 'Class1', '-e', 'long'])).toMatch(/Volume2 mirror .* Part /);
    const rj = sim(d, 'node1', 'sdxproxy', ['Rejoin', '-c', 'Class1', '-p', 'Volume2', '-e', 'waitsync']);
    await sleep(150);
    const part = await sim(d, 'node1', 'sdxproxy', ['Part', '-c', 'Class1', '-p', 'Volume2']);
    expect(part.code).toBe(1);
    expect(part.stderr).toMatch(/^SDX:sdxproxy: ERROR: /);
    expect((await rj).code).toBe(0);
    expect(await ok(d, 'node1', 'sdxinfo', ['-S', '-c', 'Class1', '-o', 'Volume2'])).toContain('Volume2 STOP');
    expect(checkSite(d).healthy).toBe(true);
  });

  it('a backup from a shadow volume of a joined proxy reads changing data: inconsistent', async () => {
    const d = await newSite('gds-proxy');
    await ok(d, 'node3', 'sdxshadowdisk', ['-M', '-c', 'Class2', '-d', 'c1t1d3=Disk3']);
    await ok(d, 'node3', 'sdxshadowdisk', ['-C', '-c', 'Class2', '-g', 'Group2', '-d', 'Disk3']);
    await ok(d, 'node3', 'sdxshadowvolume', ['-M', '-c', 'Class2', '-g', 'Group2', '-v', 'Volume2', '-s', '1048576']);
    const mp = join(d, 'mnt', 'm');
    mkdirSync(mp);
    await ok(d, 'node3', 'mount', ['-o', 'ro', '/dev/sfdsk/Class2/dsk/Volume2', mp]);
    await real('tar', ['-cf', join(d, 'backups', 'bad.tar'), '-C', mp, '.']);
    const v = checkSite(d).violations;
    expect(v.some((x) => x.startsWith('backups: bad.tar: ') && x.endsWith('inconsistent'))).toBe(true);
    expect(v).toContain(`node3: mount ${mp}: /dev/sfdsk/Class2/dsk/Volume2 is still mounted`);
  });
});
