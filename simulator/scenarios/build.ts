import type { Lv, SiteState, Timing, Vg } from '../state/types.js';

// Small constructors shared by the scenario definitions.

export const DEFAULT_TIMING: Timing = { syncvgMs: 800, gdsCopyMs: 800, ecCopyMs: 800, opcCopyMs: 500, rmsDetectMs: 300 };

export function emptySite(dir: string, scenario: string, timing: Timing): SiteState {
  return {
    version: 1, scenario, dir, createdAt: Date.now(), timing, hosts: {}, datasets: {}, apps: {}, snapshots: {}, vgs: {},
    stanzas: {}, mounts: {}, hacmp: null, rms: null, acm: null, gds: null, calls: {}, faults: [], nextId: 1,
    baseline: { lvCopies: {}, stanzas: {}, mounts: {}, rgStates: {}, userApps: {} }, events: [],
  };
}

export function lv(name: string, type: string, lps: number, pvs: string[], dataset: string | null): Lv {
  return {
    name, type, lps, copies: pvs.map((pv) => ({ pv, stale: 0 })), sync: null,
    content: dataset ? { kind: 'live', dataset } : { kind: 'empty' }, label: null,
  };
}

export function vg(name: string, id: string, pvs: string[], definedOn: string[], variedOn: string | null, lvs: Lv[]): Vg {
  return {
    name, id, pvs, ppSizeMb: 64, ppsPerPv: 542, definedOn, variedOnHost: variedOn,
    lvs: Object.fromEntries(lvs.map((l) => [l.name, l])),
  };
}

export function addMount(s: SiteState, host: string, mountPoint: string, device: string, vfs: string, obj: SiteState['mounts'][string][number]['obj']): void {
  (s.mounts[host] ??= []).push({ mountPoint, device, vfs, readOnly: false, obj, materialized: false, at: Date.now() });
}

export function addStanza(s: SiteState, hosts: string[], mountPoint: string, dev: string, vfs: string, log: string | null): void {
  for (const h of hosts) (s.stanzas[h] ??= {})[mountPoint] = { mountPoint, dev, vfs, log, automount: false };
}

/** Record the healthy reference: what `check` compares the site against. */
export function recordBaseline(s: SiteState, expectCopies: Record<string, number> = {}): void {
  const b = s.baseline;
  for (const g of Object.values(s.vgs)) for (const l of Object.values(g.lvs)) b.lvCopies[l.name] = expectCopies[l.name] ?? l.copies.length;
  for (const [h, st] of Object.entries(s.stanzas)) b.stanzas[h] = Object.keys(st);
  for (const [h, ms] of Object.entries(s.mounts)) b.mounts[h] = ms.map((m) => m.mountPoint);
  for (const rg of Object.values(s.hacmp?.rgs ?? {})) b.rgStates[rg.name] = { ...rg.state };
  for (const ua of Object.values(s.rms?.apps ?? {})) b.userApps[ua.name] = ua.onlineNode;
}
