/**
 * Test support (not a test): runs the built CLI as a user would, as a real child
 * process, and reads what a run leaves behind (journal, markers). Requires
 * `npx tsc -p .` first, like the simulator tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const MAIN = resolve(__dirname, '../../dist/engine/cli/main.js');
/** What users run: the launcher execs node on MAIN (same pid, so signals and kill -9 reach the engine). */
export const LAUNCHER = resolve(__dirname, '../../bin/mirrorplan');
export const FIXTURES = resolve(__dirname, '../fixtures/execution');

export interface CliResult { code: number | null; signal: string | null; stdout: string; stderr: string }

export interface Workspace { root: string; state: string; site: string }

export function workspace(label: string): Workspace {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} missing: run "npx tsc -p ." before the execution tests`);
  const root = mkdtempSync(join(tmpdir(), `mp-exec-${label}-`));
  const site = join(root, 'site');
  const state = join(root, 'state');
  mkdirSync(site, { recursive: true });
  return { root, state, site };
}

/** The fixture plan's path; plans take the site directory as `-p site=...`. */
export const fixture = (name: string) => join(FIXTURES, name);

export function writePlan(ws: Workspace, name: string, yaml: string): string {
  const file = join(ws.root, name);
  writeFileSync(file, yaml);
  return file;
}

export interface SpawnOptions { env?: Record<string, string>; stdin?: 'ignore' | 'pipe'; cwd?: string }

/** Starts the CLI; the returned promise settles when it exits. stdin is not a terminal. */
export function startCli(args: string[], options: SpawnOptions = {}): { child: ChildProcess; done: Promise<CliResult>; output(): { stdout: string; stderr: string } } {
  // The launcher runs the node that runs these tests, whatever is first on PATH.
  const env: NodeJS.ProcessEnv = { ...process.env, MIRRORPLAN_NODE: process.execPath, ...options.env };
  delete env.MIRRORPLAN_STATE_DIR;
  if (!options.env?.MIRRORPLAN_TEST_KILL_AT_RECORD) delete env.MIRRORPLAN_TEST_KILL_AT_RECORD;
  const child = spawn(LAUNCHER, args, { stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'], env, ...(options.cwd ? { cwd: options.cwd } : {}) });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<CliResult>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, done, output: () => ({ stdout, stderr }) };
}

export const cli = (args: string[], options: SpawnOptions = {}) => startCli(args, options).done;

/** `run PLAN --state-dir S -p site=SITE ...` */
export const runPlan = (ws: Workspace, plan: string, extra: string[] = [], options: SpawnOptions = {}) =>
  cli(['run', plan, '--state-dir', ws.state, '-p', `site=${ws.site}`, ...extra], options);

export function runIdOf(result: Pick<CliResult, 'stderr'>): string {
  const match = /run (\S+) started/.exec(result.stderr);
  if (!match?.[1]) throw new Error(`no run id in:\n${result.stderr}`);
  return match[1];
}

export function runIds(ws: Workspace): string[] {
  try { return readdirSync(join(ws.state, 'runs')).sort(); } catch { return []; }
}

export interface Rec { seq: number; type: string; step?: string; item?: string; action?: number; outcome?: string; [key: string]: unknown }

/** Journal records (checksum frame `<hex> <json>` stripped); a torn last line is skipped. */
export function journal(ws: Workspace, runId: string): Rec[] {
  const text = readFileSync(join(ws.state, 'runs', runId, 'journal.jsonl'), 'utf8');
  return text.split('\n').filter((l) => l.length > 0).flatMap((l) => {
    try { return [JSON.parse(l.slice(l.indexOf(' ') + 1)) as Rec]; } catch { return []; }
  });
}

export const journalText = (ws: Workspace, runId: string) => readFileSync(join(ws.state, 'runs', runId, 'journal.jsonl'), 'utf8');

export const sitePath = (ws: Workspace, name: string) => join(ws.site, name);
export const exists = (ws: Workspace, name: string) => existsSync(join(ws.site, name));
export const siteFiles = (ws: Workspace) => readdirSync(ws.site).sort();
export const readSite = (ws: Workspace, name: string) => readFileSync(join(ws.site, name), 'utf8');

export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Whether a pid exists (and is not a zombie). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch { return false; }
}
