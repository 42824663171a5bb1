import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initDataset, takeSnapshot } from './content.js';
import { aixHacmp, sysback } from './scenarios/aix.js';
import { DEFAULT_TIMING } from './scenarios/build.js';
import { gdsProxy, partOldProxy, primeclusterEternus } from './scenarios/fujitsu.js';
import { COMMAND_NAMES } from './registry.js';
import { SiteError, statePath, writeState } from './state/store.js';
import type { SiteState, Timing } from './state/types.js';

// Scenario catalogue: one healthy site per procedure plus blocked starting states.

export interface ScenarioInfo {
  name: string;
  description: string;
  build: (dir: string, timing: Timing) => SiteState;
}

export const SCENARIOS: ScenarioInfo[] = [
  { name: 'aix-hacmp', description: 'HACMP node1/node2, rg1 (datavg/fslv mirrored, app1) on node1, rg2 (partnervg/fslv2, app2) on node2', build: (d, t) => aixHacmp(d, 'aix-hacmp', t, 'healthy') },
  { name: 'aix-one-copy', description: 'aix-hacmp but fslv has one copy only (blocked: nothing to split)', build: (d, t) => aixHacmp(d, 'aix-one-copy', t, 'one-copy') },
  { name: 'aix-stale', description: 'aix-hacmp but fslv has stale partitions (blocked)', build: (d, t) => aixHacmp(d, 'aix-stale', t, 'stale') },
  { name: 'aix-rg-other-node', description: 'aix-hacmp but rg1 is online on node2 (node1 must not back it up)', build: (d, t) => aixHacmp(d, 'aix-rg-other-node', t, 'rg-other-node') },
  { name: 'aix-takeover', description: 'node2 is down; node1 also holds rg2 (node_down_remote: back up both)', build: (d, t) => aixHacmp(d, 'aix-takeover', t, 'takeover') },
  { name: 'sysback', description: 'single AIX host aix1: datavg with mirrored jfslog, JFS datalv on /data, raw dblv', build: (d, t) => sysback(d, 'sysback', t) },
  { name: 'primecluster-eternus', description: 'PRIMECLUSTER node1/node2, userApp_0 Online on node1, ACM transaction volume /dev/dsk/c1t0d0s6 on /acmdata', build: (d, t) => primeclusterEternus(d, 'primecluster-eternus', t, 'healthy') },
  { name: 'primecluster-faulted', description: 'primecluster-eternus but userApp_0 is Faulted', build: (d, t) => primeclusterEternus(d, 'primecluster-faulted', t, 'faulted') },
  { name: 'primecluster-other-node', description: 'primecluster-eternus but userApp_0 is Online on node2', build: (d, t) => primeclusterEternus(d, 'primecluster-other-node', t, 'other-node') },
  { name: 'gds-proxy', description: 'GDS Class1 on node1/node2: Volume1 master on /gdsdata, Volume2 proxy joined (STOP); node3 backup server', build: (d, t) => gdsProxy(d, 'gds-proxy', t, 'healthy') },
  { name: 'gds-proxy-not-joined', description: 'gds-proxy but Volume2 was left parted (blocked)', build: (d, t) => gdsProxy(d, 'gds-proxy-not-joined', t, 'not-joined') },
];

export function createSite(dir: string, scenario: string, opts: { timing?: Partial<Timing>; force?: boolean; mainJs: string }): SiteState {
  const info = SCENARIOS.find((s) => s.name === scenario);
  if (!info) throw new SiteError(`unknown scenario ${scenario}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  mkdirSync(dir, { recursive: true });
  if (existsSync(statePath(dir))) {
    if (!opts.force) throw new SiteError(`${dir} already holds a simulated site (use --force to replace it)`);
    for (const sub of ['data', 'snapshots', 'bin', 'backups', 'mnt', 'state.json']) rmSync(join(dir, sub), { recursive: true, force: true });
  }
  const state = info.build(dir, { ...DEFAULT_TIMING, ...opts.timing });
  for (const ds of Object.values(state.datasets)) initDataset(dir, ds.name, ds.generation);
  if (scenario === 'gds-proxy-not-joined') {
    partOldProxy(state, takeSnapshot(state, { kind: 'live', dataset: 'gdsdata' }, 'setup: proxy parted in an earlier cycle', false));
  }
  for (const sub of ['backups', 'mnt']) mkdirSync(join(dir, sub), { recursive: true });
  writeBin(dir, opts.mainJs);
  writeState(dir, state);
  return state;
}

function writeBin(dir: string, mainJs: string): void {
  // Shell wrappers rather than symlinks: the command name survives in argv
  // whatever node does with symlinked main scripts, and node is found by path.
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  for (const name of COMMAND_NAMES) {
    writeFileSync(join(bin, name), `#!/bin/sh\nexec ${q(process.execPath)} ${q(mainJs)} ${name} "$@"\n`, { mode: 0o755 });
  }
}
