import { MAX_DIAGNOSTICS, type Diagnostic } from '../errors/diagnostic.js';
import type { SourceDocument } from '../load/source-document.js';
import type { MirrorplanPlan, MirrorplanSiteFile } from '../load/plan-types.generated.js';
import { validatePlan, validateSite } from './generated/validators.js';
import { explainSchemaError, type SchemaError } from './explain-schema-error.js';

interface GeneratedValidator { (data: unknown): boolean; errors?: SchemaError[] | null }

/**
 * ajv reports every branch of a oneOf and the oneOf itself; a person needs the most
 * specific error per place, so drop errors whose path is a prefix of another's.
 */
function keepMostSpecific(errors: SchemaError[]): SchemaError[] {
  const meaningful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  const discriminated = new Set(meaningful.filter((e) => e.keyword === 'discriminator').map((e) => e.instancePath));
  const result: SchemaError[] = [];
  const seen = new Set<string>();
  for (const error of meaningful) {
    if (error.keyword !== 'discriminator' && discriminated.has(error.instancePath)) continue;
    const deeper = meaningful.some((o) => o !== error && o.instancePath.startsWith(`${error.instancePath}/`) && error.keyword !== 'additionalProperties' && error.keyword !== 'required');
    if (deeper && error.keyword === 'type') continue;
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(error);
  }
  // A value that may be "integer or list" fails both branches: one message is enough.
  const typeAt = new Map<string, SchemaError>();
  return result.filter((e) => {
    if (e.keyword !== 'type') return true;
    const previous = typeAt.get(e.instancePath);
    if (previous) { previous.params = { type: `${String(previous.params.type)},${String(e.params.type)}` }; return false; }
    typeAt.set(e.instancePath, e);
    return true;
  });
}

function run(which: 'plan' | 'site', validator: GeneratedValidator, doc: SourceDocument): Diagnostic[] {
  if (validator(doc.value)) return [];
  return keepMostSpecific(validator.errors ?? []).slice(0, MAX_DIAGNOSTICS).map((e) => explainSchemaError(which, e, doc));
}

export function validatePlanDocument(doc: SourceDocument): { plan: MirrorplanPlan | null; diagnostics: Diagnostic[] } {
  const diagnostics = run('plan', validatePlan as GeneratedValidator, doc);
  return { plan: diagnostics.length === 0 ? (doc.value as MirrorplanPlan) : null, diagnostics };
}

export function validateSiteDocument(doc: SourceDocument): { site: MirrorplanSiteFile | null; diagnostics: Diagnostic[] } {
  const diagnostics = run('site', validateSite as GeneratedValidator, doc);
  return { site: diagnostics.length === 0 ? (doc.value as MirrorplanSiteFile) : null, diagnostics };
}
