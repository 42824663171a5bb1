import { dirname, join, relative } from 'node:path';
import type { PlanCacheEntry } from './plan-cache.js';
import type { DocPath, SourceDocument } from './source-document.js';

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);
const STEP_FIELDS = ['id', 'next', 'default', 'items', 'host', 'resolves'];

/**
 * The paths resolve and analyze locate in a valid plan (parameters, hosts, steps and their
 * control-flow fields). Deeper paths are only located for errors, and an error makes the
 * cached path fall back to a full parse, which knows every position.
 */
function* locatedPaths(value: Mapping): Generator<DocPath> {
  yield [];
  for (const key of Object.keys(value)) yield [key];
  for (const group of ['parameters', 'hosts']) {
    const entries = value[group];
    if (isMapping(entries)) for (const name of Object.keys(entries)) { yield [group, name]; yield [group, name, 'default']; }
  }
  const steps = (prefix: DocPath, list: unknown) => {
    const found: DocPath[] = [];
    if (!Array.isArray(list)) return found;
    list.forEach((step, i) => {
      found.push([...prefix, i]);
      if (!isMapping(step)) return;
      for (const field of STEP_FIELDS) if (step[field] !== undefined) found.push([...prefix, i, field]);
      if (Array.isArray(step.resolves)) step.resolves.forEach((_, k) => found.push([...prefix, i, 'resolves', k]));
      if (Array.isArray(step.steps)) found.push(...steps([...prefix, i, 'steps'], step.steps));
    });
    return found;
  };
  yield* steps(['steps'], value.steps);
}

const pointer = (path: DocPath) => `/${path.join('/')}`;

/** The position table stored in the cache for a freshly validated document. */
export function recordPositions(doc: SourceDocument): Pick<PlanCacheEntry, 'positions' | 'positionFiles'> {
  const positionFiles = [''];
  const positions: PlanCacheEntry['positions'] = {};
  const fileIndex = (file: string) => {
    const rel = file === doc.file ? '' : relative(dirname(doc.file), file);
    let index = positionFiles.indexOf(rel);
    if (index < 0) index = positionFiles.push(rel) - 1;
    return index;
  };
  for (const path of locatedPaths(doc.value as Mapping)) {
    for (const key of [false, true]) {
      const at = doc.locate(path, { key });
      positions[`${key ? 'k' : ''}${pointer(path)}`] = [fileIndex(at.file), at.line, at.col];
    }
  }
  return { positions, positionFiles };
}

/**
 * A SourceDocument over a cache entry. A position it does not hold is recorded in
 * `misses`; the caller then redoes the work from the YAML so every position is exact.
 */
export function cachedDocument(planFile: string, entry: PlanCacheEntry, misses: Set<string>): SourceDocument {
  const files = entry.positionFiles.map((rel) => (rel === '' ? planFile : join(dirname(planFile), rel)));
  return {
    file: planFile,
    value: entry.value,
    has: () => true,
    sourceText: () => undefined,
    locate(path, options = {}) {
      const key = `${options.key ? 'k' : ''}${pointer(path)}`;
      const at = options.find === undefined ? entry.positions[key] : undefined;
      if (!at) { misses.add(key); return { file: planFile, line: 1, col: 1 }; }
      return { file: files[at[0]] ?? planFile, line: at[1], col: at[2] };
    },
  };
}
