import { readFileSync, statSync } from 'node:fs';
import type { Diagnostic } from '../errors/diagnostic.js';
import { YAML_LIMITS } from './bound-yaml-input.js';
import { parseSourceDocument, type SourceDocument } from './source-document.js';

/** Reads and parses one YAML file; every failure (missing, too big, not UTF-8, bad YAML) is a diagnostic. */
export function readSourceFile(file: string): { document: SourceDocument | null; diagnostics: Diagnostic[] } {
  const fail = (code: string, message: string, hint?: string) =>
    ({ document: null, diagnostics: [{ code, severity: 'error' as const, file, message, ...(hint ? { hint } : {}) }] });
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
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) return fail('FILE_NOT_UTF8', 'is not valid UTF-8 text', 'save the file as UTF-8');
  return parseSourceDocument(file, text);
}
