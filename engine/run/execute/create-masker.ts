import { SECRET_SHOWN, type ResolvedPlan } from '../../resolve/resolved-plan.js';

export const MASK = SECRET_SHOWN;

/** A secret as it reads inside a single-quoted shell word, once and twice quoted (ssh's remote command): pa'ss -> pa'\''ss. */
function quotedForms(secret: string): string[] {
  const once = secret.replace(/'/g, `'\\''`);
  return [secret, once, once.replace(/'/g, `'\\''`)];
}

/**
 * Replaces every secret parameter's value (longest first, so overlapping secrets mask whole)
 * in any text, also where quoting for a shell has rewritten it (a command line, a runbook).
 */
export function createMasker(plan: Pick<ResolvedPlan, 'params' | 'secretParams'>): (text: string) => string {
  const secrets = [...new Set(plan.secretParams
    .flatMap((name) => { const v = plan.params[name]; return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]; })
    .filter((s) => s.length > 0)
    .flatMap(quotedForms))]
    .sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
}

/** Parameters as they may be written to journals and logs. */
export function maskedParams(plan: Pick<ResolvedPlan, 'params' | 'secretParams'>): Record<string, string | number | boolean | Array<string | number | boolean>> {
  return Object.fromEntries(Object.entries(plan.params).map(([k, v]) => [k, plan.secretParams.includes(k) ? MASK : v]));
}


/** Captured values as they may be journaled: a command may print a secret it was given. */
export function maskCaptures(captures: Record<string, string | string[]>, mask: (text: string) => string): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(captures).map(([k, v]) => [k, Array.isArray(v) ? v.map(mask) : mask(v)]));
}
