import type { CommandRequest } from './transport.js';
import { isValidEnvName } from './posix-quote.js';

/** A command reduced to what starting a process needs; built once per attempt. */
export interface Launch {
  file: string;
  args: string[];
  /** Added to (and overriding) the engine's environment. */
  env: Record<string, string>;
  cwd?: string;
  maxOutputBytes: number;
}

export interface ProcessEnding { code: number | null; signal: string | null }

export interface CapturedOutput { stdout: string; stderr: string; stdoutTruncated: boolean; stderrTruncated: boolean }

/** What a starter reports about one process, in this order: started or failed; exited; closed (or lost). */
export interface ProcessEvents {
  /**
   * It was exec'd in a session of its own (pgid = pid). May be called before start() returns.
   * `startTime` when the starter read it (see process-liveness.ts); else the caller reads it
   * and then calls acknowledgeStart.
   */
  started(pid: number, startTime?: string): void;
  /** It could not be started (ENOENT, EACCES, a bad cwd...); nothing runs. */
  failed(error: { code: string; message: string }): void;
  exited(ending: ProcessEnding): void;
  /** All its output was read: every holder of its stdout and stderr closed them. */
  closed(output: CapturedOutput): void;
  /** The starter itself died after the start: the command may still run and its end is unknown. */
  lost(message: string): void;
}

export interface ProcessControl {
  /** The caller has read what it needs of the started process (its start time): it may be reaped. */
  acknowledgeStart(): void;
  /**
   * The caller gave up waiting (grandchildren hold the output open): stop reading and free
   * what can be freed. Returns the output read so far, where the starter has it.
   */
  abandon(): CapturedOutput | null;
}

/** Starts processes: directly with child_process, or through the spawner. */
export interface ProcessStarter {
  readonly kind: 'direct' | 'spawner';
  /**
   * Starts `launch`. `commit` is called synchronously once everything but the exec is
   * done (the caller journals the start there, durably); if it throws, nothing is started
   * and start() rethrows.
   */
  start(launch: Launch, events: ProcessEvents, commit: () => void): ProcessControl;
  /** Ends idle helper processes; running commands are not touched. */
  close(): void;
}

const hasNul = (text: string) => text.includes('\0');

/** Checks a request and builds its Launch, or says why it cannot be started (reported as EINVAL). */
export function toLaunch(request: CommandRequest, shellPath: string): Launch | string {
  if ((request.argv === null) === (request.shell === null)) return 'exactly one of argv and shell must be given';
  const names = Object.keys(request.env);
  const badName = names.find((name) => !isValidEnvName(name));
  if (badName !== undefined) return `invalid environment variable name ${JSON.stringify(badName)}`;
  const [file, args] = request.shell !== null ? [shellPath, ['-c', request.shell]] : [request.argv![0], request.argv!.slice(1)];
  if (file === undefined || file === '') return 'argv is empty';
  // Neither argv, env nor a path can hold a NUL byte; refused as child_process.spawn refuses it.
  if (hasNul(file) || args.some(hasNul) || names.some((n) => hasNul(request.env[n]!)) || (request.cwd !== undefined && hasNul(request.cwd))) {
    return 'a NUL byte in the command, its environment or its directory';
  }
  return { file, args, env: request.env, ...(request.cwd !== undefined ? { cwd: request.cwd } : {}), maxOutputBytes: request.maxOutputBytes };
}
