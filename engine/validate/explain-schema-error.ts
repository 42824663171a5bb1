import type { Diagnostic } from '../errors/diagnostic.js';
import type { DocPath, SourceDocument } from '../load/source-document.js';
import { findClosestName } from './closest-name.js';
import { allowedProperties, lookupSchema } from './schema-lookup.js';

/** The part of an ajv error this module reads (ajv's ErrorObject, kept structural so the generated code needs no types). */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  /** Present because the validators are generated with ajv's verbose option. */
  parentSchema?: Record<string, unknown>;
}

export function pointerToPath(pointer: string): (string | number)[] {
  return pointer.split('/').slice(1).map((raw) => {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(segment) ? Number(segment) : segment;
  });
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: DocPath): unknown {
  let node = root;
  for (const segment of path) node = (node as Record<string | number, unknown> | undefined)?.[segment];
  return node;
}

function fieldName(path: DocPath, root?: unknown): string {
  const node = root === undefined ? undefined : valueAt(root, path);
  const id = typeof node === 'object' && node !== null && 'id' in node ? (node as { id: unknown }).id : undefined;
  if (typeof id === 'string' && path.includes('steps')) return `step "${id}"`;
  if (typeof id === 'string') return `"${id}"`;
  const last = path[path.length - 1];
  return last === undefined ? 'the top level' : typeof last === 'number' ? `item ${last + 1}` : `"${last}"`;
}

const COMMAND_FIELDS = new Set(['command']);

/** One ajv error as a sentence a person understands: what was found, what was expected, how to fix common mistakes. */
export function explainSchemaError(which: 'plan' | 'site', error: SchemaError, doc: SourceDocument): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const found = valueAt(doc.value, path);
  const base = { severity: 'error' as const, path: error.instancePath || '/' };
  const at = (p: DocPath, key = false) => doc.locate(p, { key });
  const owner = error.schemaPath.replace(/\/[^/]+$/, '');
  // The standalone validator names an inlined schema by "#" alone: that is not the root's
  // description (the whole plan language's), so a nested error gets none.
  const subschema = owner === '#' && error.instancePath !== '' ? null : lookupSchema(which, owner);
  const describe = typeof subschema?.description === 'string' ? subschema.description : '';
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(error.params.additionalProperty);
      const properties = error.parentSchema?.properties;
      const allowed = properties && typeof properties === 'object' ? Object.keys(properties) : allowedProperties(which, error.schemaPath);
      const closest = findClosestName(name, allowed);
      const dynamicKeys = allowed.length === 0;
      return { ...base, ...at([...path, name], true), code: 'SCHEMA_UNKNOWN_FIELD', found: name,
        message: dynamicKeys ? `"${name}" is not allowed here` : `unknown field "${name}" in ${fieldName(path, doc.value)}`,
        expected: allowed.join(', '),
        hint: closest ? `did you mean "${closest}"?` : allowed.length ? `allowed fields: ${allowed.join(', ')}` : undefined };
    }
    case 'required': {
      const name = String(error.params.missingProperty);
      return { ...base, ...at(path), code: 'SCHEMA_MISSING_FIELD', expected: name,
        message: `${fieldName(path, doc.value)} needs the field "${name}"`,
        hint: name === 'kind' ? 'add kind: task (or wait, choice, foreach, manual)' : undefined };
    }
    case 'discriminator': {
      const kinds = ['task', 'wait', 'choice', 'foreach', 'manual'];
      const kind = (found as Record<string, unknown> | undefined)?.kind;
      if (kind === undefined) {
        return { ...base, ...at(path), code: 'SCHEMA_MISSING_FIELD', expected: 'kind', message: `${fieldName(path, doc.value)} needs the field "kind"`,
          hint: `add kind: (one of ${kinds.join(', ')})` };
      }
      const tag = typeof kind === 'string' ? kind : describeValue(kind);
      const closest = findClosestName(tag, kinds);
      return { ...base, ...at([...path, 'kind']), code: 'SCHEMA_UNKNOWN_KIND', found: tag,
        message: `unknown step kind "${tag}"`, expected: kinds.join(', '),
        hint: closest ? `did you mean "${closest}"?` : `use one of: ${kinds.join(', ')}` };
    }
    case 'type': {
      const expected = String(error.params.type).replace(',', ' or ');
      const isCommand = COMMAND_FIELDS.has(String(path[path.length - 1])) && typeof found === 'string';
      // YAML reads unquoted true, 0700 or 1.10 as a boolean or number: say so and show the quoted form.
      const written = doc.sourceText(path);
      const unquoted = expected === 'string' && (typeof found === 'number' || typeof found === 'boolean') && written !== undefined;
      return { ...base, ...at(path), code: isCommand ? 'SCHEMA_COMMAND_NOT_ARGV' : 'SCHEMA_TYPE', found: describeValue(found), expected,
        message: isCommand ? 'the command is one string; it must be an argv list'
          : `${fieldName(path, doc.value)} is ${describeValue(found)}; expected ${expected}`,
        hint: isCommand ? `write it as a list, one element per argument: [${String(found).trim().split(/\s+/).map((w) => JSON.stringify(w)).join(', ')}]; if you really need a shell, use the shell field`
          : unquoted ? quoteHint(written, typeof found, subschema, describe) : describe || undefined };
    }
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'enum' ? error.params.allowedValues : [error.params.allowedValue]) as unknown[];
      const closest = typeof found === 'string' ? findClosestName(found, allowed.map(String)) : null;
      return { ...base, ...at(path), code: 'SCHEMA_VALUE', found: describeValue(found), expected: allowed.map((v) => JSON.stringify(v)).join(', '),
        message: `${fieldName(path, doc.value)} is ${describeValue(found)}; expected ${allowed.map((v) => JSON.stringify(v)).join(' or ')}`,
        hint: closest ? `did you mean "${closest}"?` : undefined };
    }
    case 'minItems': {
      const limit = Number(error.params.limit);
      const count = Array.isArray(found) ? found.length : 0;
      const command = COMMAND_FIELDS.has(String(path[path.length - 1]));
      return { ...base, ...at(path), code: 'SCHEMA_MINITEMS', found: `${count} item(s)`, expected: `at least ${limit}`,
        message: count === 0 ? `${fieldName(path, doc.value)} is empty; it needs at least ${limit} item(s)` : `${fieldName(path, doc.value)} has ${count} item(s); it needs at least ${limit}`,
        hint: command ? 'give the program and its arguments: [program, arg, ...]' : describe || undefined };
    }
    case 'pattern':
      return { ...base, ...at(path), code: 'SCHEMA_FORMAT', found: describeValue(found), expected: describe || String(error.params.pattern),
        message: `${fieldName(path, doc.value)} is ${describeValue(found)}, which is not ${describe ? asPhrase(describe) : `of the form ${String(error.params.pattern)}`}` };
    case 'propertyNames':
      return { ...base, ...at([...path, String(error.params.propertyName)], true), code: 'SCHEMA_NAME',
        found: String(error.params.propertyName), message: `"${String(error.params.propertyName)}" is not a valid name here`,
        hint: 'names start with a letter and contain letters, digits, "_" or "-"' };
    default:
      return { ...base, ...at(path), code: `SCHEMA_${error.keyword.toUpperCase()}`, found: describeValue(found),
        message: `${fieldName(path, doc.value)} ${error.message ?? 'is invalid'}`, hint: describe || undefined };
  }
}

/** YAML read `written` as a number or boolean: quoting it is the fix only where the quoted text is valid too. */
function quoteHint(written: string, type: string, subschema: ReturnType<typeof lookupSchema>, describe: string): string {
  const pattern = typeof subschema?.pattern === 'string' ? subschema.pattern : null;
  if (pattern === null || new RegExp(pattern).test(written)) return `YAML reads ${written} unquoted as a ${type}; quote it: "${written}"`;
  return `YAML reads ${written} unquoted as a ${type}, and "${written}" is no better: expected ${describe ? asPhrase(describe) : `the form ${pattern}`}`;
}

/** A schema description ("A duration such as 30s.") as a phrase inside a sentence. */
const asPhrase = (description: string): string => description.replace(/\.$/, '').replace(/^A /, 'a ');
