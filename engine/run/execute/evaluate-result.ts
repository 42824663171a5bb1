import type { CaptureValue } from '../../resolve/render-template.js';
import type { ResolvedCapture, ResolvedExpect } from '../../resolve/resolved-plan.js';
import type { CommandResult } from '../transport/transport.js';

export interface Evaluation { ok: boolean; reason: string; captures: Record<string, CaptureValue> }

const lastLines = (text: string) => text.trim().split('\n').slice(-3).join(' | ').slice(0, 300);

function failureOf(result: CommandResult, expect: ResolvedExpect, timeoutMs: number): string | null {
  if (result.spawnError) return `could not start: ${result.spawnError.message}`;
  if (result.timedOut && result.outputHeldOpen) {
    return `timed out after ${Math.round(result.durationMs)} ms (timeout ${timeoutMs} ms): it exited (${result.exitCode === null ? result.signal : `code ${result.exitCode}`}), but a process it started (a daemon?) kept its stdout or stderr open, so its output never ended; start such processes with their output redirected (>/dev/null 2>&1 </dev/null)`;
  }
  if (result.timedOut) return `timed out after ${Math.round(result.durationMs)} ms (timeout ${timeoutMs} ms; process group killed)`;
  if (result.aborted) return 'interrupted (process group killed)';
  if (result.lost) return `how it ended is unknown: ${result.lost}`;
  if (result.exitCode === null) return `ended by ${result.signal ?? 'a signal'}`;
  if (!expect.exit.includes(result.exitCode)) {
    const said = lastLines(result.stderr) || lastLines(result.stdout);
    return `exit code ${result.exitCode}, expected ${expect.exit.join(' or ')}${said ? `: ${said}` : ''}`;
  }
  const checks: Array<[string | null, string, boolean, string]> = [
    [expect.stdoutMatches, result.stdout, true, 'standard output does not match'],
    [expect.stdoutNotMatches, result.stdout, false, 'standard output matches the forbidden'],
    [expect.stderrMatches, result.stderr, true, 'standard error does not match'],
    [expect.stderrNotMatches, result.stderr, false, 'standard error matches the forbidden'],
  ];
  for (const [pattern, text, wanted, message] of checks) {
    if (pattern !== null && new RegExp(pattern, 'm').test(text) !== wanted) return `${message} /${pattern}/${lastLines(text) ? `: ${lastLines(text)}` : ''}`;
  }
  return null;
}

function extract(result: CommandResult, capture: ResolvedCapture): CaptureValue | null {
  const text = capture.from === 'stderr' ? result.stderr : result.stdout;
  const pick = (m: RegExpMatchArray) => m.groups?.[capture.name] ?? m[1] ?? m[0];
  if (capture.all) return [...text.matchAll(new RegExp(capture.regex, 'gm'))].map(pick);
  const match = new RegExp(capture.regex, 'm').exec(text);
  return match ? pick(match) : null;
}

/** Exit code, output expectations and captures of one command result. */
export function evaluateResult(result: CommandResult, expect: ResolvedExpect, captures: readonly ResolvedCapture[], timeoutMs = 0): Evaluation {
  const reason = failureOf(result, expect, timeoutMs);
  if (reason) return { ok: false, reason, captures: {} };
  const values: Record<string, CaptureValue> = {};
  for (const capture of captures) {
    const value = extract(result, capture);
    if (value === null && !capture.optional) return { ok: false, reason: `capture "${capture.name}": /${capture.regex}/ found nothing in ${capture.from}: ${lastLines(capture.from === 'stderr' ? result.stderr : result.stdout)}`, captures: {} };
    // Output is read as UTF-8: bytes that are not (a Latin-1 locale) became U+FFFD, and a later
    // step would get another device or volume name than the one printed.
    if ((Array.isArray(value) ? value : [value ?? '']).some((v) => v.includes('\uFFFD'))) {
      return { ok: false, reason: `capture "${capture.name}" holds bytes of ${capture.from} that are not UTF-8 (shown as U+FFFD): its value would reach later steps changed; run the command with LANG=C or a UTF-8 locale (env:)`, captures: {} };
    }
    values[capture.name] = value ?? '';
  }
  return { ok: true, reason: 'ok', captures: values };
}
