// CPU profile of the engine running N × /bin/true (journal fsync on), summarized.
//   node bench/profile-engine.mjs [N=1000] [--keep DIR] [--cli PATH]
// Runs the real CLI under `node --cpu-prof`, then prints self time by category, by package
// and the top functions, plus inclusive time of the hot-path functions. Wall time that is
// not on the CPU of the main thread (waiting for children, fdatasync in the kernel shows up
// as the native function that made the call) is reported as idle.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeProfile } from './lib/cpuprofile-summary.mjs';
import { truePlan } from './lib/plans.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const cliAt = process.argv.indexOf('--cli');
const CLI = cliAt > 0 ? process.argv[cliAt + 1] : process.env.BENCH_CLI ?? join(ROOT, 'dist/engine/cli/main.js');
const count = Number(process.argv.find((a, i) => i >= 2 && /^\d+$/.test(a)) ?? 1000);
const keepAt = process.argv.indexOf('--keep');
const work = keepAt > 0 ? process.argv[keepAt + 1] : mkdtempSync(join(tmpdir(), 'mirrorplan-prof-'));
mkdirSync(work, { recursive: true });

const plan = join(work, `true-${count}.yaml`);
writeFileSync(plan, truePlan(count));
const env = { ...process.env, MIRRORPLAN_CACHE_DIR: join(work, 'cache'), MIRRORPLAN_STATE_DIR: join(work, 'state') };
delete env.MIRRORPLAN_UNSAFE_NO_FSYNC;
spawnSync(process.execPath, [CLI, 'validate', plan], { env }); // warm the plan cache like the bench does
const profDir = join(work, 'prof');
const started = process.hrtime.bigint();
const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '200', CLI, 'run', plan, '--state-dir', join(work, 'state'), '-q'], { env, encoding: 'utf8' });
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
if (run.status !== 0) { console.error(run.stderr); process.exit(1); }

console.log(`engine run of ${count} × /bin/true: wall ${wallMs.toFixed(0)} ms (profiled)`);
summarizeProfile(join(profDir, readdirSync(profDir)[0]), count);
if (keepAt < 0) rmSync(work, { recursive: true, force: true });
else console.log(`\nprofile kept in ${profDir}`);
