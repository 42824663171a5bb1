import { findLv, vgHere } from './model/aix.js';
import { findClass, shadowContent } from './model/gds.js';
import type { ContentRef, ObjRef, SiteState } from './state/types.js';

// Device paths as the plans type them, resolved to simulated objects on a host:
// AIX /dev/<lv> and /dev/r<lv> (ref A.9), GDS /dev/sfdsk/<class>/(r)dsk/<vol>
// (ref F, also shadow volumes on the backup server), and ETERNUS ACM transaction
// and backup volumes by their device names (ref E).

export interface Resolved {
  obj: ObjRef;
  content: ContentRef;
  /** Home of live data (mounting it is a logical mount of the running FS). */
  home: boolean;
  readOnlyDevice: boolean;
  /** Why the device cannot be opened now (stopped volume, joined proxy); null if usable. */
  unusable: string | null;
  vfs: string;
}

export function resolveDevice(state: SiteState, host: string, path: string): Resolved | null {
  const os = state.hosts[host]?.os;
  const gds = /^\/dev\/sfdsk\/([^/]+)\/(r?dsk)\/([^/]+)$/.exec(path);
  if (gds && os === 'solaris') return resolveGds(state, host, gds[1] ?? '', gds[3] ?? '');
  const acm = state.acm;
  if (acm && os === 'solaris') {
    const tv = acm.volumes[path];
    if (tv) return { obj: { kind: 'acm', dev: path }, content: { kind: 'live', dataset: tv.dataset }, home: true, readOnlyDevice: false, unusable: null, vfs: 'ufs' };
    const bv = acm.bvContent[path];
    if (bv) return { obj: { kind: 'acm', dev: path }, content: bv, home: false, readOnlyDevice: false, unusable: null, vfs: 'ufs' };
  }
  const lvm = /^\/dev\/(r?)([A-Za-z0-9_.]+)$/.exec(path);
  if (lvm && os === 'aix') {
    let ref = findLv(state, `${lvm[1] ?? ''}${lvm[2] ?? ''}`);
    if (!ref && lvm[1] === 'r') ref = findLv(state, lvm[2] ?? '');
    if (!ref || !ref.vg.definedOn.includes(host)) return null;
    const unusable = vgHere(state, host, ref.vg) ? null : `volume group ${ref.vg.name} is not varied on`;
    return {
      obj: { kind: 'lv', vg: ref.vg.name, lv: ref.lv.name }, content: ref.lv.content, home: ref.lv.content.kind === 'live',
      readOnlyDevice: false, unusable, vfs: ref.lv.type.startsWith('jfs2') ? 'jfs2' : 'jfs',
    };
  }
  return null;
}

function resolveGds(state: SiteState, host: string, cls: string, vol: string): Resolved | null {
  const shadow = state.gds?.shadows[host]?.[cls];
  const sv = shadow?.volumes[vol];
  if (sv) {
    return {
      obj: { kind: 'shadow', host, cls, vol }, content: shadowContent(state, host, cls, vol), home: false,
      readOnlyDevice: sv.mode === 'ro', unusable: sv.started ? null : `shadow volume ${vol} is stopped`, vfs: 'ufs',
    };
  }
  const c = findClass(state, cls);
  const v = c?.volumes[vol];
  if (!c || !v || !c.scope.includes(host)) return null;
  let unusable: string | null = null;
  if (v.proxy?.state === 'Join') unusable = `proxy volume ${vol} is joined to ${v.proxy.master}`;
  else if (!v.started) unusable = `volume ${vol} is stopped`;
  return { obj: { kind: 'gds', cls, vol }, content: v.content, home: v.proxy === null, readOnlyDevice: false, unusable, vfs: 'ufs' };
}

export function sameObj(a: ObjRef, b: ObjRef): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
