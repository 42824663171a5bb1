import { checkArchives } from './check/archives.js';
import { totalStale } from './model/aix.js';
import { actualResourceState } from './model/rms.js';
import { done } from './progress.js';
import { settle } from './settle.js';
import { readState } from './state/store.js';
import type { SiteState } from './state/types.js';

// The invariant check: is the simulated site back to a healthy state? Each
// violation is one line "<host>: <object>: <problem>".

export interface CheckResult {
  healthy: boolean;
  violations: string[];
}

function lvmViolations(s: SiteState, now: number): string[] {
  const out: string[] = [];
  for (const vg of Object.values(s.vgs)) {
    const host = vg.variedOnHost ?? vg.definedOn[0] ?? '?';
    for (const lv of Object.values(vg.lvs)) {
      const want = s.baseline.lvCopies[lv.name];
      if (want === undefined) {
        out.push(`${host}: lv ${lv.name}: temporary logical volume left in ${vg.name} (${lv.content.kind === 'snap' ? `split copy ${lv.content.snapshot}` : 'not in the site baseline'})`);
        continue;
      }
      if (lv.copies.length < want) out.push(`${host}: lv ${lv.name}: ${lv.copies.length} cop${lv.copies.length === 1 ? 'y' : 'ies'}, expected ${want} (mirror copy missing)`);
      const stale = totalStale(lv, now);
      if (stale > 0) out.push(`${host}: lv ${lv.name}: ${stale} stale PPs${lv.sync ? ' (sync in progress)' : ' (not synchronized)'}`);
    }
  }
  for (const name of Object.keys(s.baseline.lvCopies)) {
    if (Object.values(s.vgs).every((g) => !g.lvs[name])) out.push(`?: lv ${name}: logical volume missing`);
  }
  return out;
}

function fsViolations(s: SiteState): string[] {
  const out: string[] = [];
  for (const [host, st] of Object.entries(s.stanzas)) {
    const base = s.baseline.stanzas[host] ?? [];
    for (const mp of Object.keys(st)) if (!base.includes(mp)) out.push(`${host}: fs ${mp}: temporary file system definition left (${st[mp]?.dev ?? ''})`);
    for (const mp of base) if (!st[mp]) out.push(`${host}: fs ${mp}: file system definition missing`);
  }
  const hosts = new Set([...Object.keys(s.mounts), ...Object.keys(s.baseline.mounts)]);
  for (const host of hosts) {
    const ms = s.mounts[host] ?? [];
    const base = s.baseline.mounts[host] ?? [];
    for (const m of ms) if (!base.includes(m.mountPoint)) out.push(`${host}: mount ${m.mountPoint}: ${m.device} is still mounted`);
    for (const mp of base) if (!ms.some((m) => m.mountPoint === mp)) out.push(`${host}: mount ${mp}: file system is not mounted`);
  }
  return out;
}

function clusterViolations(s: SiteState): string[] {
  const out: string[] = [];
  for (const rg of Object.values(s.hacmp?.rgs ?? {})) {
    const base = s.baseline.rgStates[rg.name] ?? {};
    for (const n of rg.nodes) {
      const have = rg.state[n] ?? 'OFFLINE';
      if (have !== (base[n] ?? 'OFFLINE')) out.push(`${n}: resource group ${rg.name}: ${have}, expected ${base[n] ?? 'OFFLINE'}`);
    }
  }
  for (const ua of Object.values(s.rms?.apps ?? {})) {
    const host = ua.onlineNode ?? s.baseline.userApps[ua.name] ?? '?';
    if (ua.state !== 'Online') out.push(`${host}: userApplication ${ua.name}: ${ua.state}`);
    else if (ua.onlineNode !== s.baseline.userApps[ua.name]) out.push(`${host}: userApplication ${ua.name}: Online on ${ua.onlineNode ?? 'no node'}, expected ${s.baseline.userApps[ua.name] ?? 'none'}`);
    if (ua.maintenance) out.push(`${host}: userApplication ${ua.name}: still in maintenance mode`);
    for (const r of ua.resources) {
      if (ua.state === 'Online' && actualResourceState(s, ua, r) !== 'Online') out.push(`${host}: resource ${r.name}: Offline`);
    }
  }
  for (const app of Object.values(s.apps)) {
    if (app.status !== 'running') out.push(`${app.host}: application ${app.name}: ${app.status}`);
  }
  return out;
}

function storageViolations(s: SiteState, now: number): string[] {
  const out: string[] = [];
  for (const tv of Object.values(s.acm?.volumes ?? {})) {
    for (const [bv, sess] of Object.entries(tv.sessions)) {
      if (sess.status === 'failed') out.push(`${tv.server}: ETERNUS session ${tv.device} -> ${bv}: failed (needs swstcancelsync)`);
      if (sess.kind === 'EC' && sess.status === 'suspend' && !tv.history.some((h) => h.bv === bv)) out.push(`${tv.server}: ETERNUS session ${tv.device} -> ${bv}: suspended without backup history`);
    }
  }
  for (const cls of Object.values(s.gds?.classes ?? {})) {
    const host = cls.scope.join('/');
    for (const v of Object.values(cls.volumes)) {
      if (v.proxy?.state === 'Part') out.push(`${host}: proxy ${cls.name}/${v.name}: parted from ${v.proxy.master}, not rejoined`);
      else if (v.proxy?.copy && !done(v.proxy.copy, now)) out.push(`${host}: proxy ${cls.name}/${v.name}: COPY in progress (not STOP yet)`);
      if (!v.proxy && !v.started) out.push(`${host}: volume ${cls.name}/${v.name}: stopped`);
    }
  }
  for (const [host, classes] of Object.entries(s.gds?.shadows ?? {})) {
    for (const [cname, c] of Object.entries(classes)) {
      for (const v of Object.keys(c.volumes)) out.push(`${host}: shadow volume ${cname}/${v}: left configured`);
      for (const g of Object.keys(c.groups)) out.push(`${host}: shadow group ${cname}/${g}: left configured`);
      for (const d of Object.keys(c.disks)) out.push(`${host}: shadow disk ${cname}/${d}: left registered`);
    }
  }
  return out;
}

export function checkState(s: SiteState, now = Date.now()): CheckResult {
  const violations = [
    ...lvmViolations(s, now), ...fsViolations(s), ...clusterViolations(s), ...storageViolations(s, now), ...checkArchives(s),
  ];
  return { healthy: violations.length === 0, violations };
}

/** Check a site without changing it (no lock needed: the state file is replaced atomically). */
export function checkSite(dir: string): CheckResult {
  const s = readState(dir);
  const now = Date.now();
  // Settle a copy so finished copies count as finished, without writing back
  // (and without the app tick, which would write data files).
  const copy = JSON.parse(JSON.stringify(s)) as SiteState;
  copy.datasets = {};
  settle(copy, now);
  copy.datasets = s.datasets;
  return checkState(copy, now);
}
