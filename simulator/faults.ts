import type { Fault, SiteState } from './state/types.js';

// Fault injection. Calls are counted per command name, and per command on each
// host ("name@host"), in the state file, so the count survives across processes.
// A fault with a host counts that host's calls only; without, all calls.

export interface CallCount {
  all: number;
  onHost: number;
}

export function countCall(state: SiteState, command: string, host: string): CallCount {
  const all = (state.calls[command] ?? 0) + 1;
  const key = `${command}@${host}`;
  const onHost = (state.calls[key] ?? 0) + 1;
  state.calls[command] = all;
  state.calls[key] = onHost;
  return { all, onHost };
}

export function matchFault(state: SiteState, command: string, host: string, n: CallCount): Fault | undefined {
  return state.faults.find((f) =>
    f.command === command && (f.host === null ? f.call === n.all : f.host === host && f.call === n.onHost));
}

export function validateFault(f: Fault, knownHosts: string[]): string | null {
  if (!f.command) return 'fault needs --command';
  if (!Number.isInteger(f.call) || f.call < 1) return '--call must be a positive integer (the Nth call, 1-based)';
  if (!['fail', 'hang', 'slow'].includes(f.action)) return '--action must be fail, hang or slow';
  if (!Number.isInteger(f.code) || f.code < 0 || f.code > 255) return '--code must be 0..255';
  if (f.delayMs < 0) return '--delay-ms must be >= 0';
  if (f.host !== null && !knownHosts.includes(f.host)) return `unknown host ${f.host}`;
  return null;
}

export function addFault(state: SiteState, f: Fault): void {
  state.faults.push(f);
  state.events.push(`${new Date().toISOString()} fault added: ${describeFault(f)}`);
}

export function describeFault(f: Fault): string {
  const where = f.host ? ` on ${f.host}` : '';
  const what = f.action === 'fail' ? `fail with exit ${f.code}` : f.action === 'slow' ? `slow by ${f.delayMs} ms` : 'hang';
  return `call #${f.call} of ${f.command}${where}: ${what}`;
}
