import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTransport } from '../../engine/run/transport/local-transport.js';
import { directStarter } from '../../engine/run/transport/start-directly.js';
import { createSpawnerStarter } from '../../engine/run/transport/spawner-starter.js';
import type { CommandRequest, SpawnInfo } from '../../engine/run/transport/transport.js';
import { isProcessAlive, isProcessGroupAlive } from '../../engine/run/transport/process-liveness.js';
import { escapingGrandchild } from './escaping-grandchild.js';

function request(partial: Partial<CommandRequest>): CommandRequest {
  return { argv: null, shell: null, env: {}, timeoutMs: 10_000, killGraceMs: 500, maxOutputBytes: 1 << 20, ...partial };
}

// Every behaviour holds whichever way the process is started: through the spawner (perl) or directly.
describe.each([
  ['spawner', createSpawnerStarter()],
  ['direct spawn', directStarter],
] as const)('local transport: timeout and abort end the whole process group (%s)', (_mode, starter) => {
  const transport = new LocalTransport({ starter });

  it('kills a shell and its grandchild 300 ms into `sleep 1000`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp-kill-'));
    const pidFile = join(dir, 'grandchild.pid');
    let spawned: SpawnInfo | null = null;
    const result = await transport.run(request({
      // The shell starts a background grandchild, records its pid, then waits on its own sleep.
      shell: `sleep 1000 & echo $! > ${pidFile}; sleep 1000`,
      // Long enough for a loaded machine to start sh and write the pid before the kill.
      timeoutMs: 300,
      killGraceMs: 200,
      onSpawn: (info) => { spawned = info; },
    }));
    expect(result.timedOut).toBe(true);
    expect(result.aborted).toBe(false);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGTERM');
    expect(result.durationMs).toBeLessThan(2000);
    const grandchild = Number(readFileSync(pidFile, 'utf8').trim());
    expect(grandchild).toBeGreaterThan(0);
    const info = spawned as SpawnInfo | null;
    expect(info).not.toBeNull();
    expect(info!.pgid).toBe(info!.pid);
    expect(info!.startTime).toMatch(/^linux:/);
    // The orphaned grandchild is re-parented to init, which reaps it in its own time.
    for (const end = Date.now() + 5000; isProcessAlive(grandchild, null) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    expect(isProcessAlive(grandchild, null)).toBe(false);
    expect(isProcessAlive(info!.pid, info!.startTime)).toBe(false);
    expect(isProcessGroupAlive(info!.pgid)).toBe(false);
  });

  it('escalates to SIGKILL after killGraceMs when the command ignores SIGTERM', async () => {
    const started = Date.now();
    const result = await transport.run(request({
      shell: "trap '' TERM; sleep 1000 & wait; sleep 1000",
      // Long enough for a loaded machine to start sh and set the trap before the SIGTERM.
      timeoutMs: 300,
      killGraceMs: 150,
    }));
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(440);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('does not wait for a grandchild that left the group and keeps the pipes open', async () => {
    // setsid puts the grandchild in another session, out of reach of our group kill.
    const dir = mkdtempSync(join(tmpdir(), 'mp-setsid-'));
    const pidFile = join(dir, 'escaped.pid');
    const started = Date.now();
    const result = await transport.run(request({
      shell: escapingGrandchild(pidFile),
      timeoutMs: 1000,
      killGraceMs: 50,
    }));
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    const escaped = Number(readFileSync(pidFile, 'utf8').trim());
    process.kill(escaped, 'SIGKILL'); // clean up what we started
  });

  it('abort via AbortSignal ends the group and reports aborted, not timedOut', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await transport.run(request({ argv: ['sleep', '1000'], signal: controller.signal, killGraceMs: 100 }));
    expect(result.aborted).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(result.signal).toBe('SIGTERM');
    expect(result.durationMs).toBeLessThan(1000);
  });

  it('an already aborted signal starts nothing', async () => {
    let spawnedCalled = false;
    const result = await transport.run(request({
      argv: ['sleep', '1000'], signal: AbortSignal.abort(), onSpawn: () => { spawnedCalled = true; },
    }));
    expect(result.aborted).toBe(true);
    expect(result.spawnError).toBeNull();
    expect(spawnedCalled).toBe(false);
  });

  it('kills the command and rejects when onSpawn throws (a spawn that could not be journaled)', async () => {
    let pid = 0;
    const failure = new Error('journal failed');
    await expect(transport.run(request({
      argv: ['sleep', '1000'],
      onSpawn: (info) => { pid = info.pid; throw failure; },
    }))).rejects.toBe(failure);
    expect(isProcessGroupAlive(pid)).toBe(false);
  });
});
