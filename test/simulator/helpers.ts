import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Test helpers: every simulated command runs as a real process through the
// site's bin dir, as a plan would run it. Requires `npx tsc -p .` first.

const BUILT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../dist/simulator');

function privateCopy(): string {
  // Other work in the repo may rebuild dist/ while these tests run; a private
  // copy keeps half-written files out of the simulated commands.
  if (!existsSync(join(BUILT, 'main.js'))) throw new Error(`${BUILT}/main.js missing: run "npx tsc -p ." before the simulator tests`);
  const root = mkdtempSync(join(tmpdir(), 'mpsim-dist-'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  cpSync(BUILT, join(root, 'simulator'), { recursive: true });
  return join(root, 'simulator', 'main.js');
}

export const MAIN = privateCopy();

export function assertBuilt(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} missing`);
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function admin(args: string[]): Promise<Run> {
  return new Promise((res) => {
    execFile(process.execPath, [MAIN, ...args], (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      res({ code, stdout, stderr });
    });
  });
}

export async function newSite(scenario: string, timing = 'syncvgMs=400,gdsCopyMs=400,ecCopyMs=400,opcCopyMs=300,rmsDetectMs=200'): Promise<string> {
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), `mpsim-${scenario}-`));
  const r = await admin(['setup', '--dir', dir, '--scenario', scenario, '--timing', timing]);
  if (r.code !== 0) throw new Error(`setup failed: ${r.stderr}`);
  return dir;
}

export interface RunOpts {
  input?: string;
  signal?: AbortSignal;
  env?: Record<string, string>;
}

/** Run `cmd args` on host of the site, through DIR/bin like a plan would. */
export function sim(dir: string, host: string, cmd: string, args: string[] = [], opts: RunOpts = {}): Promise<Run> {
  return new Promise((res, rej) => {
    const child = spawn(join(dir, 'bin', cmd), args, {
      env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`, MIRRORPLAN_SIM_DIR: dir, MIRRORPLAN_SIM_HOST: host, ...opts.env },
      signal: opts.signal,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(opts.input ?? '');
    child.on('error', (e) => {
      if ((e as NodeJS.ErrnoException).name === 'AbortError') return;
      rej(e);
    });
    child.on('close', (code, sig) => res({ code: code ?? (sig ? 128 : -1), stdout, stderr }));
  });
}

/** Run and require exit 0. */
export async function ok(dir: string, host: string, cmd: string, args: string[] = [], opts: RunOpts = {}): Promise<string> {
  const r = await sim(dir, host, cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} on ${host} exited ${r.code}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Run a real (host) program, e.g. tar, as the backup command of a plan. */
export function real(cmd: string, args: string[]): Promise<Run> {
  return new Promise((res) => {
    execFile(cmd, args, (err, stdout, stderr) => res({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll fn until it returns true (commands can be slow on a loaded machine). */
export async function until(fn: () => Promise<boolean>, timeoutMs = 30_000, stepMs = 200): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(stepMs);
  }
}
