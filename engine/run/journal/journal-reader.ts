import { readFileSync } from 'node:fs';
import type { JournalRecord } from './journal-records.js';
import { decodeJournalLine } from './journal-line.js';
import { JournalCorruptError, JournalMissingError, JournalUnreadableError } from './journal-errors.js';

export interface TornTail {
  /** 1-based line number where the torn part starts. */
  line: number;
  /** Bytes at the end of the file that were ignored; the good part is fileSize - bytes. */
  bytes: number;
}

export interface JournalContents {
  records: JournalRecord[];
  tornTail: TornTail | null;
  /** File size in bytes, and the last complete record's line (frame included, no newline). */
  end: { bytes: number; lastLine: string | null };
  /** With `stopAtCorruption`: the corruption that ended the reading (records holds those before it). */
  corrupt: JournalCorruptError | null;
}

export interface ReadJournalOptions {
  /**
   * Return the records before a corrupt one instead of throwing: for what a person reads
   * (status, the manual runbook), never for what the engine acts on (resume, recover).
   */
  stopAtCorruption?: boolean;
}

const EXPECTED_FRAME = '`<16 hex sha256> <json record>` with a matching checksum';

/** A line a lost write left: it holds zero bytes, which a whole record never does (JSON escapes them). */
const isZeroFilled = (line: string): boolean => line.includes('\0');

function excerpt(line: string): string {
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}...` : line);
}

/**
 * Reads a whole journal. A crash or power loss can leave the records written after the
 * last fdatasync half written: a last line without its newline, or lines of zero bytes
 * where writes were lost. They were never acknowledged (a command starts only after its
 * start record is synced), so such a tail is ignored and reported. Any other damage is
 * corruption.
 */
export function readJournal(path: string, options: ReadJournalOptions = {}): JournalContents {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new JournalMissingError(path);
    throw new JournalUnreadableError(path, code ?? String(error));
  }
  const end = bytes.lastIndexOf(10) + 1; // just past the last '\n'; 0 if none
  const lines = end === 0 ? [] : bytes.toString('utf8', 0, end - 1).split('\n');
  const records: JournalRecord[] = [];
  let tornTail: TornTail | null = end < bytes.length ? { line: lines.length + 1, bytes: bytes.length - end } : null;
  let corrupt: JournalCorruptError | null = null;
  for (let i = 0; i < lines.length && corrupt === null; i++) {
    const line = lines[i]!;
    const lineNumber = i + 1;
    const decoded = decodeJournalLine(line);
    if (!decoded.ok) {
      if (lines.slice(i).every(isZeroFilled)) {
        // The records written since the last fdatasync, torn by a power loss: what did not
        // reach the disk reads back as zero bytes, newlines included or not. None of them was
        // acknowledged. A whole record after them, or a bad line without zeros (a flipped
        // byte, an edit), is corruption.
        const goodBytes = i === 0 ? 0 : Buffer.byteLength(lines.slice(0, i).join('\n')) + 1;
        tornTail = { line: lineNumber, bytes: bytes.length - goodBytes };
        break;
      }
      corrupt = new JournalCorruptError(path, lineNumber, `${decoded.problem}: ${excerpt(line)}`, EXPECTED_FRAME);
      continue;
    }
    const value = decoded.value;
    if (typeof value.type !== 'string' || typeof value.at !== 'string') {
      corrupt = new JournalCorruptError(path, lineNumber, excerpt(line), 'a record with string `type` and `at`');
    } else if (value.seq !== records.length + 1) {
      // A gap or repeat in seq means records were lost or duplicated; a valid checksum rules out a torn write.
      corrupt = new JournalCorruptError(path, lineNumber, `seq ${JSON.stringify(value.seq)}`, `seq ${records.length + 1}`);
    } else {
      records.push(value as unknown as JournalRecord);
    }
  }
  if (corrupt && !options.stopAtCorruption) throw corrupt;
  return { records, tornTail: corrupt ? null : tornTail, end: { bytes: bytes.length, lastLine: records.length > 0 ? lines[records.length - 1]! : null }, corrupt };
}
