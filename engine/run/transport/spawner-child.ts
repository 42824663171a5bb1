import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { SPAWNER_SCRIPT } from './spawner-script.js';

/** What a spawner is to the engine: its pipes and its end. launchPerlSpawner starts the real one. */
export interface SpawnerChild {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** fd 3: the command channel (see spawner-script.ts), read by the process waiting to exec. */
  readonly commands: Writable;
  onError(listener: (error: Error) => void): void;
  onClose(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal: NodeJS.Signals): void;
  /** Whether it (the process and its pipes) keeps the engine's event loop alive. */
  ref(): void;
  unref(): void;
}

export type LaunchSpawner = (perlPath: string) => SpawnerChild;

/** Its own session keeps it out of reach of a terminal's Ctrl-C, which is the engine's to handle. */
export function launchPerlSpawner(perlPath: string): SpawnerChild {
  const child = spawn(perlPath, ['-e', SPAWNER_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], detached: true });
  const commands = child.stdio[3] as Writable;
  const pipes = [child.stdin, child.stdout, child.stderr, commands];
  const hold = (held: boolean) => {
    if (held) child.ref(); else child.unref();
    for (const stream of pipes) {
      // A closed socket would only queue the call for a 'connect' that never comes.
      if (!stream || stream.destroyed) continue;
      const socket = stream as unknown as { ref(): void; unref(): void };
      if (held) socket.ref(); else socket.unref();
    }
  };
  return {
    stdin: child.stdin!, stdout: child.stdout!, stderr: child.stderr!, commands,
    onError: (listener) => { child.on('error', listener); },
    onClose: (listener) => {
      // Not 'close': that waits for fd 3 too, which the process forked ahead holds open
      // until the engine closes its end. It ended, and all it said has been read.
      let ending: [number | null, string | null] | null = null;
      let open = 2;
      const settle = () => { if (ending !== null && open === 0) listener(...ending); };
      child.on('exit', (code, signal) => { ending = [code, signal]; settle(); });
      for (const stream of [child.stdout!, child.stderr!]) stream.on('close', () => { open--; settle(); });
    },
    kill: (signal) => { child.kill(signal); },
    ref: () => hold(true),
    unref: () => hold(false),
  };
}
