import { basename, dirname } from 'node:path';
import { MirrorplanError } from '../../errors/mirrorplan-error.js';

export class JournalCorruptError extends MirrorplanError {
  constructor(file: string, line: number, found: string, expected: string) {
    super('JOURNAL_CORRUPT', `journal ${file} is corrupt at line ${line}: ${expected} expected`, {
      file, line, found, expected,
      hint: `resume and recover refuse a corrupt journal; \`mirrorplan recover --print ${basename(dirname(file))}\` prints the rollback as the ${line - 1} record(s) before line ${line} tell it: check the system against it and finish by hand`,
    });
    this.name = 'JournalCorruptError';
  }
}

export class JournalWriteFailedError extends MirrorplanError {
  constructor(file: string, operation: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | null)?.code ?? 'unknown error';
    super('JOURNAL_WRITE_FAILED', `could not ${operation} journal ${file}: ${code}`, {
      file,
      found: String((cause as Error | null)?.message ?? cause),
      expected: `${operation} to succeed`,
      hint: 'no further command was started; check the disk holding the state directory, then use `mirrorplan status` and `mirrorplan resume` or `recover`',
    });
    this.name = 'JournalWriteFailedError';
    this.cause = cause;
  }
}

export class JournalMissingError extends MirrorplanError {
  constructor(file: string) {
    super('JOURNAL_MISSING', `journal ${file} does not exist`, {
      file, expected: 'a journal file in the run directory',
      hint: 'check the run id with `mirrorplan status`; a run directory without a journal never started a command',
    });
    this.name = 'JournalMissingError';
  }
}

export class JournalUnreadableError extends MirrorplanError {
  constructor(file: string, code: string) {
    super('JOURNAL_UNREADABLE', `journal ${file} cannot be read: ${code}`, {
      file, found: code, expected: 'a readable journal file in the run directory',
      hint: 'check the file (a directory or a file without read permission is not a journal) and the disk of the state directory',
    });
    this.name = 'JournalUnreadableError';
  }
}
