import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SpawnerProcess } from './spawner-process.js';
import { launchPerlSpawner, type LaunchSpawner } from './spawner-child.js';
import type { Launch, ProcessControl, ProcessEvents, ProcessStarter } from './process-starter.js';
import { directStarter } from './start-directly.js';

/** Idle spawners kept for reuse; a foreach running more commands at once starts more and retires the extra. */
const MAX_IDLE = 8;

export interface SpawnerStarter extends ProcessStarter {
  /** Why commands go to the fallback instead (no perl, or it failed to start); null while the spawner is used. */
  readonly fallbackReason: string | null;
}

function isExecutable(path: string): boolean {
  try { accessSync(path, constants.X_OK); return true; } catch { return false; }
}

/** The system perl first (a PATH entry must not choose the program root's commands pass through), then PATH. */
export function findPerl(path = process.env.PATH ?? ''): string | null {
  for (const candidate of ['/usr/bin/perl', ...path.split(delimiter).filter((d) => d.startsWith('/')).map((d) => join(d, 'perl'))]) {
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

export interface SpawnerStarterOptions {
  /** Starts a spawner; default the perl one. */
  launch?: LaunchSpawner;
  /** Starts the commands without perl, or after a spawner could not start; default direct spawns. */
  fallback?: ProcessStarter;
}

/**
 * Starts commands through spawners (spawner-script.ts), one per command running at the same
 * time; without perl, or if a spawner cannot start, every command goes to the fallback
 * (direct spawns unless told otherwise).
 */
export function createSpawnerStarter(perlPath: string | null = findPerl(), options: SpawnerStarterOptions = {}): SpawnerStarter {
  const { launch: launchSpawner = launchPerlSpawner, fallback = directStarter } = options;
  let fallbackReason: string | null = perlPath === null ? 'no perl found (looked at /usr/bin/perl and PATH)' : null;
  const idle: SpawnerProcess[] = [];
  const callbacks = {
    failedToStart(reason: string, startElsewhere: (() => void) | null) {
      fallbackReason ??= reason;
      for (const spawner of idle.splice(0)) spawner.retire();
      startElsewhere?.();
    },
    idle(spawner: SpawnerProcess) {
      if (fallbackReason === null && idle.length < MAX_IDLE) idle.push(spawner);
      else spawner.retire();
    },
  };

  return {
    kind: 'spawner',
    get fallbackReason() { return fallbackReason; },
    start(launch: Launch, events: ProcessEvents, commit: () => void): ProcessControl {
      if (fallbackReason !== null || perlPath === null) return fallback.start(launch, events, commit);
      let spawner = idle.pop();
      while (spawner && !spawner.available) spawner = idle.pop();
      spawner ??= new SpawnerProcess(perlPath, callbacks, launchSpawner);
      // A command sent to a spawner that then never got ready goes to the fallback, behind the
      // same control; it is already committed (the journal holds its start record).
      let inner: ProcessControl = spawner.start(launch, events, commit, () => { inner = fallback.start(launch, events, () => {}); });
      return { acknowledgeStart: () => inner.acknowledgeStart(), abandon: () => inner.abandon() };
    },
    close() {
      for (const spawner of idle.splice(0)) spawner.retire();
    },
  };
}
