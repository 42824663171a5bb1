import type { Condition } from '../load/plan-types.generated.js';
import { renderTemplate, type RenderScope } from '../resolve/render-template.js';

/** Choice conditions; values compare as strings so "2" from a capture equals the number 2 of a parameter. */
export function evaluateCondition(condition: Condition, scope: RenderScope): boolean {
  if (condition.all) return condition.all.every((c) => evaluateCondition(c, scope));
  if (condition.any) return condition.any.some((c) => evaluateCondition(c, scope));
  if (condition.not) return !evaluateCondition(condition.not, scope);
  const value = renderTemplate(condition.value ?? '', scope);
  if (condition.equals !== undefined) return value === String(condition.equals);
  if (condition.not_equals !== undefined) return value !== String(condition.not_equals);
  if (condition.in !== undefined) return condition.in.map(String).includes(value);
  if (condition.matches !== undefined) return new RegExp(condition.matches).test(value);
  return value !== '' && value !== 'false' && value !== '0';
}
