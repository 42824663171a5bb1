import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openJournal } from '../../engine/run/journal/journal-writer.js';
import { readJournal } from '../../engine/run/journal/journal-reader.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('journal performance', () => {
  it('reads 10,000 records in well under 100 ms', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mp-journal-')), 'journal.jsonl');
    const journal = openJournal(path, { sync: false });
    for (let i = 0; i < 10_000; i++) {
      journal.append({
        type: 'step-end', step: `lv-${i % 50}`, item: `datalv${i}`, outcome: 'ok', exitCode: 0,
        captures: { copies: '2', stale: '0' }, error: null,
      }, { durable: false });
    }
    journal.close();
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      const started = performance.now();
      const { records, tornTail } = readJournal(path);
      times.push(performance.now() - started);
      expect(records).toHaveLength(10_000);
      expect(tornTail).toBeNull();
    }
    console.log(`readJournal 10,000 records: median ${median(times).toFixed(1)} ms (runs: ${times.map((t) => t.toFixed(1)).join(', ')})`);
    // The best run is the code's cost; the others include whatever else loads this 2-CPU machine
    // (parallel test files, other engineers' runs). Typical here: ~27 ms in plain node, ~50 ms in vitest.
    expect(Math.min(...times)).toBeLessThan(100);
  });

  it('measures durable append (write + fdatasync)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mp-journal-')), 'journal.jsonl');
    const journal = openJournal(path, { sync: true });
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      journal.append({ type: 'step-start', step: `s${i}`, attempt: 1, host: 'nodeA', argvDisplay: 'chfs -a splitcopy=/backup /data' }, { durable: true });
      times.push(performance.now() - started);
    }
    journal.close();
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`durable append: median ${median(times).toFixed(3)} ms, p99 ${sorted[Math.floor(sorted.length * 0.99)]!.toFixed(3)} ms`);
    expect(median(times)).toBeLessThan(50); // a sanity bound; the number itself is the point
  });
});
