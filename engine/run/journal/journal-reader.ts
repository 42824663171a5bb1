import { readFileSync } from 'node:fs';
import type { JournalRecord } from './journal-records.js';
import { decodeJournalLine } from './journal-line.js';
import { JournalCorruptError, JournalMissingError } from './journal-errors.js';

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
}

const EXPECTED_FRAME = '`<16 hex sha256> <json record>` with a matching checksum';

function excerpt(line: string): string {
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}...` : line);
}

/**
 * Reads a whole journal. A power loss can leave the last record half written:
 * that record was never acknowledged (its command never started), so it is
 * ignored and reported. Anything wrong before the last line is corruption.
 */
export function readJournal(path: string): JournalContents {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new JournalMissingError(path);
    throw error;
  }
  const end = bytes.lastIndexOf(10) + 1; // just past the last '\n'; 0 if none
  const lines = end === 0 ? [] : bytes.toString('utf8', 0, end - 1).split('\n');
  const records: JournalRecord[] = [];
  let tornTail: TornTail | null = end < bytes.length ? { line: lines.length + 1, bytes: bytes.length - end } : null;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNumber = i + 1;
    const decoded = decodeJournalLine(line);
    if (!decoded.ok) {
      if (i === lines.length - 1) {
        // The last complete line failed its checksum: a torn write that got its newline (e.g. a zero-filled block).
        tornTail = { line: lineNumber, bytes: bytes.length - end + Buffer.byteLength(line) + 1 };
        break;
      }
      throw new JournalCorruptError(path, lineNumber, `${decoded.problem}: ${excerpt(line)}`, EXPECTED_FRAME);
    }
    const value = decoded.value;
    if (typeof value.type !== 'string' || typeof value.at !== 'string') {
      throw new JournalCorruptError(path, lineNumber, excerpt(line), 'a record with string `type` and `at`');
    }
    // A gap or repeat in seq means records were lost or duplicated; a valid checksum rules out a torn write.
    if (value.seq !== records.length + 1) {
      throw new JournalCorruptError(path, lineNumber, `seq ${JSON.stringify(value.seq)}`, `seq ${records.length + 1}`);
    }
    records.push(value as unknown as JournalRecord);
  }
  return { records, tornTail, end: { bytes: bytes.length, lastLine: records.length > 0 ? lines[records.length - 1]! : null } };
}
