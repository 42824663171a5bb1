import type { Diagnostic } from '../errors/diagnostic.js';
import type { MirrorplanPlan } from '../load/plan-types.generated.js';
import type { SourceDocument } from '../load/source-document.js';
import { findClosestName } from '../validate/closest-name.js';
import { coerceParameter } from './coerce-parameter.js';
import type { LoadedSite } from './load-site.js';
import { SECRET_SHOWN, type ParamValue } from './resolved-plan.js';

/** A `-p name=value` from the command line, kept verbatim for error messages. */
export interface ParameterOverride { name: string; value: string; flag: string }

export function parseOverride(flag: string): ParameterOverride | null {
  const at = flag.indexOf('=');
  return at > 0 ? { name: flag.slice(0, at).trim(), value: flag.slice(at + 1), flag: `-p ${flag}` } : null;
}

/** Values from defaults, then the site file, then -p; each coerced and checked, each problem located. */
export function resolveParameters(plan: MirrorplanPlan, planDoc: SourceDocument, site: LoadedSite | null, overrides: ParameterOverride[], requireValues: boolean) {
  const declared = plan.parameters ?? {};
  const names = Object.keys(declared);
  const params: Record<string, ParamValue> = {};
  const diagnostics: Diagnostic[] = [];
  const unknown = (name: string) => {
    const closest = findClosestName(name, names);
    return closest ? `did you mean "${closest}"?` : names.length ? `the plan's parameters are: ${names.join(', ')}` : 'the plan declares no parameters';
  };
  for (const [name, spec] of Object.entries(declared)) {
    if (!spec || spec.default === undefined) continue;
    const { value, problem } = coerceParameter(spec, spec.default);
    if (value !== undefined) params[name] = value;
    else diagnostics.push({ code: 'PARAM_BAD_DEFAULT', severity: 'error', ...planDoc.locate(['parameters', name, 'default']), message: `the default of parameter "${name}" ${problem}` });
  }
  // Names given a value that was refused: reported as invalid, not again as missing.
  const refused = new Set<string>();
  // A refused secret is named, never shown: the message goes to the terminal, cron's mail and --json.
  const shown = (name: string, raw: unknown) => (declared[name]?.secret ? SECRET_SHOWN : JSON.stringify(raw));
  const describe = (name: string, raw: unknown, problem: string | undefined) =>
    `parameter "${name}" ${problem?.startsWith('expected') ? `is ${shown(name, raw)}; ${problem}` : problem ?? 'is invalid'}`;
  const flagOf = (override: { flag: string; name: string }) => (declared[override.name]?.secret ? `-p ${override.name}=${SECRET_SHOWN}` : override.flag);
  for (const [name, raw] of Object.entries(site?.site.parameters ?? {})) {
    const where = site ? site.document.locate(['parameters', name]) : {};
    const spec = declared[name];
    if (!spec) { diagnostics.push({ code: 'PARAM_UNKNOWN', severity: 'error', ...(site ? site.document.locate(['parameters', name], { key: true }) : {}), message: `unknown parameter "${name}"`, hint: unknown(name) }); continue; }
    const { value, problem } = coerceParameter(spec, raw);
    if (value !== undefined) params[name] = value;
    else { refused.add(name); diagnostics.push({ code: 'PARAM_INVALID', severity: 'error', ...where, found: shown(name, raw), message: describe(name, raw, problem) }); }
  }
  for (const override of overrides) {
    const spec = declared[override.name];
    if (!spec) { diagnostics.push({ code: 'PARAM_UNKNOWN', severity: 'error', found: override.flag, message: `${override.flag}: unknown parameter "${override.name}"`, hint: unknown(override.name) }); continue; }
    const { value, problem } = coerceParameter(spec, override.value);
    if (value !== undefined) { params[override.name] = value; refused.delete(override.name); }
    else { refused.add(override.name); diagnostics.push({ code: 'PARAM_INVALID', severity: 'error', found: flagOf(override), message: `${flagOf(override)}: ${describe(override.name, override.value, problem)}` }); }
  }
  // A parameter whose default was refused above is reported once, not again as missing.
  const missingParams = names.filter((name) => params[name] === undefined && declared[name]?.default === undefined && !refused.has(name));
  for (const name of missingParams) {
    diagnostics.push({ code: 'PARAM_MISSING', severity: requireValues ? 'error' : 'info', ...planDoc.locate(['parameters', name], { key: true }),
      message: `parameter "${name}" has no value`, hint: `set it in the site file (parameters: {${name}: ...}) or with -p ${name}=VALUE` });
  }
  const secretParams = names.filter((name) => declared[name]?.secret === true);
  return { params, missingParams, secretParams, diagnostics };
}
