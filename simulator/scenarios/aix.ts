import type { SiteState, Timing } from '../state/types.js';
import { addMount, addStanza, emptySite, lv, recordBaseline, vg } from './build.js';

// AIX sites: HACMP two-node split mirror (seeds 001/000, ref A.12/H.1/H.3) and
// a single SysBack host (seed 003, ref C; JFS only, mirrored jfslog).

export type AixVariant = 'healthy' | 'one-copy' | 'stale' | 'rg-other-node' | 'takeover';

export function aixHacmp(dir: string, name: string, timing: Timing, variant: AixVariant): SiteState {
  const s = emptySite(dir, name, timing);
  const nodes = ['node1', 'node2'];
  for (const n of nodes) s.hosts[n] = { name: n, os: 'aix', up: !(variant === 'takeover' && n === 'node2') };
  const home1 = variant === 'rg-other-node' ? 'node2' : 'node1';
  const home2 = variant === 'takeover' ? 'node1' : 'node2';
  const fslv = lv('fslv', 'jfs2', 16, variant === 'one-copy' ? ['hdisk1'] : ['hdisk1', 'hdisk2'], 'data1');
  if (variant === 'stale') {
    const second = fslv.copies[1];
    if (second) second.stale = 5;
  }
  s.vgs.datavg = vg('datavg', '00c8e2a400004c000000015b2f3d1a01', ['hdisk1', 'hdisk2'], nodes, home1,
    [lv('loglv00', 'jfs2log', 1, ['hdisk1', 'hdisk2'], null), fslv]);
  s.vgs.partnervg = vg('partnervg', '00c8e2a400004c000000015b2f3d1a02', ['hdisk3', 'hdisk4'], nodes, home2,
    [lv('loglv01', 'jfs2log', 1, ['hdisk3', 'hdisk4'], null), lv('fslv2', 'jfs2', 16, ['hdisk3', 'hdisk4'], 'data2')]);
  addStanza(s, nodes, '/fsdata', '/dev/fslv', 'jfs2', '/dev/loglv00');
  addStanza(s, nodes, '/fsdata2', '/dev/fslv2', 'jfs2', '/dev/loglv01');
  addMount(s, home1, '/fsdata', '/dev/fslv', 'jfs2', { kind: 'lv', vg: 'datavg', lv: 'fslv' });
  addMount(s, home2, '/fsdata2', '/dev/fslv2', 'jfs2', { kind: 'lv', vg: 'partnervg', lv: 'fslv2' });
  s.datasets.data1 = { name: 'data1', generation: 5 };
  s.datasets.data2 = { name: 'data2', generation: 5 };
  s.apps.app1 = { name: 'app1', host: home1, dataset: 'data1', mountPoint: '/fsdata', status: 'running' };
  s.apps.app2 = { name: 'app2', host: home2, dataset: 'data2', mountPoint: '/fsdata2', status: 'running' };
  const rgState = (home: string): Record<string, 'ONLINE' | 'OFFLINE'> =>
    Object.fromEntries(nodes.map((n) => [n, n === home ? 'ONLINE' : 'OFFLINE']));
  s.hacmp = {
    cluster: 'aixcluster', clusterId: 1127,
    rgs: {
      rg1: { name: 'rg1', nodes: ['node1', 'node2'], state: rgState(home1), vgs: ['datavg'], apps: ['app1'] },
      rg2: { name: 'rg2', nodes: ['node2', 'node1'], state: rgState(home2), vgs: ['partnervg'], apps: ['app2'] },
    },
  };
  recordBaseline(s, { fslv: 2 });
  return s;
}

export function sysback(dir: string, name: string, timing: Timing): SiteState {
  const s = emptySite(dir, name, timing);
  s.hosts.aix1 = { name: 'aix1', os: 'aix', up: true };
  s.vgs.datavg = vg('datavg', '00c8e2a400004c000000015b2f3d1b01', ['hdisk1', 'hdisk2'], ['aix1'], 'aix1', [
    lv('loglv00', 'jfslog', 1, ['hdisk1', 'hdisk2'], null),
    lv('datalv', 'jfs', 24, ['hdisk1', 'hdisk2'], 'files'),
    lv('dblv', 'raw', 8, ['hdisk1', 'hdisk2'], 'db'),
  ]);
  addStanza(s, ['aix1'], '/data', '/dev/datalv', 'jfs', '/dev/loglv00');
  addMount(s, 'aix1', '/data', '/dev/datalv', 'jfs', { kind: 'lv', vg: 'datavg', lv: 'datalv' });
  s.datasets.files = { name: 'files', generation: 5 };
  s.datasets.db = { name: 'db', generation: 5 };
  s.apps.fileserver = { name: 'fileserver', host: 'aix1', dataset: 'files', mountPoint: '/data', status: 'running' };
  s.apps.db = { name: 'db', host: 'aix1', dataset: 'db', mountPoint: null, status: 'running' };
  recordBaseline(s);
  return s;
}
