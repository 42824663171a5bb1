/*
 * Proof harness for shipped plans: runs a plan through the real CLI (a child
 * process, `dist/engine/cli/main.js`) against a fresh simulated site, breaks it in
 * every way we know, and after each scenario asserts the simulator's `check`
 * (not just an exit code). Build first (`npx tsc -p .`).
 *
 * API (everything takes one `PlanProof`):
 *
 *   const proof: PlanProof = {
 *     name: 'aix-split-mirror',
 *     plan: '/abs/plans/aix-split-mirror.yaml',
 *     siteTemplate: '/abs/plans/sites/aix-split-mirror.sim.yaml', // shipped site file
 *     templateDir: '/tmp/mirrorplan-sim/aix-hacmp',  // the sim dir the template is written for;
 *                                                    // every occurrence is replaced by the real dir
 *     scenario: 'aix-hacmp',                         // simulator scenario
 *     mutatingCommands: ['appctl', 'splitlvcopy', 'tar', ...], // fail at every call of these
 *     nativeCommands: ['tar', 'mkdir', 'rmdir'],     // non-simulator commands the plan runs; the
 *                                                    // harness shadows them in DIR/bin to count
 *                                                    // calls and inject faults
 *     expectBackups: 1,                              // archives in DIR/backups after a success
 *     siteFiles: [['/abs/plans/sites/hooks', 'hooks']], // copied into each site dir (optional)
 *   };
 *
 *   const tally = new Tally('aix-split-mirror');
 *   await proveSuccess(proof, tally);                 // exit 0, healthy, N good backups
 *   await proveFailures(proof, tally);                // fail the k-th call of every mutating command
 *   await proveHangs(proof, tally);                   // hang the k-th call of every command (timeouts made short)
 *   await proveKills(proof, tally, 'resume');         // kill -9 at journal record N, then resume
 *   await proveKills(proof, tally, 'recover');        // ... then recover
 *   await proveSigints(proof, tally);                 // SIGINT while each step runs
 *   await proveOutcome(proof, tally, { scenario: 'aix-stale', exit: 9, changed: false });
 *   // prepare: put the site in a blocked state first, e.g. simCommand(site, 'aix1', 'umount', ['/data'])
 *   tally.print();                                    // "aix-split-mirror: 123 scenarios ..."
 *
 * Each prove* takes an optional `pick(list)` that selects a representative subset
 * (the default run) instead of the full matrix; `few(n)` and `sample(every)` are pickers.
 * Every scenario gets its own site directory and state directory under one temp dir,
 * so scenarios run concurrently (`concurrency`, default 2).
 *
 * How faults reach commands: simulator commands through the simulator's own fault
 * table (`injectFault`, the Nth call counted over all hosts); native commands
 * through a shell wrapper in DIR/bin that counts its calls in DIR/.harness and
 * fails (exit 1) or hangs (`exec sleep`, killed with the step's process group).
 * Call numbers come from a successful reference run: `state.calls` for simulator
 * commands and the wrapper's counters for native ones, so every call that a
 * successful run makes is hit once.
 *
 * Hangs: the plan is rewritten into the scenario's directory with every command's
 * `timeout` (steps, body steps, undo, guard, preflight, check) set to
 * `shortTimeout` (default 4s) and `defaults.kill_grace` 300ms; nothing else changes.
 *
 * Kills: the engine is spawned with MIRRORPLAN_TEST_KILL_AT_RECORD=N (honoured if the
 * engine implements it) and the harness also polls the run's journal and SIGKILLs the
 * engine as soon as it holds N records; the number of records actually on disk at the
 * kill is what the scenario reports (polling can overshoot a fast boundary). The killed
 * engine's command keeps running in its own process group; while resume/recover answer
 * STEP_STILL_RUNNING the harness waits and tries again, as the hint tells an operator.
 */
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { checkSite, injectFault, readState, type Timing } from '../../simulator/index.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist/engine/cli/main.js');
/** What users run: the launcher execs node on CLI with the engine's heap options (same pid). */
export const LAUNCHER = join(ROOT, 'bin/mirrorplan');
export const SIM_MAIN = join(ROOT, 'dist/simulator/main.js');

/** CLI exit codes (engine/cli/exit-codes.ts). */
export const EXIT = { ok: 0, rolledBack: 5, rollbackFailed: 6, paused: 7, locked: 8, preflightFailed: 9, inDoubt: 11 } as const;

export interface PlanProof {
  /** Label used in messages and the tally. */
  name: string;
  /** Absolute path of the plan file. */
  plan: string;
  /** Absolute path of the shipped site file for the simulator. */
  siteTemplate: string;
  /** The simulator directory the site template is written for; replaced by each scenario's directory. */
  templateDir: string;
  /** Simulator scenario of the reference (successful) run. */
  scenario: string;
  /** Simulator timing (default: syncvgMs and copies 300 ms, RMS detector 150 ms). */
  timing?: Partial<Timing>;
  /** Extra -p name=value for every run. */
  params?: Record<string, string>;
  /** Commands that change something: each of their calls in a successful run is failed once. */
  mutatingCommands: string[];
  /** Commands not provided by the simulator that the plan runs (tar, mkdir...): wrapped for counting and faults. */
  nativeCommands?: string[];
  /** Backups a successful run leaves in DIR/backups (default 1). */
  expectBackups?: number;
  /** Command timeout used by hang scenarios (default 4s). */
  shortTimeout?: string;
  /** Scenarios run at once (default 2). */
  concurrency?: number;
  /** Files or directories copied into each site directory: [absolute source, path relative to DIR] (hook scripts). */
  siteFiles?: Array<[string, string]>;
}

export type Picker = <T>(list: T[]) => T[];
/** Every item (the full matrix). */
export const all: Picker = (list) => list;
/** `n` items spread evenly over the list (first and last included when n >= 2). */
export const few = (n: number): Picker => (list) => {
  if (list.length <= n) return list;
  if (n === 1) return [list[Math.floor(list.length / 2)] as (typeof list)[number]];
  return Array.from({ length: n }, (_, i) => list[Math.round((i * (list.length - 1)) / (n - 1))] as (typeof list)[number]);
};
/** Every `every`-th item, always including the first and the last. */
export const sample = (every: number): Picker => (list) => list.filter((_, i) => i % every === 0 || i === list.length - 1);

/** Counts scenarios per kind and prints them. */
export class Tally {
  readonly counts = new Map<string, number>();
  readonly notes: string[] = [];
  constructor(readonly name: string) {}
  add(kind: string, n = 1): void { this.counts.set(kind, (this.counts.get(kind) ?? 0) + n); }
  get total(): number { return [...this.counts.values()].reduce((a, b) => a + b, 0); }
  summary(): string {
    return `${this.name}: ${this.total} scenarios (${[...this.counts.entries()].map(([k, v]) => `${k} ${v}`).join(', ')})`;
  }
  print(): void { console.log(this.summary()); for (const n of this.notes) console.log(`  ${n}`); }
}

// ---------------------------------------------------------------------------
// Sites

export interface SimSite {
  dir: string;
  site: string;
  stateDir: string;
  plan: string;
}

let scratch: string | null = null;
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'mirrorplan-proof-'));
  return scratch;
}

/** Removes every site the harness created in this process. */
export function cleanupSites(): void {
  if (scratch && process.env.MIRRORPLAN_PROOF_KEEP !== '1') rmSync(scratch, { recursive: true, force: true });
  scratch = null;
}

const DEFAULT_TIMING: Partial<Timing> = { syncvgMs: 300, gdsCopyMs: 300, ecCopyMs: 300, opcCopyMs: 300, rmsDetectMs: 150 };

/** Renders the shipped site template for a site directory. */
export function renderSiteTemplate(template: string, templateDir: string, dir: string): string {
  return readFileSync(template, 'utf8').split(templateDir).join(dir);
}

/** A fresh simulated site for one scenario, with its site file and state dir. */
export function makeSite(proof: PlanProof, label: string, scenario = proof.scenario): SimSite {
  const root = mkdtempSync(join(scratchDir(), `${label.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}-`));
  const dir = join(root, 'sim');
  // Through the built CLI: createSite() imported from source would point the wrappers at simulator/main.js.
  const timing = Object.entries({ ...DEFAULT_TIMING, ...proof.timing }).map(([k, v]) => `${k}=${v}`).join(',');
  execFileSync(process.execPath, [SIM_MAIN, 'setup', '--dir', dir, '--scenario', scenario, '--timing', timing], { stdio: 'pipe' });
  const site = join(root, 'site.yaml');
  writeFileSync(site, renderSiteTemplate(proof.siteTemplate, proof.templateDir, dir));
  for (const command of proof.nativeCommands ?? []) installNativeWrapper(dir, command);
  for (const [from, to] of proof.siteFiles ?? []) cpSync(from, join(dir, to), { recursive: true });
  return { dir, site, stateDir: join(root, 'state'), plan: proof.plan };
}

function whichReal(command: string): string {
  for (const d of ['/usr/local/bin', '/usr/bin', '/bin']) if (existsSync(join(d, command))) return join(d, command);
  return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
}

/** DIR/bin/<command>: counts calls, applies a fault from DIR/.harness/fault.<command>, else runs the real one. */
function installNativeWrapper(dir: string, command: string): void {
  const h = join(dir, '.harness');
  mkdirSync(h, { recursive: true });
  const wrapper = join(dir, 'bin', command);
  writeFileSync(wrapper, `#!/bin/sh
# mirrorplan proof harness: call counter and fault injection for ${command}
echo x >> '${h}/calls.${command}'
n=$(wc -l < '${h}/calls.${command}')
if [ -f '${h}/fault.${command}' ]; then
  read call action < '${h}/fault.${command}'
  if [ "$n" -eq "$call" ]; then
    case "$action" in
      fail) echo "${command}: injected failure" >&2; exit 1 ;;
      hang) exec sleep 100000 ;;
    esac
  fi
fi
exec '${whichReal(command)}' "$@"
`);
  chmodSync(wrapper, 0o755);
}

/** Runs a simulated command on `host` of the site (to prepare a blocked state); throws unless it exits 0. */
export function simCommand(site: SimSite, host: string, command: string, args: string[]): string {
  return execFileSync(join(site.dir, 'bin', command), args, {
    encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${join(site.dir, 'bin')}:${process.env.PATH ?? ''}`, MIRRORPLAN_SIM_DIR: site.dir, MIRRORPLAN_SIM_HOST: host },
  });
}

/** Fails or hangs the `call`-th call of `command` (simulator or native). */
export function injectCommandFault(site: SimSite, command: string, call: number, action: 'fail' | 'hang'): void {
  if (existsSync(join(site.dir, 'bin', command)) && isNative(site, command)) {
    writeFileSync(join(site.dir, '.harness', `fault.${command}`), `${call} ${action}\n`);
    return;
  }
  injectFault(site.dir, { command, call, action });
}

function isNative(site: SimSite, command: string): boolean {
  return readFileSync(join(site.dir, 'bin', command), 'utf8').includes('mirrorplan proof harness');
}

/** Calls per command made so far: simulator's state.calls plus the native wrappers' counters. */
export function callCounts(site: SimSite): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [name, n] of Object.entries(readState(site.dir).calls ?? {})) if (!name.includes('@')) counts.set(name, n as number);
  const h = join(site.dir, '.harness');
  if (existsSync(h)) for (const f of readdirSync(h)) {
    if (f.startsWith('calls.')) counts.set(f.slice(6), readFileSync(join(h, f), 'utf8').split('\n').filter(Boolean).length);
  }
  return counts;
}

// ---------------------------------------------------------------------------
// Running the CLI

export interface CliResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Journal records on disk when the process ended (or was killed). */
  records: number;
  runId: string | null;
}

export interface RunOptions {
  /** SIGKILL the engine once the journal holds this many records. */
  killAtRecord?: number;
  /** SIGINT the engine once a step-start record of this step (and item) is on disk. */
  sigintAtStep?: { step: string; item?: string | null };
  /** Extra environment. */
  env?: Record<string, string>;
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
}

export function runsOf(site: SimSite): string[] {
  const runs = join(site.stateDir, 'runs');
  return existsSync(runs) ? readdirSync(runs).filter((f) => !f.startsWith('.')) : [];
}

export interface JournalRecord { type: string; step?: string; item?: string; argvDisplay?: string; [k: string]: unknown }

/** The records of a run's journal (torn tail ignored). */
export function readJournal(site: SimSite, runId: string): JournalRecord[] {
  const file = join(site.stateDir, 'runs', runId, 'journal.jsonl');
  if (!existsSync(file)) return [];
  const out: JournalRecord[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    try { out.push(JSON.parse(line.slice(space + 1)) as JournalRecord); } catch { /* torn */ }
  }
  return out;
}

function countLines(file: string): number {
  try {
    const text = readFileSync(file, 'utf8');
    let n = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
    return n;
  } catch { return 0; }
}

/** Runs `mirrorplan ARGS` as a child process (the real CLI). */
export function cli(site: SimSite, args: string[], opts: RunOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    MIRRORPLAN_CACHE_DIR: join(scratchDir(), '.plan-cache'),
    MIRRORPLAN_NODE: process.execPath,
    ...(opts.killAtRecord !== undefined ? { MIRRORPLAN_TEST_KILL_AT_RECORD: String(opts.killAtRecord) } : {}),
    ...opts.env,
  };
  const before = new Set(runsOf(site));
  return new Promise((resolveRun) => {
    const child = spawn(LAUNCHER, [...args, '--state-dir', site.stateDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    let runId: string | null = /^(?:resume|recover)$/.test(args[0] ?? '') ? (args[1] ?? null) : null;
    let fired = false;
    const journal = () => {
      if (!runId) runId = runsOf(site).find((r) => !before.has(r)) ?? null;
      return runId ? join(site.stateDir, 'runs', runId, 'journal.jsonl') : null;
    };
    const poll = setInterval(() => {
      if (fired) return;
      const file = journal();
      if (!file) return;
      if (opts.killAtRecord !== undefined && countLines(file) >= opts.killAtRecord) {
        fired = true;
        child.kill('SIGKILL');
      }
      if (opts.sigintAtStep && runId) {
        const { step, item } = opts.sigintAtStep;
        if (readJournal(site, runId).some((r) => r.type === 'step-start' && r.step === step && (item === undefined || (r.item ?? null) === item))) {
          fired = true;
          child.kill('SIGINT');
        }
      }
    }, 1);
    const limit = setTimeout(() => { child.kill('SIGKILL'); stderr += '\n[proof harness: time limit reached, killed]'; }, opts.timeoutMs ?? 120_000);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(limit);
      const file = journal();
      resolveRun({ code, signal, stdout, stderr, records: file ? countLines(file) : 0, runId });
    });
  });
}

export function runArgs(proof: PlanProof, site: SimSite, plan = site.plan): string[] {
  return ['run', plan, '--site', site.site, '--yes', ...Object.entries(proof.params ?? {}).flatMap(([k, v]) => ['-p', `${k}=${v}`])];
}

// ---------------------------------------------------------------------------
// Assertions

export class ProofFailure extends Error {}

function describe(site: SimSite, what: string, r?: CliResult): string {
  const check = checkSite(site.dir);
  return `${what}\n  site: ${site.dir}\n  check: ${check.healthy ? 'healthy' : check.violations.join('; ')}` +
    (r ? `\n  exit: ${r.code ?? r.signal}\n  stderr (tail):\n${r.stderr.split('\n').slice(-25).map((l) => `    ${l}`).join('\n')}` : '');
}

export function backupsOf(site: SimSite): string[] {
  const d = join(site.dir, 'backups');
  return existsSync(d) ? readdirSync(d) : [];
}

/** The simulator says the site is back to its healthy baseline. */
export function assertHealthy(site: SimSite, what: string, r?: CliResult): void {
  const check = checkSite(site.dir);
  if (!check.healthy) throw new ProofFailure(describe(site, `${what}: site not healthy`, r));
}

/** Healthy, and exactly `n` backups, each verified by the simulator's check. */
export function assertGoodBackups(site: SimSite, n: number, what: string, r?: CliResult): void {
  assertHealthy(site, what, r);
  const got = backupsOf(site).length;
  if (got !== n) throw new ProofFailure(describe(site, `${what}: expected ${n} backup(s), found ${got}: ${backupsOf(site).join(', ')}`, r));
}

/** After a run that ended by itself: succeeded -> good backups; declined by the guard (a guard probe that failed) -> no backup; else healthy. */
export function assertEndState(proof: PlanProof, site: SimSite, r: CliResult, what: string, tally?: Tally): void {
  if (r.code === EXIT.ok && /declined by the guard/.test(r.stderr)) {
    assertGoodBackups(site, 0, `${what} (declined)`, r);
    tally?.notes.push(`${what}: the guard's probe failed and the run was DECLINED (exit 0)`);
  } else if (r.code === EXIT.ok) assertGoodBackups(site, proof.expectBackups ?? 1, what, r);
  else assertHealthy(site, what, r);
}

export function assertExit(r: CliResult, allowed: number[], site: SimSite, what: string): void {
  if (r.code === null || !allowed.includes(r.code)) throw new ProofFailure(describe(site, `${what}: exit ${r.code ?? r.signal}, expected ${allowed.join(' or ')}`, r));
}

/** A snapshot of the simulated state that a run that "changed nothing" must leave identical. */
export function fingerprint(site: SimSite): string {
  const s = readState(site.dir) as unknown as Record<string, unknown>;
  const keep = ['vgs', 'stanzas', 'mounts', 'apps', 'hacmp', 'rms', 'acm', 'gds', 'snapshots'];
  return JSON.stringify(keep.map((k) => s[k] ?? null)) + JSON.stringify(backupsOf(site));
}

// ---------------------------------------------------------------------------
// Scenarios

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  const errors: unknown[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try { await fn(item); } catch (e) { errors.push(e); }
    }
  }));
  if (errors.length) throw new ProofFailure(`${errors.length} scenario(s) failed:\n\n${errors.map((e) => (e as Error).message).join('\n\n')}`);
}

export interface Reference { site: SimSite; runId: string; journal: JournalRecord[]; calls: Map<string, number> }

const references = new Map<string, Promise<Reference>>();

/** A successful run: exit 0, healthy, the expected good backups. Cached per proof. */
export function reference(proof: PlanProof): Promise<Reference> {
  let ref = references.get(proof.name);
  if (!ref) {
    ref = (async () => {
      const site = makeSite(proof, 'reference');
      const r = await cli(site, runArgs(proof, site));
      assertExit(r, [EXIT.ok], site, `${proof.name}: successful run`);
      assertGoodBackups(site, proof.expectBackups ?? 1, `${proof.name}: successful run`, r);
      if (!r.runId) throw new ProofFailure(`${proof.name}: no run id`);
      return { site, runId: r.runId, journal: readJournal(site, r.runId), calls: callCounts(site) };
    })();
    references.set(proof.name, ref);
  }
  return ref;
}

export async function proveSuccess(proof: PlanProof, tally: Tally): Promise<Reference> {
  const ref = await reference(proof);
  tally.add('success');
  return ref;
}

/** Every call (k = 1..calls in a successful run) of every mutating command fails once; the run rolls back (or stops before changing anything) and the site is healthy. */
export async function proveFailures(proof: PlanProof, tally: Tally, pick: Picker = all): Promise<void> {
  const ref = await reference(proof);
  const cases = proof.mutatingCommands.flatMap((command) => Array.from({ length: ref.calls.get(command) ?? 0 }, (_, i) => ({ command, call: i + 1 })));
  const missing = proof.mutatingCommands.filter((c) => !ref.calls.get(c));
  if (missing.length) throw new ProofFailure(`${proof.name}: a successful run never calls ${missing.join(', ')}`);
  await pool(pick(cases), proof.concurrency ?? 2, async ({ command, call }) => {
    const what = `${proof.name}: ${command} call ${call} fails`;
    const site = makeSite(proof, `fail-${command}-${call}`);
    injectCommandFault(site, command, call, 'fail');
    const r = await cli(site, runArgs(proof, site));
    assertExit(r, [EXIT.rolledBack, EXIT.preflightFailed, EXIT.ok], site, what);
    assertEndState(proof, site, r, what, tally);
    tally.add('failure');
  });
}

/** Rewrites the plan with every command timeout set short (hang scenarios). */
export function shortTimeoutPlan(proof: PlanProof, site: SimSite): string {
  const timeout = proof.shortTimeout ?? '4s';
  const doc = parse(readFileSync(proof.plan, 'utf8')) as Record<string, unknown>;
  if (doc.extends) throw new ProofFailure(`${proof.name}: shortTimeoutPlan does not handle extends`);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(visit); return; }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if ('command' in o || 'shell' in o) o.timeout = timeout;
    for (const v of Object.values(o)) visit(v);
  };
  visit(doc);
  doc.defaults = { ...(doc.defaults as object | undefined), timeout, kill_grace: '300ms' };
  delete doc.$schema;
  const file = join(dirname(site.site), basename(proof.plan));
  writeFileSync(file, stringify(doc));
  return file;
}

/** Every call of every command the successful run made hangs once; its timeout ends it; the run rolls back (a hung probe of a wait is retried) and the site is healthy. */
export async function proveHangs(proof: PlanProof, tally: Tally, pick: Picker = all): Promise<void> {
  const ref = await reference(proof);
  const cases = [...ref.calls.entries()].filter(([c]) => c !== 'mirrorplan-sim').flatMap(([command, n]) => Array.from({ length: n }, (_, i) => ({ command, call: i + 1 })));
  await pool(pick(cases), proof.concurrency ?? 2, async ({ command, call }) => {
    const what = `${proof.name}: ${command} call ${call} hangs`;
    const site = makeSite(proof, `hang-${command}-${call}`);
    const plan = shortTimeoutPlan(proof, site);
    injectCommandFault(site, command, call, 'hang');
    const r = await cli(site, runArgs(proof, site, plan));
    assertExit(r, [EXIT.rolledBack, EXIT.preflightFailed, EXIT.ok], site, what);
    assertEndState(proof, site, r, what, tally);
    tally.add('hang');
  });
}

/** Kill -9 of the engine once the journal holds N records (N = 1..records of a successful run - 1), then `resume` (completes, good backup) or `recover` (healthy). */
export async function proveKills(proof: PlanProof, tally: Tally, mode: 'resume' | 'recover', pick: Picker = all): Promise<void> {
  const ref = await reference(proof);
  const boundaries = Array.from({ length: ref.journal.length - 1 }, (_, i) => i + 1);
  const hit = new Set<number>();
  await pool(pick(boundaries), proof.concurrency ?? 2, async (n) => {
    const what = `${proof.name}: kill -9 at record ${n}, then ${mode}`;
    const site = makeSite(proof, `kill-${n}-${mode}`);
    const killed = await cli(site, runArgs(proof, site), { killAtRecord: n });
    if (killed.signal !== 'SIGKILL') {
      // The run ended before the kill (it can only be a finished run then).
      assertExit(killed, [EXIT.ok], site, `${what} (the run ended before the kill)`);
      assertGoodBackups(site, proof.expectBackups ?? 1, what, killed);
      tally.add(`kill+${mode}`);
      return;
    }
    hit.add(killed.records);
    if (!killed.runId) throw new ProofFailure(`${what}: no run directory after the kill`);
    // The killed engine's in-flight command may still be running in its own process group: resume/recover must cope.
    // Like an operator told STEP_STILL_RUNNING ("wait for them to end"), try again while the orphan runs.
    let r = await cli(site, [mode, killed.runId, '--yes']);
    for (let i = 0; i < 120 && r.code === 1 && /STEP_STILL_RUNNING/.test(r.stderr); i++) {
      await new Promise((done) => setTimeout(done, 500));
      r = await cli(site, [mode, killed.runId, '--yes']);
    }
    if (mode === 'resume') {
      assertExit(r, [EXIT.ok], site, `${what} (killed with ${killed.records} records)`);
      assertGoodBackups(site, proof.expectBackups ?? 1, `${what} (killed with ${killed.records} records)`, r);
    } else {
      assertExit(r, [EXIT.ok, EXIT.rolledBack], site, `${what} (killed with ${killed.records} records)`);
      assertHealthy(site, `${what} (killed with ${killed.records} records)`, r);
    }
    tally.add(`kill+${mode}`);
  });
  tally.notes.push(`kill+${mode}: ${hit.size} distinct record counts at the kill, of ${ref.journal.length - 1} boundaries`);
}

/** SIGINT while each step (each foreach item) of a successful run is running: rolled back, healthy. */
export async function proveSigints(proof: PlanProof, tally: Tally, pick: Picker = all): Promise<void> {
  const ref = await reference(proof);
  const seen = new Set<string>();
  const steps: Array<{ step: string; item: string | null }> = [];
  for (const r of ref.journal) {
    if (r.type !== 'step-start' || !r.step) continue;
    const key = `${r.step}|${r.item ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    steps.push({ step: r.step, item: (r.item as string | undefined) ?? null });
  }
  await pool(pick(steps), proof.concurrency ?? 2, async ({ step, item }) => {
    const what = `${proof.name}: SIGINT during ${step}${item ? ` [${item}]` : ''}`;
    const site = makeSite(proof, `sigint-${step}`);
    const r = await cli(site, runArgs(proof, site), { sigintAtStep: { step, item } });
    assertExit(r, [EXIT.rolledBack, EXIT.ok], site, what);
    if (r.code === EXIT.ok) assertGoodBackups(site, proof.expectBackups ?? 1, what, r);
    else assertHealthy(site, what, r);
    tally.add('sigint');
  });
}

/** A run on another scenario with an expected exit code; `changed: false` asserts the simulated state is untouched (guard declines, preflight blockers). */
export async function proveOutcome(proof: PlanProof, tally: Tally, o: { scenario: string; exit: number; changed?: boolean; backups?: number; params?: Record<string, string>; label?: string; prepare?: (site: SimSite) => void }): Promise<CliResult> {
  const p = { ...proof, params: { ...proof.params, ...o.params } };
  const site = makeSite(p, o.label ?? `outcome-${o.scenario}`, o.scenario);
  o.prepare?.(site);
  const before = fingerprint(site);
  const r = await cli(site, runArgs(p, site));
  const what = `${proof.name} on ${o.scenario}${o.params ? ` ${JSON.stringify(o.params)}` : ''}`;
  assertExit(r, [o.exit], site, what);
  if (o.changed === false && fingerprint(site) !== before) throw new ProofFailure(describe(site, `${what}: the simulated site changed`, r));
  if (o.backups !== undefined) assertGoodBackups(site, o.backups, what, r);
  tally.add(`outcome:${o.label ?? o.scenario}`);
  return r;
}

/** Whether the full matrix was asked for (MIRRORPLAN_FULL_MATRIX=1). */
export const FULL_MATRIX = process.env.MIRRORPLAN_FULL_MATRIX === '1';
