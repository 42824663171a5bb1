import { done } from '../progress.js';
import type { ContentRef, GdsClass, GdsVolume, SiteState } from '../state/types.js';

// GDS view (ref F, seed 004): slice status of volumes and proxies, and what a
// shadow volume on the backup server actually reads.

export function findClass(state: SiteState, name: string): GdsClass | null {
  return state.gds?.classes[name] ?? null;
}

/** Slice status (seed 004 3-1 and 8-2): a joined proxy is COPY while copying, then STOP. */
export function sliceStatus(vol: GdsVolume, now: number): string {
  if (vol.proxy?.state === 'Join') return vol.proxy.copy && !done(vol.proxy.copy, now) ? 'COPY' : 'STOP';
  return vol.started ? 'ACTIVE' : 'STOP';
}

export function settleGds(state: SiteState, now: number): void {
  for (const cls of Object.values(state.gds?.classes ?? {})) {
    for (const v of Object.values(cls.volumes)) {
      if (v.proxy?.copy && done(v.proxy.copy, now)) v.proxy.copy = null;
    }
  }
}

export function gdsDevice(cls: string, vol: string, raw: boolean): string {
  return `/dev/sfdsk/${cls}/${raw ? 'rdsk' : 'dsk'}/${vol}`;
}

/** Volumes of the primary domain whose slices sit on the given physical disks. */
export function volumeOnPhysical(state: SiteState, physical: string[], blocks: number): GdsVolume | null {
  for (const cls of Object.values(state.gds?.classes ?? {})) {
    for (const v of Object.values(cls.volumes)) {
      const disks = cls.groups[v.group]?.disks ?? [];
      const phys = disks.map((d) => cls.disks[d]?.physical);
      if (v.blocks === blocks && physical.length > 0 && physical.every((p) => phys.includes(p))) return v;
    }
  }
  return null;
}

/** What a shadow volume reads: the data of the volume on the same physical disks, if the layout matches. */
export function shadowContent(state: SiteState, host: string, cls: string, vol: string): ContentRef {
  const sc = state.gds?.shadows[host]?.[cls];
  const sv = sc?.volumes[vol];
  if (!sc || !sv) return { kind: 'empty' };
  const physical = (sc.groups[sv.group]?.disks ?? []).map((d) => sc.disks[d]?.physical ?? '');
  const v = volumeOnPhysical(state, physical, sv.blocks);
  return v ? v.content : { kind: 'empty' };
}
