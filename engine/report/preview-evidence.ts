import type { ResolvedExpect } from '../resolve/resolved-plan.js';
import type { CommandResult } from '../run/transport/transport.js';

const MAX_EVIDENCE = 200;
const tidy = (line: string) => line.trim().replace(/\s{2,}/g, '  ').slice(0, MAX_EVIDENCE);
const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/** The literal text a pattern starts with ("STALE PPs:" of /STALE PPs:\s+0\b/): finds the line a failed match was about. */
function literalPrefix(pattern: string): string {
  const body = pattern.replace(/^\^/, '');
  const stop = body.search(/[\\[\](){}.*+?|$^]/);
  return (stop < 0 ? body : body.slice(0, stop)).trim();
}

function lineFor(pattern: string, text: string): string | null {
  let re: RegExp | null = null;
  try { re = new RegExp(pattern); } catch { /* the validator vetted it; fall back to the prefix */ }
  const full = re ? lines(text).find((l) => re?.test(l)) : undefined;
  if (full) return full;
  const prefix = literalPrefix(pattern);
  return prefix.length >= 3 ? lines(text).find((l) => l.includes(prefix)) ?? null : null;
}

/**
 * The output line that shows why a probe passed or failed: the line its expectation is
 * about (the one that matched, the forbidden one that appeared, or the one that has the
 * checked field with another value), else the first line it printed.
 */
export function evidenceLine(result: CommandResult, expect: ResolvedExpect): string {
  const checks: Array<[string | null, string]> = [
    [expect.stdoutMatches, result.stdout], [expect.stdoutNotMatches, result.stdout],
    [expect.stderrMatches, result.stderr], [expect.stderrNotMatches, result.stderr],
  ];
  for (const [pattern, text] of checks) {
    const line = pattern ? lineFor(pattern, text) : null;
    if (line) return tidy(line);
  }
  const first = lines(result.stdout)[0] ?? lines(result.stderr).slice(-1)[0];
  return first ? tidy(first) : '(no output)';
}

/** A failure reason without the output tail evaluate-result appends (preview shows the evidence line instead). */
export function shortReason(reason: string, result: CommandResult): string {
  const tail = (text: string) => text.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
  for (const text of [result.stderr, result.stdout]) {
    const suffix = `: ${tail(text)}`;
    if (tail(text) && reason.endsWith(suffix)) return reason.slice(0, -suffix.length);
  }
  return reason;
}
