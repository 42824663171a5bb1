/**
 * Refuses regexes that can backtrack exponentially (nested unbounded quantifiers such as
 * (a+)+ or (\w*)*): they run against command output and parameter values, and one took
 * seconds on 29 characters in our measurements. A heuristic, deliberately strict.
 */
export function vetRegex(source: string): string | null {
  try {
    new RegExp(source);
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  const stack: boolean[] = [];
  let escaped = false;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (escaped) { escaped = false; continue; }
    if (c === '\\') { escaped = true; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') { inClass = true; continue; }
    if (c === '(') { stack.push(false); continue; }
    if (c === ')') {
      const innerUnbounded = stack.pop() ?? false;
      const next = source[i + 1];
      const outerUnbounded = next === '*' || next === '+' || (next === '{' && /^\{\d*,\}/.test(source.slice(i + 1)));
      if (innerUnbounded && outerUnbounded) return 'nested unbounded quantifiers such as (a+)+ can take exponential time; rewrite without the outer repetition';
      if (innerUnbounded && stack.length > 0) stack[stack.length - 1] = true;
      continue;
    }
    if ((c === '*' || c === '+' || (c === '{' && /^\{\d*,\}/.test(source.slice(i)))) && stack.length > 0) stack[stack.length - 1] = true;
  }
  return null;
}
