import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { exists, fixture, readSite, sitePath, startCli, waitFor, workspace } from './cli-harness.js';

/** The engine's perl spawner: its child process running perl. */
function spawnerOf(enginePid: number): number | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
      if (comm === 'perl' && Number(rest?.split(' ')[1]) === enginePid) return Number(name);
    } catch { /* gone meanwhile */ }
  }
  return null;
}

test('the spawner killed while a step runs: the engine waits for the step to end, then undoes it (exit 5)', async () => {
  const ws = workspace('spawner-dies');
  const run = startCli(['run', fixture('spawner-dies.yaml'), '--state-dir', ws.state, '-p', `site=${ws.site}`]);
  await waitFor(() => exists(ws, 'started'), 20_000, 'the step to start');
  const spawner = spawnerOf(run.child.pid as number);
  expect(spawner, 'the engine runs its commands through a perl spawner').not.toBeNull();
  process.kill(spawner as number, 'SIGKILL');
  // Reaped means the engine has seen the death; an engine that did not wait would start the
  // undo within these 300 ms, before the step is released (the pause only gives the test its teeth).
  await waitFor(() => !existsSync(`/proc/${spawner}`), 10_000, 'the engine to reap its spawner');
  await new Promise((settle) => setTimeout(settle, 300));
  expect(exists(ws, 'log')).toBe(false);
  writeFileSync(sitePath(ws, 'release'), '');
  const result = await run.done;
  expect(result.code, result.stderr).toBe(5);
  expect(result.stderr).toMatch(/how it ended is unknown: the spawner/);
  // Before the fix the undo ran at once and the step's own write came after it.
  expect(readSite(ws, 'log').trim().split('\n')).toEqual(['split', 'unsplit']);
}, 30_000);
