// `npm run demo`: the AIX HACMP split-mirror plan (plans/aix-split-mirror.yaml) end to
// end on a fresh simulated cluster, through the real CLI in child processes:
//   1. validate (and preview, when the CLI has it) the plan with the shipped site file;
//   2. run it (-v progress), then the simulator's check: healthy, one verified backup;
//   3. a failure: mounting the split-off copy fails, the engine rolls back, check: healthy.
// Exits non-zero when anything is not as expected. MIRRORPLAN_DEMO_DIR picks the
// directory (default: a new temp dir, removed at the end unless the demo failed).
import { execaSync } from 'execa';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSite, createSite, injectFault } from './index.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
// What users run (package.json "bin"): the launcher, with the node that runs this demo.
const CLI = join(ROOT, 'bin/mirrorplan');
const launcherEnv = { ...process.env, MIRRORPLAN_NODE: process.execPath };
const PLAN = join(ROOT, 'plans/aix-split-mirror.yaml');
const SITE_TEMPLATE = join(ROOT, 'plans/sites/aix-split-mirror.sim.yaml');
const TEMPLATE_DIR = '/tmp/mirrorplan-sim/aix-hacmp';

const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

class DemoFailure extends Error {}

function heading(text: string): void {
  process.stdout.write(`\n${bold(`== ${text}`)}\n`);
}

/** Runs the mirrorplan CLI with its output shown; returns the exit code. */
function mirrorplan(args: string[], stateDir?: string): number {
  process.stdout.write(`$ mirrorplan ${args.map((a) => a.replace(ROOT + '/', '')).join(' ')}\n`);
  // execa: its failures have the same shape as its results, so the demo reports them instead of crashing.
  const r = execaSync(CLI, [...args, ...(stateDir ? ['--state-dir', stateDir] : [])], { stdio: 'inherit', reject: false, env: launcherEnv });
  if (r.failed && r.exitCode === undefined) throw new DemoFailure(`cannot run the CLI: ${r.message}`);
  return r.exitCode ?? 128;
}

function expectExit(code: number, want: number, what: string): void {
  if (code !== want) throw new DemoFailure(`${what}: exit ${code}, expected ${want}`);
  process.stdout.write(`   -> exit ${code} as expected (${what})\n`);
}

function expectHealthy(dir: string, what: string): void {
  const check = checkSite(dir);
  process.stdout.write(`$ mirrorplan-sim check --dir ${dir}\n${check.healthy ? 'healthy' : check.violations.join('\n')}\n`);
  if (!check.healthy) throw new DemoFailure(`${what}: the simulated site is not healthy`);
}

/** A fresh simulated site in ROOT/sim and the shipped site file rendered for it in ROOT/site.yaml. */
function newSite(root: string): { site: string; sim: string } {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const sim = join(root, 'sim');
  createSite(sim, 'aix-hacmp', { timing: { syncvgMs: 800 } });
  const site = join(root, 'site.yaml');
  writeFileSync(site, readFileSync(SITE_TEMPLATE, 'utf8').split(TEMPLATE_DIR).join(sim));
  return { site, sim };
}

function hasCommand(name: string): boolean {
  const r = execaSync(CLI, ['--help'], { reject: false, env: launcherEnv });
  return new RegExp(`^\\s+${name}\\s`, 'm').test(r.stdout ?? '');
}

function main(): number {
  const base = process.env.MIRRORPLAN_DEMO_DIR ? resolve(process.env.MIRRORPLAN_DEMO_DIR) : mkdtempSync(join(tmpdir(), 'mirrorplan-demo-'));
  mkdirSync(base, { recursive: true });
  let ok = false;
  try {
    heading('1. A simulated two-node HACMP cluster (scenario aix-hacmp)');
    const first = join(base, 'success');
    const { site, sim } = newSite(first);
    process.stdout.write(`site ${sim}: rg1 (datavg, fslv mirrored on hdisk1+hdisk2, /fsdata, app1) ONLINE on node1\n`);

    heading('2. Validate the plan with its site file');
    expectExit(mirrorplan(['validate', PLAN, '--site', site]), 0, 'valid');
    if (hasCommand('preview')) {
      heading('   Preview: commands, rollback paths and read-only probes, nothing changed');
      expectExit(mirrorplan(['preview', PLAN, '--site', site]), 0, 'preview');
    }

    heading('3. Run it: guard, preflight, split, back up, verify, rejoin, resync');
    expectExit(mirrorplan(['run', PLAN, '--site', site, '--yes', '-v'], join(first, 'state')), 0, 'succeeded');
    expectHealthy(sim, 'after the run');
    const backups = readdirSync(join(sim, 'backups'));
    if (backups.length !== 1) throw new DemoFailure(`expected one backup, found ${backups.length}`);
    process.stdout.write(`backup (verified by the check against the split-time data): backups/${backups[0]}\n`);

    heading('4. A failure: mounting the split-off copy fails, the engine rolls everything back');
    const second = join(base, 'failure');
    const { site: site2, sim: sim2 } = newSite(second);
    injectFault(sim2, { command: 'mount', call: 1, action: 'fail', message: 'mount: 0506-324 Cannot mount /dev/fslvbk: injected failure' });
    process.stdout.write(`$ mirrorplan-sim fault --dir ${sim2} --command mount --call 1 --action fail\n`);
    expectExit(mirrorplan(['run', PLAN, '--site', site2, '--yes', '-v'], join(second, 'state')), 5, 'failed and rolled back');
    expectHealthy(sim2, 'after the rollback');

    heading('Demo finished: the plan ran, a failure was rolled back, the site is healthy both times.');
    ok = true;
    return 0;
  } catch (error) {
    process.stderr.write(`\ndemo FAILED: ${(error as Error).message}\n(kept ${base} for inspection)\n`);
    return 1;
  } finally {
    if (ok && !process.env.MIRRORPLAN_DEMO_DIR) rmSync(base, { recursive: true, force: true });
  }
}

process.exitCode = main();
