import { appTick } from './content.js';
import { settleAcm } from './model/acm.js';
import { settleLv } from './model/aix.js';
import { settleGds } from './model/gds.js';
import { rmsTick } from './model/rms.js';
import type { SiteState } from './state/types.js';

// Everything that "happened while nobody looked", applied at the start of each
// locked step: the application writes, copies finish, detectors notice.

export function settle(state: SiteState, now: number): void {
  for (const vg of Object.values(state.vgs)) for (const lv of Object.values(vg.lvs)) settleLv(lv, now);
  settleGds(state, now);
  settleAcm(state, now);
  rmsTick(state, now);
  appTick(state);
  if (state.events.length > 300) state.events.splice(0, state.events.length - 300);
}
