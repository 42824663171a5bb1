import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { CommandRequest, CommandResult, Transport } from './transport.js';
import { createSpawnerStarter } from './spawner-starter.js';
import { formatEnvPrefix, quotePosix, quotePosixArgv } from './posix-quote.js';
import { toLaunch, type ProcessStarter } from './process-starter.js';
import { directStarter } from './start-directly.js';
import { failedResult, superviseProcess } from './supervise-process.js';
import { MirrorplanError } from '../../errors/mirrorplan-error.js';

export interface LocalTransportOptions {
  /** Default /bin/sh; the interpreter for `shell` requests. */
  shellPath?: string;
  /** How processes are started; default: the engine's shared one (see defaultProcessStarter). */
  starter?: ProcessStarter;
}

export const SPAWN_MODES = ['spawner', 'direct'] as const;
let sharedStarter: ProcessStarter | null = null;

/**
 * The engine's one process starter, shared by every local and ssh transport of the process:
 * the spawner (falling back to direct spawns without perl), or direct spawns when
 * MIRRORPLAN_SPAWN=direct.
 */
export function defaultProcessStarter(): ProcessStarter {
  if (sharedStarter) return sharedStarter;
  const mode = process.env.MIRRORPLAN_SPAWN ?? 'spawner';
  if (!(SPAWN_MODES as readonly string[]).includes(mode)) {
    throw new MirrorplanError('SPAWN_MODE_INVALID', `the environment variable MIRRORPLAN_SPAWN is "${mode}"`, { found: mode, expected: SPAWN_MODES.join(' or '), hint: 'unset it (the spawner, or direct spawns where there is no perl), or set it to spawner or direct' });
  }
  sharedStarter = mode === 'direct' ? directStarter : createSpawnerStarter();
  return sharedStarter;
}

export class LocalTransport implements Transport {
  readonly name = 'local';
  private readonly shellPath: string;
  private readonly starter: ProcessStarter;

  constructor(options: LocalTransportOptions = {}) {
    this.shellPath = options.shellPath ?? '/bin/sh';
    this.starter = options.starter ?? defaultProcessStarter();
  }

  run(request: CommandRequest): Promise<CommandResult> {
    return runLocal(request, this.shellPath, this.starter);
  }

  describe(request: CommandRequest): string {
    const command = request.shell !== null ? `${this.shellPath} -c ${quotePosix(request.shell)}` : quotePosixArgv(request.argv ?? []);
    return `${request.cwd ? `cd ${quotePosix(request.cwd)} && ` : ''}${formatEnvPrefix(request.env)}${command}`;
  }
}

export function runLocal(request: CommandRequest, shellPath = '/bin/sh', starter: ProcessStarter = defaultProcessStarter()): Promise<CommandResult> {
  const started = performance.now();
  const launch = toLaunch(request, shellPath);
  if (typeof launch === 'string' || request.signal?.aborted) {
    try { request.beforeStart?.(); } catch (error) { return Promise.reject(error); }
    return Promise.resolve(typeof launch === 'string' ? failedResult('EINVAL', launch, started) : failedResult('ABORTED', 'aborted before start', started, true));
  }
  return superviseProcess(starter, launch, request, started).then((result) => blameMissingCwd(result, request.cwd));
}

/** exec and spawn say ENOENT, naming the program, for a missing working directory too: say which it was. */
function blameMissingCwd(result: CommandResult, cwd: string | undefined): CommandResult {
  if (result.spawnError?.code !== 'ENOENT' || !cwd) return result;
  let directory = false;
  try { directory = statSync(cwd).isDirectory(); } catch { /* missing */ }
  return directory ? result : { ...result, spawnError: { code: 'ENOENT', message: `its working directory (cwd) ${cwd} does not exist or is not a directory` } };
}
