// Timing helpers for the bench: run a process to completion and time it from here
// (wall clock, including its start-up), optionally reporting its peak RSS.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUSAGE_HOOK = fileURLToPath(new URL('./rusage-hook.cjs', import.meta.url));

export const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export const summarize = (values) => ({
  median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length,
});

export const round = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/**
 * Runs a command to completion (stdin ignored, output captured) and returns its wall time in ms.
 * Throws with its stderr when it exits non-zero: a bench figure from a failed run is meaningless.
 */
export function timeProcess(file, args, { env = process.env, cwd, allowExit = [0] } = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env, cwd, maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  if (!allowExit.includes(result.status)) {
    throw new Error(`${file} ${args.join(' ').slice(0, 200)} exited ${result.status ?? result.signal}: ${String(result.stderr).slice(-2000)}`);
  }
  return { ms, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/**
 * Runs a Node script as a fresh process with a --require hook that writes its own resource
 * usage at exit: peak RSS (MiB) and CPU time (user + system, ms) of that process, not of its
 * children. CPU time is the load-robust figure: it does not grow when other work shares the CPUs.
 */
export function timeNode(args, options = {}) {
  return timeNodeCommand(process.execPath, args, options);
}

/**
 * timeNode for a command that starts node itself (bin/mirrorplan, the launcher users run):
 * the hook goes in through NODE_OPTIONS, so the figures are those of the node process the
 * command execs, started with the command's own options.
 */
export function timeNodeCommand(file, args, { env = process.env, rusageFile, ...rest } = {}) {
  if (!rusageFile) return timeProcess(file, args, { env, ...rest });
  rmSync(rusageFile, { force: true });
  const hookEnv = { ...env, BENCH_RUSAGE_FILE: rusageFile, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require "${RUSAGE_HOOK}"`.trim() };
  const timed = timeProcess(file, args, { env: hookEnv, ...rest });
  const usage = existsSync(rusageFile) ? JSON.parse(readFileSync(rusageFile, 'utf8')) : null;
  return {
    ...timed,
    maxRssMiB: usage ? usage.maxRSS / 1024 : null,
    cpuMs: usage ? (usage.userCPUTime + usage.systemCPUTime) / 1000 : null,
    userMs: usage ? usage.userCPUTime / 1000 : null,
    systemMs: usage ? usage.systemCPUTime / 1000 : null,
  };
}
