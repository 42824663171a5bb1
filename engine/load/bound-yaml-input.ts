import { Lexer } from 'yaml';
import type { Diagnostic } from '../errors/diagnostic.js';

/** Bounds applied before yaml composes a document: composing hostile input can abort the process (see DESIGN pitfalls). */
export const YAML_LIMITS = {
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 64,
  maxAliases: 100,
} as const;

const SYNTHETIC_TOKENS = new Set(['\u0002', '\u0003', '\u0018', '\u001f']);

interface Position { line: number; col: number }

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * Scans the token stream (cheap, no recursion) for what must never reach the composer:
 * excessive nesting, too many aliases, custom tags and the YAML 1.1 directive.
 */
export function checkYamlBounds(file: string, text: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const at = (offset: number) => ({ file, ...positionAt(text, offset) });
  if (Buffer.byteLength(text) > YAML_LIMITS.maxBytes) {
    return [{ code: 'YAML_TOO_LARGE', severity: 'error', file, line: 1, col: 1,
      message: `file is ${Buffer.byteLength(text)} bytes; at most ${YAML_LIMITS.maxBytes} are accepted`,
      hint: 'split the plan or keep large data out of it' }];
  }
  let offset = 0;
  let flowDepth = 0;
  let aliases = 0;
  const indents: number[] = [];
  let lineIndent = 0;
  let atLineStart = true;
  let lineBlockDepth = 0;
  for (const token of new Lexer().lex(text)) {
    const first = token[0];
    // The lexer inserts one-character markers (document, scalar, flow end) that are not in the source.
    if (token.length === 0 || (token.length === 1 && SYNTHETIC_TOKENS.has(token))) continue;
    const start = offset;
    offset += token.length;
    if (token === '\n' || token === '\r\n') { atLineStart = true; lineIndent = 0; lineBlockDepth = 0; continue; }
    if (atLineStart && /^ +$/.test(token)) { lineIndent = token.length; continue; }
    if (atLineStart) {
      atLineStart = false;
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= lineIndent) indents.pop();
      indents.push(lineIndent);
    }
    if (token === '-' || token === '?') lineBlockDepth++;
    if (token === '{' || token === '[') flowDepth++;
    if (token === '}' || token === ']') flowDepth = Math.max(0, flowDepth - 1);
    if (first === '*') aliases++;
    if (first === '!') {
      found.push({ code: 'YAML_TAG', severity: 'error', ...at(start),
        message: `tags such as ${token} are not allowed in plans`,
        hint: 'write the value without a tag; quote it to keep it a string' });
    }
    if (first === '%' && /^%YAML\s+1\.1\b/.test(token)) {
      found.push({ code: 'YAML_1_1', severity: 'error', ...at(start),
        message: 'the %YAML 1.1 directive is not accepted: it silently turns on/off/yes/no into booleans and 0700 into 448',
        hint: 'remove the directive; plans are read as YAML 1.2 (core schema); quote modes such as "0700"' });
    }
    const depth = indents.length + lineBlockDepth + flowDepth;
    if (depth > YAML_LIMITS.maxDepth) {
      return [...found, { code: 'YAML_TOO_DEEP', severity: 'error', ...at(start),
        message: `nesting deeper than ${YAML_LIMITS.maxDepth} levels`, hint: 'plans never need this depth; check the indentation' }];
    }
    if (aliases > YAML_LIMITS.maxAliases) {
      return [...found, { code: 'YAML_TOO_MANY_ALIASES', severity: 'error', ...at(start),
        message: `more than ${YAML_LIMITS.maxAliases} aliases (*name)`, hint: 'aliases this many look like an expansion attack; write the values out' }];
    }
  }
  return found;
}
