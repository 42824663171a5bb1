// Baseline: N sequential spawns of /bin/true from a bare Node process.
//   node bench/lib/spawn-loop.mjs N [bare|engine-like|floor]
// bare:        stdio ignored, wait for 'exit' — the floor any Node program pays per command.
// engine-like: the options the engine's local transport uses (own process group, stdout and
//              stderr piped, wait for 'close'), without journal, xstate or logging.
// floor:       the engine's own transport (the spawner) and its own journal writer, a
//              durable step-start record before each start: what the engine's way of
//              starting and journaling costs by itself, without plan, xstate or logging.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const count = Number(process.argv[2]);
const mode = process.argv[3] ?? 'bare';
if (!Number.isInteger(count) || count < 0 || !['bare', 'engine-like', 'floor'].includes(mode)) {
  console.error('usage: spawn-loop.mjs N [bare|engine-like|floor]');
  process.exit(2);
}

async function floor() {
  const { LocalTransport } = await import('../../dist/engine/run/transport/local-transport.js');
  const { createSpawnerStarter } = await import('../../dist/engine/run/transport/spawner-starter.js');
  const { openJournal } = await import('../../dist/engine/run/journal/journal-writer.js');
  const starter = createSpawnerStarter();
  const transport = new LocalTransport({ starter });
  // Beside the engine's state directory in the bench (same file system): MIRRORPLAN_STATE_DIR.
  const base = process.env.MIRRORPLAN_STATE_DIR ?? tmpdir();
  mkdirSync(base, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(base, 'floor-'));
  const journal = openJournal(join(dir, 'journal.jsonl'), { sync: true });
  const request = { argv: ['/bin/true'], shell: null, env: {}, timeoutMs: 0, killGraceMs: 1000, maxOutputBytes: 1 << 20 };
  for (let i = 0; i < count; i++) {
    const beforeStart = () => journal.append({ type: 'step-start', step: `s${i}`, attempt: 1, host: 'local', argvDisplay: '/bin/true' }, { durable: true });
    const result = await transport.run({ ...request, beforeStart });
    if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}`);
  }
  journal.close();
  starter.close?.();
  rmSync(dir, { recursive: true, force: true });
}

function once() {
  return new Promise((resolve, reject) => {
    const child = mode === 'bare'
      ? spawn('/bin/true', [], { stdio: 'ignore' })
      : spawn('/bin/true', [], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.on('error', reject);
    if (mode === 'engine-like') {
      child.stdout.on('data', () => {});
      child.stderr.on('data', () => {});
    }
    child.on(mode === 'bare' ? 'exit' : 'close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
}

if (mode === 'floor') await floor();
else for (let i = 0; i < count; i++) await once();
