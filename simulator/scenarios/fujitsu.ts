import type { SiteState, Timing } from '../state/types.js';
import { addMount, addStanza, emptySite, recordBaseline } from './build.js';

// Fujitsu sites: PRIMECLUSTER RMS + ETERNUS ACM (seed 002, ref D/E) and GDS
// proxy backup through a backup server (seed 004, ref F): node1/node2 form the
// primary domain, node3 is the backup server.

export type PcVariant = 'healthy' | 'faulted' | 'other-node';

const TV = '/dev/dsk/c1t0d0s6';

export function primeclusterEternus(dir: string, name: string, timing: Timing, variant: PcVariant): SiteState {
  const s = emptySite(dir, name, timing);
  const nodes = ['node1', 'node2'];
  for (const n of nodes) s.hosts[n] = { name: n, os: 'solaris', up: true };
  const home = variant === 'other-node' ? 'node2' : 'node1';
  addStanza(s, nodes, '/acmdata', TV, 'ufs', null);
  addMount(s, home, '/acmdata', TV, 'ufs', { kind: 'acm', dev: TV });
  s.datasets.acmdata = { name: 'acmdata', generation: 5 };
  s.apps.acmapp = { name: 'acmapp', host: home, dataset: 'acmdata', mountPoint: '/acmdata', status: variant === 'faulted' ? 'stopped' : 'running' };
  s.rms = {
    apps: {
      userApp_0: {
        name: 'userApp_0', nodes, onlineNode: home, state: variant === 'faulted' ? 'Faulted' : 'Online', maintenance: false, app: 'acmapp',
        resources: [
          { name: 'Fsystem000_acmdata', type: 'Fsystem', mountPoint: '/acmdata', lastChange: null },
          { name: 'Ipaddress000_Gls0', type: 'gRes', mountPoint: null, lastChange: null },
        ],
      },
    },
  };
  s.acm = {
    volumes: {
      [TV]: {
        device: TV, server: 'acmnode', lnode: 'acmnode', userApp: 'userApp_0', mountPoint: '/acmdata', dataset: 'acmdata',
        bvs: ['/dev/dsk/c1t0d2s1', '/dev/dsk/c1t0d2s3'], sessions: {}, history: [], maxGenerations: 2, nextVersion: 1,
      },
    },
    bvContent: { '/dev/dsk/c1t0d2s1': { kind: 'empty' }, '/dev/dsk/c1t0d2s3': { kind: 'empty' } },
  };
  recordBaseline(s);
  if (variant === 'faulted') s.baseline.userApps.userApp_0 = 'node1';
  return s;
}

export type GdsVariant = 'healthy' | 'not-joined';

export function gdsProxy(dir: string, name: string, timing: Timing, variant: GdsVariant): SiteState {
  const s = emptySite(dir, name, timing);
  for (const n of ['node1', 'node2', 'node3']) s.hosts[n] = { name: n, os: 'solaris', up: true };
  const vol1 = '/dev/sfdsk/Class1/dsk/Volume1';
  s.gds = {
    classes: {
      Class1: {
        name: 'Class1', scope: ['node1', 'node2'],
        disks: { Disk1: { physical: 'c1t1d1', group: 'Group1' }, Disk2: { physical: 'c1t1d2', group: 'Group1' }, Disk3: { physical: 'c1t1d3', group: 'Group2' } },
        groups: { Group1: { disks: ['Disk1', 'Disk2'] }, Group2: { disks: ['Disk3'] } },
        volumes: {
          Volume1: { name: 'Volume1', group: 'Group1', blocks: 1048576, firstBlock: 65536, started: true, content: { kind: 'live', dataset: 'gdsdata' }, proxy: null },
          Volume2: {
            name: 'Volume2', group: 'Group2', blocks: 1048576, firstBlock: 65536, started: false, content: { kind: 'live', dataset: 'gdsdata' },
            proxy: { master: 'Volume1', state: 'Join', copy: null, pjrm: 'on' },
          },
        },
      },
    },
    shadows: {},
  };
  addStanza(s, ['node1', 'node2'], '/gdsdata', vol1, 'ufs', null);
  addMount(s, 'node1', '/gdsdata', vol1, 'ufs', { kind: 'gds', cls: 'Class1', vol: 'Volume1' });
  s.datasets.gdsdata = { name: 'gdsdata', generation: 5 };
  s.apps.gdsapp = { name: 'gdsapp', host: 'node1', dataset: 'gdsdata', mountPoint: '/gdsdata', status: 'running' };
  recordBaseline(s);
  return s;
}

/** After the data dirs exist: a proxy parted long ago (blocked scenario). */
export function partOldProxy(s: SiteState, snapshot: string): void {
  const v = s.gds?.classes.Class1?.volumes.Volume2;
  if (v?.proxy) {
    v.proxy.state = 'Part';
    v.proxy.pjrm = 'off';
    v.content = { kind: 'snap', snapshot };
  }
}
