/**
 * Spawners that break at the worst moment, played by fake spawners (sh scripts speaking the
 * protocol of spawner-script.ts): whatever the spawner fails to say, the engine must know
 * which process group may run the command and watch it to its end, or say it is in doubt,
 * or know that it never ran. Never: a command running on that nobody watches or stops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalTransport } from '../../engine/run/transport/local-transport.js';
import { isProcessGroupAlive, readProcessStartTime } from '../../engine/run/transport/process-liveness.js';
import { createSpawnerStarter } from '../../engine/run/transport/spawner-starter.js';
import { SPAWNER_PROTOCOL_VERSION } from '../../engine/run/transport/spawner-script.js';
import type { SpawnInfo } from '../../engine/run/transport/transport.js';
import { fakePerl, request, scratch } from './fake-spawner.js';

const READY = `echo "READY ${SPAWNER_PROTOCOL_VERSION}"`;
/** Like the real spawner's: a process in its own session that takes the command off fd 3 and execs it; its pid is in $dir/taken. */
const forkAhead = (dir: string, command: string) => `setsid sh -c 'read -r head; echo $$ > ${dir}/taken; ${command}' <&3 >/dev/null 2>&1 &`;

const leftovers: number[] = [];
afterEach(() => {
  for (const pgid of leftovers.splice(0)) try { process.kill(-pgid, 'SIGKILL'); } catch { /* ended, as it should have */ }
});
const takenBy = (dir: string) => {
  const pid = Number(readFileSync(join(dir, 'taken'), 'utf8'));
  leftovers.push(pid);
  return pid;
};

async function run(script: string[], partial: Parameters<typeof request>[0]) {
  let spawned: SpawnInfo | null = null;
  const transport = new LocalTransport({ starter: createSpawnerStarter(fakePerl(scratch(), script.join('\n'))) });
  const result = await transport.run(request({ argv: ['true'], ...partial, onSpawn: (info) => { spawned = info; } }));
  return { result, spawned: spawned as SpawnInfo | null };
}

describe('a spawner that breaks while it holds a command', () => {
  it('dies between the exec and its report: the group of the process it announced is watched, and its timeout still stops it', async () => {
    const dir = scratch();
    const { result, spawned } = await run([READY, forkAhead(dir, 'exec sleep 1000'), 'echo "W $! -"',
      `while [ ! -e ${dir}/taken ]; do sleep 0.01; done`, 'exit 1'], { timeoutMs: 300, killGraceMs: 100 });
    const pid = takenBy(dir);
    expect(spawned).toMatchObject({ pid, pgid: pid, startTime: readProcessStartTime(pid) ?? expect.any(String) });
    // Reported only once its group had ended: nothing may run beside it.
    expect(result).toMatchObject({ timedOut: true, lost: expect.stringMatching(/ended with exit code 1/) });
    expect(result.stillRunning).toBeUndefined();
    expect(isProcessGroupAlive(pid)).toBe(false);
  });

  it('reports a start after the timeout, for a command that ignores SIGTERM: it still gets SIGKILL after the grace period', async () => {
    const dir = scratch();
    const { result } = await run([READY, forkAhead(dir, 'trap "" TERM; exec sleep 1000'), 'P=$!', 'echo "W $P -"',
      `while [ ! -e ${dir}/taken ]; do sleep 0.01; done`, 'sleep 0.5', 'echo "S 1 $P -"', 'read ack', 'sleep 5'],
    { timeoutMs: 100, killGraceMs: 1000 });
    const pid = takenBy(dir);
    expect(result.timedOut).toBe(true);
    // Before the fix the wait for the start (the grace + 250 ms from the timeout) ended the kill
    // before its SIGKILL (the grace from the start): stillRunning, and it ran on.
    expect(result.stillRunning).toBeUndefined();
    expect(isProcessGroupAlive(pid)).toBe(false);
  });

  it('says it started another process than the one it announced: the command is in doubt, not taken for the announced one', async () => {
    const dir = scratch();
    const { result, spawned } = await run([READY, 'setsid sleep 0.2 </dev/null >/dev/null 2>&1 &', 'echo "W $! -"',
      forkAhead(dir, 'exec sleep 1000'), `while [ ! -e ${dir}/taken ]; do sleep 0.01; done`, `echo "S 1 $(cat ${dir}/taken) -"`, 'sleep 5'],
    { timeoutMs: 5000 });
    takenBy(dir);
    expect(spawned).toBeNull();
    expect(result).toMatchObject({ stillRunning: true, lost: expect.stringMatching(/after announcing \d+ for it/) });
  });

  it('dies after READY, before saying what takes the command: the command was never sent, so it failed to start (not in doubt)', async () => {
    const { result, spawned } = await run([READY, 'sleep 0.2', 'exit 1'], { timeoutMs: 5000 });
    expect(spawned).toBeNull();
    expect(result.spawnError).toMatchObject({ code: 'ESPAWNER', message: expect.stringMatching(/ended with exit code 1, before it took true/) });
    expect(result.stillRunning).toBeUndefined();
  });
});
