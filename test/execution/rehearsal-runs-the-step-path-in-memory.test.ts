/**
 * Before a run's first command the CLI runs the engine's own step path once in memory
 * (engine/run/execute/rehearse-step-path.ts), so that the first steps are not slowed by V8
 * compiling it. It must really go through the machine, the local transport and the spawner
 * protocol to its end, and touch nothing: no file, no process.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rehearseStepPath } from '../../engine/run/execute/rehearse-step-path.js';
import { inMemorySpawner } from '../../engine/run/transport/in-memory-spawner.js';
import { LocalTransport } from '../../engine/run/transport/local-transport.js';
import { createSpawnerStarter } from '../../engine/run/transport/spawner-starter.js';

describe('the step-path rehearsal', () => {
  it('runs its three steps to succeeded, again and again, without creating a file', async () => {
    const before = readdirSync('.');
    expect(await rehearseStepPath()).toBe('succeeded');
    expect(await rehearseStepPath()).toBe('succeeded');
    expect(readdirSync('.')).toEqual(before);
  });

  it('starts no process: a `true` first on PATH that would leave a mark is never run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorplan-rehearsal-'));
    writeFileSync(join(dir, 'true'), `#!/bin/sh\ntouch '${dir}/ran'\n`);
    chmodSync(join(dir, 'true'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path ?? ''}`;
    try {
      expect(await rehearseStepPath()).toBe('succeeded');
    } finally {
      process.env.PATH = path;
    }
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });
});

describe('the in-memory spawner', () => {
  const launch = inMemorySpawner('said\n');
  let launched = 0;
  const starter = createSpawnerStarter('(in memory)', (perlPath) => { launched++; return launch(perlPath); });
  const transport = new LocalTransport({ starter });
  const request = { argv: ['/nonexistent/command'], shell: null, env: {}, timeoutMs: 1000, killGraceMs: 100, maxOutputBytes: 1024 };

  it('answers each command as ended with exit 0 and its output, through the engine\'s spawner protocol', async () => {
    const spawned: number[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await transport.run({ ...request, onSpawn: (info) => spawned.push(info.pid) });
      expect(result).toMatchObject({ exitCode: 0, signal: null, stdout: 'said\n', stderr: '', spawnError: null, timedOut: false });
    }
    expect(spawned).toEqual([0, 0, 0]);
    expect(launched).toBe(1);
    expect(starter.fallbackReason).toBeNull();
  });

  it('confirms a cancelled command (its start could not be journaled) and takes the next one', async () => {
    await expect(transport.run({ ...request, beforeStart: () => { throw new Error('journal full'); } })).rejects.toThrow('journal full');
    // Its confirmation comes on a later turn of the event loop, as the real spawner's does; then it is idle again.
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(await transport.run(request)).toMatchObject({ exitCode: 0, stdout: 'said\n' });
    expect(launched).toBe(1);
    expect(starter.fallbackReason).toBeNull();
    starter.close();
  });
});
