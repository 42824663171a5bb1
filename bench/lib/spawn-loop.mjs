// Baseline: N sequential spawns of /bin/true from a bare Node process.
//   node bench/lib/spawn-loop.mjs N [bare|engine-like]
// bare:        stdio ignored, wait for 'exit' — the floor any Node program pays per command.
// engine-like: the options the engine's local transport uses (own process group, stdout and
//              stderr piped, wait for 'close'), without journal, xstate or logging.
import { spawn } from 'node:child_process';

const count = Number(process.argv[2]);
const mode = process.argv[3] ?? 'bare';
if (!Number.isInteger(count) || count < 0 || !['bare', 'engine-like'].includes(mode)) {
  console.error('usage: spawn-loop.mjs N [bare|engine-like]');
  process.exit(2);
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

for (let i = 0; i < count; i++) await once();
