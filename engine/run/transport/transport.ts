/**
 * The narrow interface between the engine and "something that runs a command".
 * The engine core only sees this, so it can be tested with a fake transport and
 * without spawning anything.
 */

export interface SpawnInfo {
  pid: number;
  /** The command runs in its own process group; signalling -pgid reaches its children too. */
  pgid: number;
  /** Opaque start-time token (see process-liveness.ts); with pid it identifies the process across pid reuse. */
  startTime: string | null;
}

export interface CommandRequest {
  /** Exactly one of argv / shell. argv never passes through a shell. */
  argv: string[] | null;
  /** A script for `/bin/sh -c`; only for steps that declare they need a shell. */
  shell: string | null;
  /** Added to (and overriding) the engine's own environment. */
  env: Record<string, string>;
  cwd?: string;
  /** 0 (or less, or Infinity) means no timeout. */
  timeoutMs: number;
  /** Time between SIGTERM and SIGKILL to the process group. */
  killGraceMs: number;
  /** Per stream: the first maxOutputBytes are kept, the rest is drained and dropped. */
  maxOutputBytes: number;
  signal?: AbortSignal;
  /**
   * Called synchronously right before the command starts, once everything else is ready
   * (also before a request that fails at once, so every attempt is recorded): journal the
   * start here, durably. If it throws, nothing is started and run() rejects with it.
   */
  beforeStart?: () => void;
  /** Called synchronously right after spawn, before any output is read: journal it here. */
  onSpawn?: (info: SpawnInfo) => void;
}

export interface CommandResult {
  /** null when the process was ended by a signal or never started. */
  exitCode: number | null;
  /** e.g. 'SIGKILL'; null when it exited by itself. */
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  /** Set when the command could not be started at all (ENOENT, EACCES, bad cwd...). */
  spawnError: { code: string; message: string } | null;
  /**
   * True when the process had still not exited a bounded time after SIGKILL (for
   * example stuck in uninterruptible I/O on a hung device). The caller must treat
   * the step as in doubt: its pid/pgid from onSpawn may still be alive.
   */
  stillRunning?: boolean;
  /** Set when the spawner that started the command died: it may still run, and how it ended is unknown. */
  lost?: string;
  /** Timed out or stopped after the command had exited: something it started kept its output open. */
  outputHeldOpen?: true;
}

export interface Transport {
  readonly name: string;
  /** Never rejects for command failures (non-zero exit, ENOENT, timeout, abort): they are results. */
  run(request: CommandRequest): Promise<CommandResult>;
  /** One line, for runbooks: how an operator would run this by hand. Mask secrets before calling. */
  describe(request: CommandRequest): string;
}
