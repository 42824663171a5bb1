import type { RmsResource, SiteState, UserApp } from '../state/types.js';

// PRIMECLUSTER RMS view (ref D.1): resource states as the detectors report them.
// A mount change becomes visible only after timing.rmsDetectMs (seed 002: "it may
// take a few moments for the cluster resource status to be reflected").

export function actualResourceState(state: SiteState, ua: UserApp, res: RmsResource): 'Online' | 'Offline' {
  if (res.type === 'gRes') return ua.state === 'Online' && ua.onlineNode !== null ? 'Online' : 'Offline';
  if (!ua.onlineNode || !res.mountPoint) return 'Offline';
  const mounted = (state.mounts[ua.onlineNode] ?? []).some((m) => m.mountPoint === res.mountPoint);
  return mounted ? 'Online' : 'Offline';
}

export function reportedResourceState(state: SiteState, ua: UserApp, res: RmsResource, now: number): 'Online' | 'Offline' {
  const actual = actualResourceState(state, ua, res);
  const ch = res.lastChange;
  if (ch && ch.to === actual && now - ch.at < state.timing.rmsDetectMs) return actual === 'Online' ? 'Offline' : 'Online';
  return actual;
}

export function findResource(state: SiteState, name: string): { ua: UserApp; res: RmsResource } | null {
  for (const ua of Object.values(state.rms?.apps ?? {})) {
    const res = ua.resources.find((r) => r.name === name);
    if (res) return { ua, res };
  }
  return null;
}

/** Record a mount change of a mount point for the detectors. */
export function noteMountChange(state: SiteState, host: string, mountPoint: string, to: 'Online' | 'Offline', now: number): void {
  for (const ua of Object.values(state.rms?.apps ?? {})) {
    if (ua.onlineNode !== host) continue;
    for (const r of ua.resources) if (r.mountPoint === mountPoint) r.lastChange = { to, at: now };
  }
}

/** Detector: an Fsystem going Offline under an Online app outside maintenance faults the app. */
export function rmsTick(state: SiteState, now: number): void {
  for (const ua of Object.values(state.rms?.apps ?? {})) {
    if (ua.state !== 'Online' || ua.maintenance) continue;
    // Only a resource that is really Offline and already detected as such faults the app.
    const lost = ua.resources.filter((r) => r.type === 'Fsystem' && actualResourceState(state, ua, r) === 'Offline'
      && reportedResourceState(state, ua, r, now) === 'Offline');
    if (lost.length === 0) continue;
    ua.state = 'Faulted';
    const app = ua.app ? state.apps[ua.app] : undefined;
    if (app) app.status = 'stopped';
    state.events.push(`${new Date(now).toISOString()} RMS: ${ua.name} Faulted (${lost.map((r) => r.name).join(', ')} Offline outside maintenance mode)`);
  }
}

export function sysNode(host: string): string {
  return `${host}RMS`;
}
