import { countCall, matchFault } from './faults.js';
import { REGISTRY } from './registry.js';
import { settle } from './settle.js';
import { LockTimeoutError } from './state/lock.js';
import { SiteError, withState } from './state/store.js';
import type { CmdResult, Ctx, Handler } from './commands/types.js';
import type { Fault } from './state/types.js';

// One simulated command invocation: find the site and host from the
// environment, count the call, apply an injected fault, then run the handler
// under the site lock. Waits (syncvg, waitsync, hvassert -w) sleep with the
// lock released, so other commands keep working while one is waiting.

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function emit(r: { stdout: string; stderr: string }): void {
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
}

type Gate = { kind: 'fault'; fault: Fault } | { kind: 'error'; code: number; text: string } | { kind: 'go' };

export async function runCommand(name: string, args: string[]): Promise<number> {
  const env = process.env;
  const dir = env.MIRRORPLAN_SIM_DIR;
  const host = env.MIRRORPLAN_SIM_HOST;
  if (!dir || !host) {
    const missing = !dir ? 'MIRRORPLAN_SIM_DIR' : 'MIRRORPLAN_SIM_HOST';
    process.stderr.write(`${name}: mirrorplan simulator: ${missing} is not set; run through the site's bin dir with the env printed by "mirrorplan-sim setup"\n`);
    return 2;
  }
  const entry = REGISTRY[name];
  if (!entry) {
    process.stderr.write(`mirrorplan-sim: unknown command ${name}\n`);
    return 127;
  }
  try {
    const gate = withState<Gate>(dir, (state) => {
      const h = state.hosts[host];
      if (!h) return { save: false, value: { kind: 'error', code: 2, text: `${name}: mirrorplan simulator: unknown host ${host} in ${dir}` } };
      if (!entry.os.includes(h.os)) return { save: false, value: { kind: 'error', code: 127, text: `sh: ${name}: not found` } };
      const n = countCall(state, name, host);
      const fault = matchFault(state, name, host, n);
      return { save: true, value: fault ? { kind: 'fault', fault } : { kind: 'go' } };
    });
    if (gate.kind === 'error') {
      process.stderr.write(`${gate.text}\n`);
      return gate.code;
    }
    if (gate.kind === 'fault') {
      const f = gate.fault;
      if (f.action === 'fail') {
        process.stderr.write(`${f.message ?? `${name}: injected failure`}\n`);
        return f.code;
      }
      if (f.action === 'hang') {
        // Sleep until killed, holding no lock.
        for (;;) await sleep(60_000);
      }
      await sleep(f.delayMs);
    }
    const handlers = await entry.load();
    const handler = handlers[name];
    if (!handler) throw new SiteError(`no handler for ${name}`);
    return await execute(dir, host, name, args, handler);
  } catch (e) {
    if (e instanceof SiteError || e instanceof LockTimeoutError) {
      process.stderr.write(`${name}: mirrorplan simulator: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

async function execute(dir: string, host: string, name: string, args: string[], handler: Handler): Promise<number> {
  const step = (fn: (ctx: Ctx) => CmdResult): CmdResult =>
    withState(dir, (state) => {
      const ctx: Ctx = { state, host, env: process.env, now: Date.now(), name };
      settle(state, ctx.now);
      const r = fn(ctx);
      return { save: true, value: r };
    });
  let result = step((ctx) => handler(args, ctx));
  for (;;) {
    emit(result);
    const wait = result.wait;
    if (!wait) return result.code;
    await sleep(wait.ms);
    result = step(wait.then);
  }
}
