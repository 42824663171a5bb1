import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../errors/diagnostic.js';
import { findExcessiveAlias, MAX_ALIAS_EXPANSION } from './alias-expansion.js';
import { checkYamlBounds, YAML_LIMITS } from './bound-yaml-input.js';

export type DocPath = ReadonlyArray<string | number>;
export interface LocateOptions { key?: boolean; find?: string }

/** A parsed YAML file that can still say where each value came from. */
export interface SourceDocument {
  file: string;
  value: unknown;
  /**
   * Position of the value at path (or of its key when `key` is set), or the nearest existing
   * parent. With `find`, the position of that text inside the value when its source contains
   * it (a reference inside a string), so the column points at the mistake itself.
   */
  locate(path: DocPath, options?: LocateOptions): { file: string; line: number; col: number };
  /** The value's text as written in the file (for hints such as "quote it"), when the path exists. */
  sourceText(path: DocPath): string | undefined;
  has(path: DocPath): boolean;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function childOf(node: unknown, segment: string | number): { node: unknown; keyNode: unknown } | null {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(segment)) return { node: pair.value, keyNode: pair.key };
    }
    return null;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? null : { node: item, keyNode: item };
  }
  return null;
}

function rangeStart(node: unknown): number | null {
  const range = (node as Node | undefined)?.range;
  return Array.isArray(range) ? range[0] : null;
}

function findForbiddenKeys(doc: Document, file: string, lines: LineCounter): Diagnostic[] {
  const found: Diagnostic[] = [];
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? pair.key.value : null;
        if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) {
          const pos = lines.linePos(rangeStart(pair.key) ?? 0);
          found.push({ code: 'YAML_FORBIDDEN_KEY', severity: 'error', file, line: pos.line, col: pos.col,
            message: `the key "${key}" is not allowed (it could alter object prototypes)`, hint: 'rename the key' });
        } else if (key !== null && typeof key !== 'string' && typeof key !== 'number') {
          const pos = lines.linePos(rangeStart(pair.key) ?? 0);
          found.push({ code: 'YAML_KEY_TYPE', severity: 'error', file, line: pos.line, col: pos.col,
            message: 'keys must be plain strings', hint: 'quote the key' });
        }
        visit(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  visit(doc.contents);
  return found;
}

/**
 * Parses YAML 1.2 with the core schema: no custom tags, unique keys, bounded size,
 * depth and aliases. Never throws for bad input; returns diagnostics instead.
 */
export function parseSourceDocument(file: string, text: string): { document: SourceDocument | null; diagnostics: Diagnostic[] } {
  const bounds = checkYamlBounds(file, text);
  if (bounds.length > 0) return { document: null, diagnostics: bounds };
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'core', version: '1.2', uniqueKeys: true, strict: true, prettyErrors: false, lineCounter: lines, merge: false });
  const diagnostics: Diagnostic[] = [];
  for (const problem of [...doc.errors, ...doc.warnings]) {
    const pos = lines.linePos(problem.pos[0]);
    const duplicate = problem.code === 'DUPLICATE_KEY';
    diagnostics.push({
      code: duplicate ? 'YAML_DUPLICATE_KEY' : `YAML_${problem.code}`, severity: 'error', file, line: pos.line, col: pos.col,
      message: problem.message.split('\n')[0] ?? problem.message,
      ...(duplicate ? { hint: 'each key may appear once in a mapping; remove or merge the repeated one' } : {}),
    });
  }
  if (diagnostics.length === 0) diagnostics.push(...findForbiddenKeys(doc, file, lines));
  if (diagnostics.length > 0) return { document: null, diagnostics };
  const excessive = findExcessiveAlias(doc);
  if (excessive) {
    const pos = lines.linePos(excessive.offset);
    return { document: null, diagnostics: [{ code: 'YAML_ALIAS_EXPANSION', severity: 'error', file, line: pos.line, col: pos.col,
      message: `aliases expand to more than ${MAX_ALIAS_EXPANSION} values here (a "billion laughs" expansion)`,
      hint: 'write the repeated values out, or reuse fewer anchors inside anchors' }] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliases });
  } catch (error) {
    return { document: null, diagnostics: [{ code: 'YAML_ALIAS_EXPANSION', severity: 'error', file, line: 1, col: 1,
      message: `aliases expand beyond the allowed bound: ${(error as Error).message}` }] };
  }
  const nodeAt = (path: DocPath) => {
    let node: unknown = doc.contents;
    let keyNode: unknown = node;
    let exact = true;
    for (const segment of path) {
      const next = childOf(node, segment);
      if (!next) { exact = false; break; }
      node = next.node;
      keyNode = next.keyNode;
    }
    return { node, keyNode, exact };
  };
  return {
    diagnostics,
    document: {
      file,
      value,
      has: (path) => nodeAt(path).exact,
      locate(path, options = {}) {
        const found = nodeAt(path);
        let offset = rangeStart(options.key ? found.keyNode : found.node) ?? rangeStart(found.node) ?? 0;
        const range = (found.node as Node | undefined)?.range;
        if (options.find && found.exact && !options.key && range) {
          const inside = text.slice(range[0], range[1]).indexOf(options.find);
          if (inside >= 0) offset = range[0] + inside;
        }
        const pos = lines.linePos(offset);
        return { file, line: pos.line, col: pos.col };
      },
      sourceText(path) {
        const found = nodeAt(path);
        const range = (found.node as Node | undefined)?.range;
        return found.exact && range ? text.slice(range[0], range[1]) : undefined;
      },
    },
  };
}
