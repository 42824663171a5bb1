import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { checkSite } from './check.js';
import { addFault, describeFault, validateFault } from './faults.js';
import { createSite, SCENARIOS } from './scenarios.js';
import { readState, SiteError, withState } from './state/store.js';
import type { Fault, Timing } from './state/types.js';

// `mirrorplan-sim` admin subcommands: setup, check, fault, scenarios, state.

const USAGE = `usage: mirrorplan-sim setup --dir DIR --scenario NAME [--force] [--timing key=ms,...]
       mirrorplan-sim check --dir DIR [--json]
       mirrorplan-sim fault --dir DIR --command NAME --call N --action fail|hang|slow [--code C] [--message M] [--delay-ms D] [--host H]
       mirrorplan-sim scenarios
       mirrorplan-sim state --dir DIR
       mirrorplan-sim <command> [args...]     (run a simulated command; needs MIRRORPLAN_SIM_DIR and MIRRORPLAN_SIM_HOST)`;

function flags(args: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) throw new SiteError(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) m.set(a.slice(2, eq), a.slice(eq + 1));
    else if (['--json', '--force'].includes(a)) m.set(a.slice(2), '');
    else {
      const v = args[++i];
      if (v === undefined) throw new SiteError(`${a} needs a value`);
      m.set(a.slice(2), v);
    }
  }
  return m;
}

function need(f: Map<string, string>, k: string): string {
  const v = f.get(k);
  if (!v) throw new SiteError(`--${k} is required`);
  return v;
}

function parseTiming(text: string | undefined): Partial<Timing> {
  const out: Partial<Timing> = {};
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [k = '', v = ''] = part.split('=');
    if (!['syncvgMs', 'gdsCopyMs', 'ecCopyMs', 'opcCopyMs', 'rmsDetectMs'].includes(k) || !/^\d+$/.test(v)) throw new SiteError(`bad --timing entry ${part}`);
    out[k as keyof Timing] = Number(v);
  }
  return out;
}

export function mainJsPath(): string {
  return join(fileURLToPath(new URL('.', import.meta.url)), 'main.js');
}

export async function admin(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    const f = flags(rest);
    if (cmd === 'scenarios') {
      for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(24)} ${s.description}\n`);
      return 0;
    }
    if (cmd === 'setup') {
      const dir = need(f, 'dir');
      const state = createSite(dir, need(f, 'scenario'), { timing: parseTiming(f.get('timing')), force: f.has('force'), mainJs: mainJsPath() });
      const hosts = Object.keys(state.hosts);
      process.stdout.write(`# simulated site "${state.scenario}" in ${state.dir}\nexport PATH="${join(state.dir, 'bin')}:$PATH"\nexport MIRRORPLAN_SIM_DIR="${state.dir}"\n`);
      process.stdout.write(`# per host, set MIRRORPLAN_SIM_HOST to one of: ${hosts.join(' ')}\nexport MIRRORPLAN_SIM_HOST="${hosts[0] ?? ''}"\n`);
      process.stdout.write(`# backups go to ${join(state.dir, 'backups')}; mount points for backup copies under ${join(state.dir, 'mnt')}\n`);
      return 0;
    }
    if (cmd === 'check') {
      const r = checkSite(need(f, 'dir'));
      if (f.has('json')) process.stdout.write(`${JSON.stringify(r, null, 1)}\n`);
      else process.stdout.write(r.healthy ? 'healthy\n' : `${r.violations.join('\n')}\n`);
      return r.healthy ? 0 : 1;
    }
    if (cmd === 'state') {
      process.stdout.write(`${JSON.stringify(readState(need(f, 'dir')), null, 1)}\n`);
      return 0;
    }
    if (cmd === 'fault') {
      const dir = need(f, 'dir');
      const fault: Fault = {
        command: need(f, 'command'), call: Number(need(f, 'call')), action: need(f, 'action') as Fault['action'],
        code: Number(f.get('code') ?? 1), message: f.get('message') ?? null, delayMs: Number(f.get('delay-ms') ?? 2000), host: f.get('host') ?? null,
      };
      const text = withState(dir, (state) => {
        const bad = validateFault(fault, Object.keys(state.hosts));
        if (bad) throw new SiteError(bad);
        addFault(state, fault);
        return { save: true, value: describeFault(fault) };
      });
      process.stdout.write(`fault added: ${text}\n`);
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } catch (e) {
    if (e instanceof SiteError) {
      process.stderr.write(`mirrorplan-sim: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
