import * as nodeFs from 'node:fs';
import { dirname } from 'node:path';
import type { JournalRecord, JournalRecordBody } from './journal-records.js';
import { encodeJournalLine } from './journal-line.js';
import { readJournal, type TornTail } from './journal-reader.js';
import { JournalWriteFailedError } from './journal-errors.js';
import { MirrorplanError } from '../../errors/mirrorplan-error.js';

/** The file operations the writer uses; injectable so tests can make fdatasync fail with EIO. */
export type JournalFs = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'fdatasyncSync' | 'fsyncSync' | 'closeSync' | 'ftruncateSync' | 'fstatSync'>;

export interface OpenJournalOptions {
  /** false skips all syncs (tests, previews); a real run uses true. */
  sync: boolean;
  clock?: () => Date;
  fs?: JournalFs;
}

export interface AppendOptions {
  /**
   * true: on disk before append returns (a step's start, before its command runs).
   * false: buffered by the OS; made durable by the next durable append or close.
   */
  durable: boolean;
}

export interface JournalWriter {
  readonly path: string;
  /** The seq the next record will get. */
  readonly nextSeq: number;
  /** Set when reopening found (and cut off) a half-written last record. */
  readonly truncatedTornTail: TornTail | null;
  append(record: JournalRecordBody, options: AppendOptions): JournalRecord;
  close(): void;
}

const { O_WRONLY, O_APPEND, O_CREAT } = nodeFs.constants;

function syncDirectory(fs: JournalFs, dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens (creating with mode 0600) or reopens a journal for appending. On reopen
 * the numbering continues after the existing records, and a torn last record is
 * cut off first: appending after it would turn it into corruption in the middle.
 * A corrupt journal throws JOURNAL_CORRUPT (from the reader) and is not touched.
 */
export function openJournal(path: string, options: OpenJournalOptions): JournalWriter {
  const fs = options.fs ?? nodeFs;
  const clock = options.clock ?? (() => new Date());
  let fd: number;
  try {
    fd = fs.openSync(path, O_WRONLY | O_APPEND | O_CREAT, 0o600);
  } catch (error) {
    throw new JournalWriteFailedError(path, 'open', error);
  }
  let nextSeq = 1;
  let truncatedTornTail: TornTail | null = null;
  let failure: unknown = null;
  let dirty = false;
  let closed = false;
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) {
      // A new journal: make its directory entry durable too, or a power loss could lose the file itself.
      if (options.sync) syncDirectory(fs, dirname(path));
    } else {
      const existing = readJournal(path);
      nextSeq = existing.records.length + 1;
      if (existing.tornTail !== null) {
        fs.ftruncateSync(fd, size - existing.tornTail.bytes);
        if (options.sync) fs.fdatasyncSync(fd);
        truncatedTornTail = existing.tornTail;
      }
    }
  } catch (error) {
    fs.closeSync(fd);
    if (error instanceof MirrorplanError) throw error;
    throw new JournalWriteFailedError(path, 'prepare', error);
  }

  const writeAll = (data: Buffer): void => {
    let offset = 0;
    while (offset < data.length) offset += fs.writeSync(fd, data, offset, data.length - offset);
  };

  return {
    path,
    get nextSeq() {
      return nextSeq;
    },
    truncatedTornTail,
    append(record, { durable }) {
      // After a failed write or sync the file's state is unknown (Linux may drop the dirty
      // pages after EIO), so the writer refuses everything from then on.
      if (closed) throw new JournalWriteFailedError(path, 'append to (closed)', new Error('journal is closed'));
      if (failure !== null) throw new JournalWriteFailedError(path, 'append to (after an earlier failure)', failure);
      const stamp = { seq: nextSeq, at: clock().toISOString() };
      // seq/at first for readability; applied again last so a caller's stray fields cannot override them.
      const stamped = Object.assign({ ...stamp }, record, stamp) as JournalRecord;
      const line = Buffer.from(encodeJournalLine(stamped), 'utf8');
      try {
        writeAll(line);
        if (durable && options.sync) {
          // fdatasync also flushes every earlier non-durable record of this file.
          fs.fdatasyncSync(fd);
          dirty = false;
        } else {
          dirty = true;
        }
      } catch (error) {
        failure = error;
        throw new JournalWriteFailedError(path, durable ? 'write and sync' : 'write', error);
      }
      nextSeq++;
      return stamped;
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        if (dirty && options.sync && failure === null) fs.fdatasyncSync(fd);
      } catch (error) {
        failure = error;
        throw new JournalWriteFailedError(path, 'sync on close', error);
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}
