import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cachedDocument, recordPositions } from './load/cached-document.js';
import type { MirrorplanPlan } from './load/plan-types.generated.js';
import { planCacheKey, readPlanCache, sha256, writePlanCache, CACHE_FORMAT } from './load/plan-cache.js';
import { resolveAndAnalyze, type PrepareOptions, type PrepareResult } from './resolve-and-analyze.js';
import { SCHEMA_HASH } from './validate/generated/schema-hash.js';

/**
 * preparePlan with the plan cache: a plan validated before (same bytes, same path, same
 * plan language) skips YAML parsing and schema validation, and the modules that do them
 * are not even loaded. Any diagnostic whose position the cache does not hold, and any
 * cache miss, goes through the full pipeline, so results are the same either way.
 */
export async function preparePlanCached(planFile: string, options: PrepareOptions = {}): Promise<PrepareResult> {
  let key: string | null = null;
  let contentHash = '';
  try {
    const content = readFileSync(planFile);
    contentHash = sha256(content);
    key = planCacheKey(content, `${SCHEMA_HASH}\0${resolve(planFile)}`);
  } catch { /* unreadable: the full pipeline reports it */ }
  const entry = key ? readPlanCache(key) : null;
  if (entry) {
    const misses = new Set<string>();
    const document = cachedDocument(planFile, entry, misses);
    const site = options.siteFile ? (await import('./prepare-plan.js')).loadSite(options.siteFile) : { site: null, diagnostics: [] };
    if (site.diagnostics.length === 0) {
      const loaded = { file: planFile, document, files: entry.files.map((f) => f.path) };
      const result = resolveAndAnalyze(loaded, entry.value as MirrorplanPlan, [], site.site, options);
      if (misses.size === 0) return result;
    }
  }
  const { preparePlan } = await import('./prepare-plan.js');
  return preparePlan(planFile, options, (loaded) => {
    if (!key) return;
    try {
      const files = loaded.files.map((path) => ({ path, hash: sha256(readFileSync(path)) }));
      // The file changed between hashing and parsing: do not store it under the old key.
      if (files[0]?.hash !== contentHash) return;
      writePlanCache(key, { format: CACHE_FORMAT, value: loaded.document.value, files, ...recordPositions(loaded.document) });
    } catch { /* best effort */ }
  });
}
