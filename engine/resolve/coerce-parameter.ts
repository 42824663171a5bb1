import type { Parameter } from '../load/plan-types.generated.js';
import { vetRegex } from '../validate/vet-regex.js';
import { PLAN_DEFAULTS } from './defaults.js';
import { SECRET_SHOWN, type ParamValue } from './resolved-plan.js';

type Scalar = string | number | boolean;

function coerceScalar(value: unknown, type: string): { value?: Scalar; problem?: string } {
  const text = typeof value === 'string' ? value.trim() : null;
  switch (type) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? { value: String(value) } : { problem: 'expected a string' };
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return { value };
      if (text !== null && /^-?\d{1,15}$/.test(text)) return { value: Number(text) };
      return { problem: 'expected an integer' };
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return { value };
      if (text !== null && text !== '' && Number.isFinite(Number(text))) return { value: Number(text) };
      return { problem: 'expected a number' };
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      if (text === 'true' || text === 'false') return { value: text === 'true' };
      return { problem: 'expected true or false' };
    default:
      return { problem: `unknown type ${type}` };
  }
}

function checkScalar(value: Scalar, rules: { pattern?: string; enum?: unknown[]; minimum?: number; maximum?: number; maxLength: number }): string | null {
  if (typeof value === 'string') {
    if (value.length > rules.maxLength) return `longer than ${rules.maxLength} characters`;
    // Patterns were vetted for catastrophic backtracking by the validate stage.
    if (rules.pattern && vetRegex(rules.pattern) === null && !new RegExp(`^(?:${rules.pattern})$`).test(value)) return `does not match the pattern ${rules.pattern}`;
  }
  if (rules.enum && !rules.enum.some((allowed) => allowed === value)) return `is not one of ${rules.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (typeof value === 'number' && rules.minimum !== undefined && value < rules.minimum) return `is less than the minimum ${rules.minimum}`;
  if (typeof value === 'number' && rules.maximum !== undefined && value > rules.maximum) return `is more than the maximum ${rules.maximum}`;
  return null;
}

/**
 * Coerces a site or command-line value to the declared type and checks its constraints.
 * Command-line arrays are written as a,b,c or as a JSON list.
 */
export function coerceParameter(declared: Parameter, raw: unknown): { value?: ParamValue; problem?: string } {
  const maxLength = declared.max_length ?? PLAN_DEFAULTS.stringMaxLength;
  if (declared.type !== 'array') {
    const { value, problem } = coerceScalar(raw, declared.type);
    if (problem !== undefined || value === undefined) return { problem: problem ?? 'has no value' };
    const rule = checkScalar(value, { pattern: declared.pattern, enum: declared.enum, minimum: declared.minimum, maximum: declared.maximum, maxLength });
    return rule ? { problem: rule } : { value };
  }
  let list: unknown[];
  if (Array.isArray(raw)) list = raw;
  else if (typeof raw === 'string' && raw.trim().startsWith('[')) {
    try { const parsed: unknown = JSON.parse(raw); if (!Array.isArray(parsed)) return { problem: 'expected a list' }; list = parsed; } catch { return { problem: 'is not a valid JSON list' }; }
  } else if (typeof raw === 'string') list = raw === '' ? [] : raw.split(',').map((s) => s.trim());
  else return { problem: 'expected a list' };
  const itemType = declared.items?.type ?? 'string';
  const values: Scalar[] = [];
  for (const [index, item] of list.entries()) {
    const { value, problem } = coerceScalar(item, itemType);
    if (problem !== undefined || value === undefined) return { problem: `item ${index + 1}: ${problem ?? 'has no value'}` };
    const rule = checkScalar(value, { pattern: declared.items?.pattern ?? declared.pattern, enum: declared.items?.enum, maxLength });
    if (rule) return { problem: `item ${index + 1} (${declared.secret ? SECRET_SHOWN : JSON.stringify(value)}) ${rule}` };
    values.push(value);
  }
  return { value: values };
}
