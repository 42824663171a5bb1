import { done } from '../progress.js';
import type { AcmVolume, SiteState } from '../state/types.js';

// ETERNUS ACM session states (ref E.7): EC executing → equivalent when the copy
// is done; OPC background copy executing → succeeded.

export function settleAcm(state: SiteState, now: number): void {
  for (const tv of Object.values(state.acm?.volumes ?? {})) {
    for (const s of Object.values(tv.sessions)) {
      if (s.status === 'executing' && done(s, now)) s.status = s.kind === 'EC' ? 'equivalent' : 'succeeded';
    }
  }
}

export function findTv(state: SiteState, dev: string): AcmVolume | null {
  return state.acm?.volumes[dev] ?? null;
}

export function ecSession(tv: AcmVolume): [string, AcmVolume['sessions'][string]] | null {
  for (const [bv, s] of Object.entries(tv.sessions)) if (s.kind === 'EC' && s.status !== 'suspend') return [bv, s];
  return null;
}
