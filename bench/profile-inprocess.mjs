// The engine's per-step cost inside one process, through the library API (preparePlan +
// startRun with the CLI's run services), with the parts switched on one at a time:
//   fake transport, no fsync   → pure engine JS (xstate, journal encoding, pino, rendering)
//   fake transport, fsync      → + the journal's fdatasync per step
//   local transport, fsync     → + spawning /bin/true (the real thing, minus CLI start-up)
// Reports wall and CPU ms per step for each. Add --cpu-prof to node to profile one mode:
//   node --cpu-prof bench/profile-inprocess.mjs 1000 --mode fake-nosync
//   node bench/profile-inprocess.mjs [N=1000] [--mode all|fake-nosync|fake-sync|local-sync] [--dist DIR]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { truePlan } from './lib/plans.mjs';

const argv = process.argv.slice(2);
const count = Number(argv.find((a) => /^\d+$/.test(a)) ?? 1000);
const modeAt = argv.indexOf('--mode');
const mode = modeAt >= 0 ? argv[modeAt + 1] : 'all';
const distAt = argv.indexOf('--dist');
const dist = distAt >= 0 ? argv[distAt + 1] : fileURLToPath(new URL('../dist', import.meta.url));

const { preparePlan } = await import(join(dist, 'engine/prepare-plan.js'));
const { startRun } = await import(join(dist, 'engine/run/start-run.js'));
const { buildRunServices } = await import(join(dist, 'engine/cli/run-services.js'));
const { randomIds } = await import(join(dist, 'engine/run/system/ids.js'));

const work = mkdtempSync(join(tmpdir(), 'mirrorplan-inproc-'));
const planFile = join(work, `true-${count}.yaml`);
writeFileSync(planFile, truePlan(count, `inproc-${count}`));
const prepared = preparePlan(planFile, { requireValues: true });
if (!prepared.analyzed) throw new Error(JSON.stringify(prepared.diagnostics).slice(0, 1000));

const okResult = { exitCode: 0, signal: null, stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false, timedOut: false, aborted: false, durationMs: 0, spawnError: null };
const fakeTransport = {
  name: 'fake',
  async run(request) { request.beforeStart?.(); request.onSpawn?.({ pid: process.pid, pgid: process.pid, startTime: null }); return { ...okResult }; },
  describe: () => 'fake',
};
const io = { out: () => {}, err: () => {}, isTTY: false };

async function once(label, { fake, sync }) {
  const services = buildRunServices({ 'state-dir': join(work, 'state'), quiet: true }, io);
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const started = startRun(prepared.analyzed, { ...services, journalSync: sync, ids: randomIds, ...(fake ? { transportFor: () => fakeTransport } : {}) });
  const report = await started.result;
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  if (report.status !== 'succeeded') throw new Error(`${label}: ${report.status} ${report.detail}`);
  console.log(`${label.padEnd(22)} N=${count}: wall ${(wallMs / count).toFixed(3)} ms/step, CPU user ${(cpu.user / 1000 / count).toFixed(3)} + sys ${(cpu.system / 1000 / count).toFixed(3)} ms/step (total wall ${wallMs.toFixed(0)} ms)`);
}

const modes = { 'fake-nosync': { fake: true, sync: false }, 'fake-sync': { fake: true, sync: true }, 'local-sync': { fake: false, sync: true } };
try {
  for (const [label, options] of Object.entries(modes)) if (mode === 'all' || mode === label) await once(label, options);
} finally {
  // pino's log destination opens its file asynchronously; let it settle before removing the directory.
  await new Promise((resolve) => setTimeout(resolve, 300));
  rmSync(work, { recursive: true, force: true });
}
