/**
 * The reference syntax inside strings: ${params.NAME}, ${steps.STEP.CAPTURE}, ${item},
 * ${run.id}, ${run.dir}; `$${` is a literal `${`. A reference is replaced inside one argv
 * element and never splits it, so no value can become shell syntax or extra arguments.
 */
export type Reference =
  | { scope: 'params'; name: string }
  | { scope: 'steps'; step: string; capture: string }
  | { scope: 'item' }
  | { scope: 'run'; name: 'id' | 'dir' };

export type TemplatePart = { text: string } | { ref: Reference; source: string; offset: number };

export class TemplateSyntaxError extends Error {
  constructor(message: string, readonly offset: number) { super(message); }
}

const NAME = '[A-Za-z][A-Za-z0-9_-]{0,63}';
const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => Reference]> = [
  [new RegExp(`^params\\.(${NAME})$`), (m) => ({ scope: 'params', name: m[1] ?? '' })],
  [new RegExp(`^steps\\.(${NAME})\\.(${NAME})$`), (m) => ({ scope: 'steps', step: m[1] ?? '', capture: m[2] ?? '' })],
  [/^item$/, () => ({ scope: 'item' })],
  [/^run\.(id|dir)$/, (m) => ({ scope: 'run', name: m[1] === 'id' ? 'id' : 'dir' })],
];

export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) { literal += '${'; i += 3; continue; }
    if (!text.startsWith('${', i)) { literal += text[i]; i++; continue; }
    const end = text.indexOf('}', i + 2);
    if (end < 0) throw new TemplateSyntaxError('a reference opened with ${ is never closed with }', i);
    const source = text.slice(i + 2, end).trim();
    const match = PATTERNS.map(([re, make]) => { const m = source.match(re); return m ? make(m) : null; }).find((r) => r !== null);
    if (!match) {
      throw new TemplateSyntaxError(`\${${source}} is not a reference; use \${params.NAME}, \${steps.STEP.CAPTURE}, \${item}, \${run.id} or \${run.dir} (write $\${ for a literal \${)`, i);
    }
    if (literal) { parts.push({ text: literal }); literal = ''; }
    parts.push({ ref: match, source: text.slice(i, end + 1), offset: i });
    i = end + 1;
  }
  if (literal) parts.push({ text: literal });
  return parts;
}

export function referencesIn(text: string): Reference[] {
  return parseTemplate(text).flatMap((p) => ('ref' in p ? [p.ref] : []));
}

/** True when the whole string is exactly one reference (how a list is passed to foreach). */
export function singleReference(text: string): Reference | null {
  const parts = parseTemplate(text);
  const only = parts[0];
  return parts.length === 1 && only && 'ref' in only ? only.ref : null;
}
