import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../../engine/run/journal/journal-writer.js';
import { readJournal } from '../../engine/run/journal/journal-reader.js';

function newPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'mp-journal-')), 'journal.jsonl');
}

describe('journal writer: reopen for resume', () => {
  it('continues seq after the existing records', () => {
    const path = newPath();
    const first = openJournal(path, { sync: true });
    first.append({ type: 'rollback-start', reason: 'a' }, { durable: true });
    first.append({ type: 'pause', reason: 'b' }, { durable: false });
    first.close();
    const second = openJournal(path, { sync: true });
    expect(second.nextSeq).toBe(3);
    expect(second.append({ type: 'run-end', status: 'paused', summary: 'c' }, { durable: true }).seq).toBe(3);
    second.close();
    expect(readJournal(path).records.map((r) => [r.seq, r.type])).toEqual([[1, 'rollback-start'], [2, 'pause'], [3, 'run-end']]);
  });

  it('cuts off a torn tail before appending, so it does not become corruption in the middle', () => {
    const path = newPath();
    const first = openJournal(path, { sync: false });
    first.append({ type: 'pause', reason: 'a' }, { durable: true });
    first.close();
    appendFileSync(path, '0123456789abcdef {"seq":2,"at":"x","ty');
    const reopened = openJournal(path, { sync: false });
    expect(reopened.truncatedTornTail).toEqual({ line: 2, bytes: 38 });
    expect(reopened.append({ type: 'pause', reason: 'b' }, { durable: true }).seq).toBe(2);
    reopened.close();
    const { records, tornTail } = readJournal(path);
    expect(tornTail).toBeNull();
    expect(records.map((r) => r.seq)).toEqual([1, 2]);
  });

  it('keeps an existing file mode 0600 and the stamp uses the injected clock', () => {
    const path = newPath();
    const journal = openJournal(path, { sync: false, clock: () => new Date(0) });
    expect(journal.append({ type: 'pause', reason: 'r', extra: { note: [1, 'x'] } }, { durable: false }))
      .toEqual({ seq: 1, at: '1970-01-01T00:00:00.000Z', type: 'pause', reason: 'r', extra: { note: [1, 'x'] } });
    journal.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses to append after close', () => {
    const journal = openJournal(newPath(), { sync: false });
    journal.close();
    expect(() => journal.append({ type: 'pause', reason: 'r' }, { durable: true })).toThrow(/closed/);
  });
});
