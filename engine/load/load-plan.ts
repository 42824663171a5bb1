import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Diagnostic } from '../errors/diagnostic.js';
import { composeDocuments, mergeExtendedPlan } from './merge-extended-plan.js';
import { readSourceFile } from './read-source-file.js';
import type { SourceDocument } from './source-document.js';

/** Output of the load stage: the plan as data with positions, every file it came from. */
export interface LoadedPlan {
  file: string;
  document: SourceDocument;
  files: string[];
}

const MAX_EXTENDS_DEPTH = 8;

/** Loads a plan file and, through `extends`, the plans it builds on. */
export function loadPlan(file: string, seen: string[] = []): { plan: LoadedPlan | null; diagnostics: Diagnostic[] } {
  const path = resolve(file);
  const { document, diagnostics } = readSourceFile(file);
  if (!document) return { plan: null, diagnostics };
  const value = document.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { plan: null, diagnostics: [{ code: 'PLAN_NOT_MAPPING', severity: 'error', ...document.locate([]), message: 'a plan is a YAML mapping (name:, steps:, ...)' }] };
  }
  const parent = (value as Record<string, unknown>).extends;
  if (typeof parent !== 'string') return { plan: { file, document, files: [path] }, diagnostics: [] };
  const where = document.locate(['extends']);
  const basePath = resolve(dirname(path), parent);
  // Name the base as the user would: relative to the given plan path when that was relative.
  const baseFile = isAbsolute(parent) ? parent : join(dirname(file), parent);
  if (seen.includes(basePath) || basePath === path || seen.length >= MAX_EXTENDS_DEPTH) {
    return { plan: null, diagnostics: [{ code: 'EXTENDS_CYCLE', severity: 'error', ...where,
      message: `extends ${parent} forms a cycle or is nested deeper than ${MAX_EXTENDS_DEPTH}`, hint: 'a plan may extend a plan that does not extend it back' }] };
  }
  const base = loadPlan(baseFile, [...seen, path]);
  if (!base.plan) {
    return { plan: null, diagnostics: [{ code: 'EXTENDS_FAILED', severity: 'error', ...where, message: `the base plan ${parent} has errors (listed below)` }, ...base.diagnostics] };
  }
  const { merged, unknownOverrides } = mergeExtendedPlan(base.plan.document.value as Record<string, unknown>, value as Record<string, unknown>);
  const composed = composeDocuments(merged, document, base.plan.document);
  const overrideErrors: Diagnostic[] = unknownOverrides.map((index) => ({
    code: 'EXTENDS_UNKNOWN_STEP', severity: 'error', ...document.locate(['steps', index, 'id']),
    message: `step "${String(((value as Record<string, unknown[]>).steps?.[index] as Record<string, unknown> | undefined)?.id)}" does not exist in ${parent}`,
    hint: 'steps: in an extending plan overrides steps of the base by id; add new steps under steps_append',
  }));
  return { plan: { file, document: composed, files: [path, ...base.plan.files] }, diagnostics: overrideErrors };
}
