// Library API of the simulator, for tests and other programs.
import { mainJsPath } from './admin.js';
import { checkSite as check, type CheckResult } from './check.js';
import { addFault, validateFault } from './faults.js';
import { createSite as create, SCENARIOS } from './scenarios.js';
import { readState as read, SiteError, withState } from './state/store.js';
import type { Fault, SiteState, Timing } from './state/types.js';

export type { CheckResult, Fault, SiteState, Timing };
export { SCENARIOS, SiteError };

export function createSite(dir: string, scenario: string, opts: { timing?: Partial<Timing>; force?: boolean } = {}): SiteState {
  return create(dir, scenario, { ...opts, mainJs: mainJsPath() });
}

export function checkSite(dir: string): CheckResult {
  return check(dir);
}

export function readState(dir: string): SiteState {
  return read(dir);
}

export type FaultSpec = Pick<Fault, 'command' | 'call' | 'action'> & Partial<Pick<Fault, 'code' | 'message' | 'delayMs' | 'host'>>;

export function injectFault(dir: string, spec: FaultSpec): void {
  const fault: Fault = { code: 1, message: null, delayMs: 2000, host: null, ...spec };
  withState(dir, (state) => {
    const bad = validateFault(fault, Object.keys(state.hosts));
    if (bad) throw new SiteError(bad);
    addFault(state, fault);
    return { save: true, value: undefined };
  });
}

/** Environment for running a simulated command as host `host` of the site. */
export function siteEnv(dir: string, host: string): Record<string, string> {
  return { MIRRORPLAN_SIM_DIR: dir, MIRRORPLAN_SIM_HOST: host, PATH: `${dir}/bin:${process.env.PATH ?? ''}` };
}
