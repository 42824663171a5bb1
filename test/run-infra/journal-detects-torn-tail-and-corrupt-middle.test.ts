import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../../engine/run/journal/journal-writer.js';
import { readJournal } from '../../engine/run/journal/journal-reader.js';
import { encodeJournalLine } from '../../engine/run/journal/journal-line.js';
import { MirrorplanError } from '../../engine/errors/mirrorplan-error.js';

function writeJournal(count: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mp-journal-')), 'journal.jsonl');
  const journal = openJournal(path, { sync: false, clock: () => new Date('2026-11-23T14:25:01Z') });
  for (let i = 0; i < count; i++) {
    journal.append({ type: 'step-start', step: `step-${i}`, attempt: 1, host: 'nodeA', argvDisplay: `lslv lv${i}` }, { durable: false });
  }
  journal.close();
  return path;
}

function catchError(fn: () => unknown): MirrorplanError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MirrorplanError) return error;
    throw error;
  }
  throw new Error('expected a MirrorplanError');
}

describe('journal reader: torn tail vs corruption', () => {
  it('reads back what was written, with checksummed lines', () => {
    const path = writeJournal(3);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^[0-9a-f]{16} \{"seq":1,"at":"2026-11-23T14:25:01.000Z","type":"step-start"/);
    const { records, tornTail } = readJournal(path);
    expect(tornTail).toBeNull();
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records[2]).toMatchObject({ type: 'step-start', step: 'step-2', host: 'nodeA' });
  });

  it('ignores and reports half a line at the end (no newline)', () => {
    const path = writeJournal(3);
    const fourth = encodeJournalLine({ seq: 4, at: 'x', type: 'run-end', status: 'succeeded', summary: '' });
    const half = fourth.slice(0, Math.floor(fourth.length / 2));
    appendFileSync(path, half);
    const { records, tornTail } = readJournal(path);
    expect(records).toHaveLength(3);
    expect(tornTail).toEqual({ line: 4, bytes: Buffer.byteLength(half) });
  });

  it('treats a last line that fails its checksum as torn even with its newline (zero-filled block)', () => {
    const path = writeJournal(2);
    appendFileSync(path, '\0'.repeat(40) + '\n');
    const { records, tornTail } = readJournal(path);
    expect(records).toHaveLength(2);
    expect(tornTail).toEqual({ line: 3, bytes: 41 });
  });

  it('treats several damaged lines with no whole record after them as one torn tail (records since the last sync)', () => {
    const path = writeJournal(3);
    const size = statSync(path).size;
    const fifth = encodeJournalLine({ seq: 5, at: 'x', type: 'run-end', status: 'succeeded', summary: '' });
    // A zero-filled block that got a newline, then half of the next record.
    appendFileSync(path, `${'\0'.repeat(30)}\n${fifth.slice(0, 20)}`);
    const { records, tornTail } = readJournal(path);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(tornTail).toEqual({ line: 4, bytes: statSync(path).size - size });
    // Reopened for a resume, the whole tail is cut and numbering goes on after the good records.
    const reopened = openJournal(path, { sync: false });
    expect(reopened.truncatedTornTail).toEqual(tornTail);
    expect(reopened.nextSeq).toBe(4);
    reopened.close();
    expect(statSync(path).size).toBe(size);
  });

  it('still refuses a damaged line followed by a whole record: that is corruption, not a torn write', () => {
    const path = writeJournal(3);
    appendFileSync(path, `${'\0'.repeat(30)}\n${encodeJournalLine({ seq: 4, at: 'x', type: 'run-end', status: 'succeeded', summary: '' })}garbage`);
    const error = catchError(() => readJournal(path));
    expect(error.code).toBe('JOURNAL_CORRUPT');
    expect(error.details.line).toBe(4);
  });

  it('refuses a last line with a flipped byte: no crash writes that, so it is damage, not a torn write', () => {
    const path = writeJournal(3);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"step-2"', '"step-9"');
    writeFileSync(path, lines.join('\n'));
    const error = catchError(() => readJournal(path));
    expect(error.code).toBe('JOURNAL_CORRUPT');
    expect(error.details).toMatchObject({ line: 3 });
    expect(error.details.found).toContain('checksum mismatch');
  });

  it('throws JOURNAL_CORRUPT with file, line and a hint when a middle record has a flipped byte', () => {
    const path = writeJournal(5);
    const bytes = readFileSync(path);
    const lineStarts = [0, ...[...bytes.entries()].filter(([, b]) => b === 10).map(([i]) => i + 1)];
    const target = lineStarts[2]! + 40; // inside the JSON of line 3
    bytes[target] = bytes[target]! ^ 0x01;
    writeFileSync(path, bytes);
    const error = catchError(() => readJournal(path));
    expect(error.code).toBe('JOURNAL_CORRUPT');
    expect(error.details.file).toBe(path);
    expect(error.details.line).toBe(3);
    expect(error.details.found).toContain('checksum mismatch');
    expect(error.details.hint).toContain('recover --print');
  });

  it('throws JOURNAL_CORRUPT on a missing record (seq gap) even though each line is valid', () => {
    const path = writeJournal(4);
    const lines = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, [lines[0], lines[1], lines[3], ''].join('\n'));
    const error = catchError(() => readJournal(path));
    expect(error.code).toBe('JOURNAL_CORRUPT');
    expect(error.details).toMatchObject({ line: 3, found: 'seq 4', expected: 'seq 3' });
  });

  it('throws JOURNAL_MISSING for a run directory without a journal', () => {
    expect(catchError(() => readJournal('/nonexistent/journal.jsonl')).code).toBe('JOURNAL_MISSING');
  });

  it('creates the journal readable by its owner only', () => {
    expect(statSync(writeJournal(1)).mode & 0o777).toBe(0o600);
  });
});
