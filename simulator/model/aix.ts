import { fraction } from '../progress.js';
import type { Lv, Mount, SiteState, Vg } from '../state/types.js';

// AIX LVM view helpers (ref A.0): copies, stale PPs, open/closed, mount points.

export interface LvRef {
  vg: Vg;
  lv: Lv;
}

export function findLv(state: SiteState, name: string): LvRef | null {
  for (const vg of Object.values(state.vgs)) {
    const lv = vg.lvs[name];
    if (lv) return { vg, lv };
  }
  return null;
}

/** Stale PPs per copy now; a running syncvg lowers them in proportion to time. */
export function staleByCopy(lv: Lv, now: number): number[] {
  if (!lv.sync) return lv.copies.map((c) => c.stale);
  const f = fraction(lv.sync, now);
  return lv.copies.map((c, i) => Math.ceil((lv.sync?.initial[i] ?? c.stale) * (1 - f)));
}

export function totalStale(lv: Lv, now: number): number {
  return staleByCopy(lv, now).reduce((a, b) => a + b, 0);
}

/** Fold a finished or abandoned sync into the copies. */
export function settleLv(lv: Lv, now: number): void {
  if (!lv.sync) return;
  const f = fraction(lv.sync, now);
  if (f >= 1 || lv.sync.frozen !== undefined) {
    const stale = staleByCopy(lv, now);
    lv.copies.forEach((c, i) => {
      c.stale = stale[i] ?? 0;
    });
    lv.sync = null;
  }
}

export function lvDevice(lv: string): string {
  return `/dev/${lv}`;
}

export function lvMount(state: SiteState, vg: string, lv: string): { host: string; mount: Mount } | null {
  for (const [host, mounts] of Object.entries(state.mounts)) {
    for (const m of mounts) {
      if (m.obj.kind === 'lv' && m.obj.vg === vg && m.obj.lv === lv) return { host, mount: m };
    }
  }
  return null;
}

/** Open = a mounted file system on it, or a raw-volume application holding it. */
export function lvOpen(state: SiteState, vg: Vg, lv: Lv): boolean {
  if (lvMount(state, vg.name, lv.name)) return true;
  if (lv.type.endsWith('log')) {
    // A log LV is open while any file system of its VG is mounted.
    return Object.values(vg.lvs).some((o) => o !== lv && !o.type.endsWith('log') && lvMount(state, vg.name, o.name) !== null);
  }
  if (lv.content.kind !== 'live') return false;
  const ds = lv.content.dataset;
  return Object.values(state.apps).some((a) =>
    a.mountPoint === null && a.dataset === ds && a.status !== 'stopped' && vg.variedOnHost === a.host);
}

export function stanzaMountPoint(state: SiteState, host: string, lv: string): string | null {
  const st = Object.values(state.stanzas[host] ?? {}).find((s) => s.dev === lvDevice(lv));
  return st ? st.mountPoint : null;
}

export function lvMountPointAnyHost(state: SiteState, lv: string): string | null {
  for (const host of Object.keys(state.stanzas)) {
    const mp = stanzaMountPoint(state, host, lv);
    if (mp) return mp;
  }
  return null;
}

export function usedOnPv(vg: Vg, pv: string): number {
  let used = 0;
  for (const lv of Object.values(vg.lvs)) for (const c of lv.copies) if (c.pv === pv) used += lv.lps;
  return used;
}

/** A VG is usable from this host only when varied on here (shared VGs under HACMP). */
export function vgHere(state: SiteState, host: string, vg: Vg): boolean {
  return vg.variedOnHost === host;
}
