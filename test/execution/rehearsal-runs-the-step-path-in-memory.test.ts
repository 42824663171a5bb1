/**
 * Before a run's first command the CLI runs the engine's own step path once in memory
 * (engine/run/execute/rehearse-step-path.ts), so that the first steps are not slowed by V8
 * compiling it. It must really go through the machine, the local transport and the spawner
 * protocol to its end, and touch nothing: no file, no process, no signal.
 */
import { EventEmitter } from 'node:events';
import { readdirSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rehearseStepPath } from '../../engine/run/execute/rehearse-step-path.js';
import { inMemorySpawner } from '../../engine/run/transport/in-memory-spawner.js';
import { LocalTransport } from '../../engine/run/transport/local-transport.js';
import type { ProcessStarter } from '../../engine/run/transport/process-starter.js';
import type { SpawnerChild } from '../../engine/run/transport/spawner-child.js';
import { createSpawnerStarter } from '../../engine/run/transport/spawner-starter.js';

// Every process the engine starts goes through child_process.spawn (the spawner, or direct spawns).
const spawned = vi.hoisted(() => [] as string[]);
vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:child_process')>();
  return { ...actual, spawn: (...args: Parameters<typeof actual.spawn>) => { spawned.push(String(args[0])); return actual.spawn(...args); } };
});

afterEach(() => { vi.restoreAllMocks(); });

describe('the step-path rehearsal', () => {
  it('runs its three steps to succeeded, again and again, starting no process and creating no file', async () => {
    const before = readdirSync('.');
    expect(await rehearseStepPath()).toBe('succeeded');
    expect(await rehearseStepPath()).toBe('succeeded');
    expect(readdirSync('.')).toEqual(before);
    expect(spawned).toEqual([]);
  });

  it('the spy above sees a real start (so its silence means something)', async () => {
    spawned.length = 0;
    const direct = new LocalTransport({ starter: createSpawnerStarter(null) });
    await direct.run({ argv: ['/bin/true'], shell: null, env: {}, timeoutMs: 0, killGraceMs: 100, maxOutputBytes: 1024 });
    expect(spawned).toEqual(['/bin/true']);
    spawned.length = 0;
  });
});

describe('the in-memory spawner', () => {
  const launch = inMemorySpawner('said\n');
  let launched = 0;
  const starter = createSpawnerStarter('(in memory)', { launch: (perlPath) => { launched++; return launch(perlPath); } });
  const transport = new LocalTransport({ starter });
  // timeoutMs 0: no timer; every kill of these would go to the pid the in-memory spawner reports.
  const request = { argv: ['/nonexistent/command'], shell: null, env: {}, timeoutMs: 0, killGraceMs: 0, maxOutputBytes: 1024 };

  it('answers each command as ended with exit 0 and its output, through the engine\'s spawner protocol', async () => {
    const pids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await transport.run({ ...request, onSpawn: (info) => pids.push(info.pid) });
      expect(result).toMatchObject({ exitCode: 0, signal: null, stdout: 'said\n', stderr: '', spawnError: null, timedOut: false });
    }
    // pid 0: no process has it.
    expect(pids).toEqual([0, 0, 0]);
    expect(launched).toBe(1);
    expect(starter.fallbackReason).toBeNull();
  });

  it('sends nothing for a command whose start could not be journaled, and takes the next one at once', async () => {
    const sent: string[] = [];
    const watching = createSpawnerStarter('(in memory)', { launch: (perlPath) => {
      const child = launch(perlPath);
      const write = child.commands.write.bind(child.commands) as (chunk: Buffer) => boolean;
      (child.commands as { write: (chunk: Buffer) => boolean }).write = (chunk) => { sent.push(chunk.toString('latin1')); return write(chunk); };
      return child;
    } });
    const through = new LocalTransport({ starter: watching });
    await expect(through.run({ ...request, beforeStart: () => { throw new Error('journal full'); } })).rejects.toThrow('journal full');
    expect(sent).toEqual([]);
    expect(await through.run(request)).toMatchObject({ exitCode: 0, stdout: 'said\n' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('/nonexistent/command');
    expect(watching.fallbackReason).toBeNull();
    watching.close();
  });

  it('never signals its pid 0 as a process group (kill(-0) is the engine\'s own group), even when the start cannot be journaled', async () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    await expect(transport.run({ ...request, onSpawn: () => { throw new Error('journal full'); } })).rejects.toThrow('journal full');
    expect(kill).not.toHaveBeenCalled();
    starter.close();
  });
});

describe('a spawner that dies before it is ready', () => {
  // Ends (exit code 2) without a READY line, as a broken perl would.
  const dying = (): SpawnerChild => {
    const ends = new EventEmitter();
    setImmediate(() => ends.emit('close', 2, null));
    return {
      stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), commands: new PassThrough(),
      onError() {}, onClose: (listener) => { ends.on('close', listener); }, kill() {}, ref() {}, unref() {},
    };
  };

  it('hands the command it holds to the fallback it was given (the rehearsal gives one that starts nothing), not to a direct spawn', async () => {
    spawned.length = 0;
    const fellBack: string[] = [];
    const fallback: ProcessStarter = {
      kind: 'direct',
      start(launch, events) { fellBack.push(launch.file); events.failed({ code: 'EREHEARSAL', message: 'starts nothing' }); return { acknowledgeStart() {}, abandon: () => null }; },
      close() {},
    };
    const starter = createSpawnerStarter('(dies)', { launch: dying, fallback });
    const result = await new LocalTransport({ starter }).run({ argv: ['/bin/true'], shell: null, env: {}, timeoutMs: 0, killGraceMs: 0, maxOutputBytes: 1024 });
    expect(result.spawnError).toEqual({ code: 'EREHEARSAL', message: 'starts nothing' });
    expect(fellBack).toEqual(['/bin/true']);
    expect(starter.fallbackReason).toContain('exit code 2');
    expect(spawned).toEqual([]);
  });
});
