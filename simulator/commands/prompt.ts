import { readSync } from 'node:fs';

// Interactive confirmations (rmlv, splitlvcopy on an open LV). The answer is
// read from stdin like the real commands; no stdin (or EOF) means "no", which
// is what an unattended run gets unless it passes -f.

export function readAnswer(): string {
  const buf = Buffer.alloc(256);
  try {
    const n = readSync(0, buf, 0, buf.length, null);
    return buf.subarray(0, n).toString('utf8').trim().toLowerCase();
  } catch {
    return '';
  }
}

export function confirmed(answer: string): boolean {
  return answer === 'y' || answer === 'yes';
}
