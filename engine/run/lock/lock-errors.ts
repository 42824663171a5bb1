import { MirrorplanError } from '../../errors/mirrorplan-error.js';
import type { LockOwner } from './lock-owner.js';

export class LockHeldError extends MirrorplanError {
  readonly holder: LockOwner;

  constructor(file: string, holder: LockOwner, otherHost: boolean) {
    const who = `run ${holder.runId} (pid ${holder.pid} on ${holder.hostname}, since ${holder.since})`;
    super('LOCK_HELD', `lock '${holder.lock}' is held by ${who}`, {
      file,
      found: who,
      expected: 'no live holder',
      hint: otherHost
        ? `the holder runs on another host (${holder.hostname}); its liveness cannot be checked from here. If that run is really gone, run \`mirrorplan recover\` for run ${holder.runId} there, or remove ${file} by hand`
        : `wait for run ${holder.runId} to finish, or see it with \`mirrorplan status\`; the lock is released only when that process ends`,
    });
    this.name = 'LockHeldError';
    this.holder = holder;
  }
}

export class LockUnreadableError extends MirrorplanError {
  constructor(file: string, found: string) {
    super('LOCK_UNREADABLE', `lock file ${file} cannot be understood`, {
      file, found, expected: 'JSON with runId, pid, startTime, hostname, since',
      hint: `check that no run of this plan is active (ps), then remove ${file} by hand`,
    });
    this.name = 'LockUnreadableError';
  }
}

export class LockNameInvalidError extends MirrorplanError {
  constructor(name: string) {
    super('LOCK_NAME_INVALID', `invalid lock name ${JSON.stringify(name)}`, {
      found: JSON.stringify(name), expected: 'a non-empty name of at most 100 characters',
      hint: 'fix the lock name in the plan header',
    });
    this.name = 'LockNameInvalidError';
  }
}

export class LockContendedError extends MirrorplanError {
  constructor(file: string) {
    super('LOCK_CONTENDED', `lock ${file} kept changing while taking over a stale holder`, {
      file, expected: 'the takeover to settle', hint: 'another process is taking the same lock; try again',
    });
    this.name = 'LockContendedError';
  }
}
