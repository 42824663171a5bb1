import { parseTemplate, type Reference } from '../validate/parse-template.js';
import type { ParamValue } from './resolved-plan.js';

export type CaptureValue = string | string[];

/** What references resolve against at a given point of a run. */
export interface RenderScope {
  params: Record<string, ParamValue>;
  captures: Record<string, Record<string, CaptureValue>>;
  item?: string | null;
  run?: { id: string; dir: string } | null;
}

export class UnresolvedReferenceError extends Error {
  constructor(readonly reference: string) { super(`${reference} has no value yet`); }
}

export function lookupReference(ref: Reference, scope: RenderScope): ParamValue | CaptureValue | undefined {
  switch (ref.scope) {
    case 'params': return scope.params[ref.name];
    case 'steps': return scope.captures[ref.step]?.[ref.capture];
    case 'item': return scope.item ?? undefined;
    case 'run': return scope.run ? scope.run[ref.name] : undefined;
  }
}

/**
 * Renders one string. `placeholder` (used by preview) stands in for references with no
 * value yet instead of throwing; a run always has every value the analyzer promised.
 */
export function renderTemplate(text: string, scope: RenderScope, placeholder?: (source: string) => string): string {
  if (!text.includes('${')) return text;
  let out = '';
  for (const part of parseTemplate(text)) {
    if ('text' in part) { out += part.text; continue; }
    const value = lookupReference(part.ref, scope);
    if (value === undefined) {
      if (placeholder) { out += placeholder(part.source); continue; }
      throw new UnresolvedReferenceError(part.source);
    }
    out += Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}

/** A foreach list: literal, or the list a single reference points at. */
export function renderList(items: Array<string | number | boolean> | string, scope: RenderScope): string[] | null {
  if (Array.isArray(items)) return items.map(String);
  const parts = parseTemplate(items);
  const only = parts[0];
  if (parts.length !== 1 || !only || !('ref' in only)) return null;
  const value = lookupReference(only.ref, scope);
  if (value === undefined) return null;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
