/**
 * Test support (not a test): reads the `# expect: CODE [FILE:]LINE:COL [text]` lines of a
 * fixture and checks them against diagnostics. FILE is relative to the fixture's folder
 * (for errors that belong in an extends base or in the plan a site file is for); the
 * optional text must appear in the message or hint.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../engine/errors/diagnostic.js';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export interface Expectation { code: string; file: string; line: number; col: number; text: string | null }

export function readExpectations(fixture: string): Expectation[] {
  return readFileSync(fixture, 'utf8').split('\n').flatMap((line) => {
    const m = /^# expect: (\S+) (?:(\S+):)?(\d+):(\d+)(?: (.*))?$/.exec(line);
    if (!m) return [];
    return [{ code: m[1] as string, file: m[2] ? resolve(dirname(fixture), m[2]) : fixture, line: Number(m[3]), col: Number(m[4]), text: m[5] ?? null }];
  });
}

/** The diagnostic meeting the expectation, or a readable account of what was found instead. */
export function findExpected(diagnostics: Diagnostic[], expected: Expectation): Diagnostic | string {
  const match = diagnostics.find((d) => d.code === expected.code && d.file !== undefined && resolve(d.file) === expected.file
    && d.line === expected.line && d.col === expected.col);
  if (!match) return `expected ${expected.code} at ${expected.line}:${expected.col}, got:\n${diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.col} ${d.message}`).join('\n')}`;
  if (expected.text && !`${match.message} ${match.hint ?? ''}`.includes(expected.text)) return `${expected.code}: "${expected.text}" not in "${match.message}" / "${match.hint ?? ''}"`;
  return match;
}
