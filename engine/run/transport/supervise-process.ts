import { performance } from 'node:perf_hooks';
import type { CommandRequest, CommandResult } from './transport.js';
import type { CapturedOutput, Launch, ProcessControl, ProcessEnding, ProcessStarter } from './process-starter.js';
import { isCommandGroup, isProcessGroupAlive, readProcessStartTime } from './process-liveness.js';

/** After SIGKILL to the group, how long to wait for exit and for the output to close. */
const AFTER_KILL_BOUND_MS = 250;
/** How often a command whose spawner died is looked at, until its process group has ended: first after 50 ms, doubling up to 1 s. */
const ORPHAN_POLL_MS = 50;
const ORPHAN_POLL_MAX_MS = 1000;

const NO_OUTPUT: CapturedOutput = { stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false };

export function failedResult(code: string, message: string, started: number, aborted = false): CommandResult {
  return {
    exitCode: null, signal: null, ...NO_OUTPUT,
    timedOut: false, aborted, durationMs: performance.now() - started, spawnError: aborted ? null : { code, message },
  };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  if (!isCommandGroup(pgid)) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the whole group is already gone, which is what we wanted.
  }
}

/**
 * Starts one process and watches it to its end: the timeout and the caller's abort signal
 * stop its whole process group (SIGTERM, SIGKILL after the grace period). Resolves with a
 * result for every failure of the command; rejects only when onSpawn throws, after
 * killing the command it could not account for.
 */
export function superviseProcess(starter: ProcessStarter, launch: Launch, request: CommandRequest, started: number): Promise<CommandResult> {
  return new Promise<CommandResult>((resolve, reject) => {
    let pid: number | null = null;
    let control: ProcessControl | null = null;
    let timedOut = false;
    let aborted = false;
    /** The grace period of a kill asked for before the process was started; it follows the start. */
    let killAfterStart: number | null = null;
    /** How long such a kill waits for the start; a start that comes gets the whole kill instead. */
    let startWait: NodeJS.Timeout | null = null;
    let killing = false;
    let exited: ProcessEnding | null = null;
    /** It exited before any stop: whatever then held the output was a process it left behind. */
    let exitedOnItsOwn = false;
    let settled = false;
    let callbackError: unknown = null;
    const timers: NodeJS.Timeout[] = [];

    const settle = (result: CommandResult): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      request.signal?.removeEventListener('abort', onAbort);
      if (callbackError !== null) reject(callbackError);
      else resolve(result);
    };
    const finish = (output: CapturedOutput, extra: Partial<CommandResult> = {}): void => settle({
      exitCode: exited?.code ?? null, signal: exited?.signal ?? null, ...output,
      timedOut, aborted, durationMs: performance.now() - started, spawnError: null,
      ...((timedOut || aborted) && exitedOnItsOwn ? { outputHeldOpen: true as const } : {}), ...extra,
    });
    const giveUp = (): void => {
      // Grandchildren that left the group may hold the output forever: stop waiting for them,
      // with what was read of it (a direct spawn has it; the spawner sends it only at the end).
      const running = exited === null && (pid === null || isProcessGroupAlive(pid));
      finish(control?.abandon() ?? NO_OUTPUT, running ? { stillRunning: true } : {});
    };
    const startKill = (graceMs: number): void => {
      if (pid === null) {
        // Asked to stop before the start was reported: the kill follows the start, and a
        // start that never comes is not waited for beyond the same bound.
        if (killAfterStart === null) timers.push(startWait = setTimeout(giveUp, Math.max(0, graceMs) + AFTER_KILL_BOUND_MS));
        killAfterStart ??= graceMs;
        return;
      }
      if (killing) return;
      killing = true;
      const group = pid;
      signalGroup(group, 'SIGTERM');
      timers.push(setTimeout(() => {
        signalGroup(group, 'SIGKILL');
        timers.push(setTimeout(giveUp, AFTER_KILL_BOUND_MS));
      }, Math.max(0, graceMs)));
    };
    function onAbort(): void {
      if (settled) return;
      aborted = true;
      startKill(request.killGraceMs);
    }

    control = starter.start(launch, {
      started(startedPid, startTime) {
        pid = startedPid;
        try {
          request.onSpawn?.({ pid: startedPid, pgid: startedPid, startTime: startTime ?? readProcessStartTime(startedPid) });
        } catch (error) {
          // The caller could not record the spawn (e.g. the journal failed): a command the
          // engine cannot account for must not keep running. Kill it, then rethrow.
          callbackError = error;
          killAfterStart = 0;
        }
        // Its start time is read: it may be reaped from now on.
        control?.acknowledgeStart();
        if (killAfterStart !== null) {
          // SIGTERM now, SIGKILL after the grace, and only then giving up: the wait for a
          // start must not end the kill before its SIGKILL (a command ignoring SIGTERM lived on).
          if (startWait !== null) clearTimeout(startWait);
          startKill(killAfterStart);
        }
      },
      failed: (error) => settle(failedResult(error.code, error.message, started)),
      exited: (ending) => { exited = ending; exitedOnItsOwn = !timedOut && !aborted; },
      closed: (output) => finish(output),
      // The spawner died: how the command ends will be unknown, but it may still be running. Its
      // group is watched (timeout and abort still stop it) until it has ended, so that nothing,
      // a check probe or an undo, runs beside it.
      lost: (message) => {
        // Its slot among the timers (cleared by settle with the others) takes each next look.
        const slot = timers.length;
        let delay = ORPHAN_POLL_MS;
        const watch = (): void => {
          if (settled) return;
          if (pid !== null && isProcessGroupAlive(pid)) {
            // Soon at first (most end with their spawner), then less often: an orphan may run for hours.
            timers[slot] = setTimeout(watch, delay);
            delay = Math.min(delay * 2, ORPHAN_POLL_MAX_MS);
            return;
          }
          finish(control?.abandon() ?? NO_OUTPUT, { lost: message, ...(pid === null ? { stillRunning: true } : {}) });
        };
        watch();
      },
    }, () => request.beforeStart?.());
    // A start reported before start() returned (a direct spawn) is acknowledged here.
    if (pid !== null) control.acknowledgeStart();
    if (settled) return;

    if (Number.isFinite(request.timeoutMs) && request.timeoutMs > 0) {
      timers.push(setTimeout(() => {
        if (settled) return;
        timedOut = true;
        startKill(request.killGraceMs);
      }, request.timeoutMs));
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
