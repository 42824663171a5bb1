import { readFileSync, statSync } from 'node:fs';
import type { Diagnostic } from '../errors/diagnostic.js';
import { YAML_LIMITS } from './bound-yaml-input.js';
import { parseSourceDocument, type SourceDocument } from './source-document.js';

/** Reads and parses one YAML file; every failure (missing, too big, not UTF-8, bad YAML) is a diagnostic. */
export function readSourceFile(file: string): { document: SourceDocument | null; diagnostics: Diagnostic[] } {
  const fail = (code: string, message: string, hint?: string, where: { line: number; col: number } | null = null) =>
    ({ document: null, diagnostics: [{ code, severity: 'error' as const, file, ...(where ?? {}), message, ...(hint ? { hint } : {}) }] });
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return fail('FILE_NOT_REGULAR', 'is not a regular file');
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? fail('FILE_NOT_FOUND', 'no such file', 'check the path') : fail('FILE_UNREADABLE', `cannot read: ${code ?? String(error)}`);
  }
  if (size > YAML_LIMITS.maxBytes) return fail('YAML_TOO_LARGE', `file is ${size} bytes; at most ${YAML_LIMITS.maxBytes} are accepted`);
  const bytes = readFileSync(file);
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch {
    const offset = firstInvalidUtf8(bytes);
    const lineStart = bytes.lastIndexOf(10, offset - 1) + 1;
    const line = bytes.subarray(0, lineStart).filter((b) => b === 10).length + 1;
    const col = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
    return fail('FILE_NOT_UTF8', `is not valid UTF-8 text (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset})`, 'save the file as UTF-8', { line, col });
  }
  return parseSourceDocument(file, text);
}

/**
 * About where UTF-8 goes wrong: the first byte that cannot continue what came before (a cut
 * sequence at the very end: its last byte). Streamed, a prefix fails only once it holds a bad
 * byte, so the longest prefix that decodes is found by halving.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    try { new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true }); low = mid; } catch { high = mid - 1; }
  }
  let bad = Math.min(low, bytes.length - 1);
  // A sequence cut short is found at the byte after it: point at its lead byte instead.
  let start = bad;
  while (start > 0 && bad - start < 3 && ((bytes[start - 1] ?? 0) & 0xc0) === 0x80) start--;
  const lead = bytes[start - 1] ?? 0;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (start > 0 && length > 1 && bad - (start - 1) < length) bad = start - 1;
  return bad;
}
