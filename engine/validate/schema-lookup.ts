import { readFileSync } from 'node:fs';

type SchemaNode = Record<string, unknown>;

let cached: { plan: SchemaNode; site: SchemaNode } | null = null;

/** The schemas as data, read only when an error needs explaining (never on the valid path). */
function loadSchemas(): { plan: SchemaNode; site: SchemaNode } {
  if (!cached) {
    // Sources run from engine/validate, tsc's build from dist/engine/validate, bundles from
    // dist/engine/cli or a test's copy: look for schemas/ a few folders up.
    const read = (name: string) => {
      for (let levels = 2; levels <= 7; levels++) {
        const up = '../'.repeat(levels);
        try { return JSON.parse(readFileSync(new URL(`${up}schemas/${name}`, import.meta.url), 'utf8')) as SchemaNode; } catch { /* try the next level */ }
      }
      return {} as SchemaNode;
    };
    cached = { plan: read('plan.schema.json'), site: read('site.schema.json') };
  }
  return cached;
}

function decode(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The subschema an ajv schemaPath points at, following local $refs. */
export function lookupSchema(which: 'plan' | 'site', schemaPath: string): SchemaNode | null {
  const root = loadSchemas()[which];
  let node: unknown = root;
  for (const raw of schemaPath.replace(/^.*#\/?/, '').split('/').filter(Boolean)) {
    let current = node as SchemaNode | undefined;
    while (current && typeof current.$ref === 'string') current = lookupSchema(which, current.$ref) ?? undefined;
    node = current?.[decode(raw)];
    if (node === undefined) return null;
  }
  let result = node as SchemaNode | null;
  while (result && typeof result.$ref === 'string') result = lookupSchema(which, result.$ref);
  return result;
}

/** Names of the properties allowed by the object schema that owns `schemaPath/<keyword>`. */
export function allowedProperties(which: 'plan' | 'site', schemaPath: string): string[] {
  const owner = lookupSchema(which, schemaPath.replace(/\/[^/]+$/, ''));
  const properties = owner?.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}
