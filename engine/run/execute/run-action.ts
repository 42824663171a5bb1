import { renderTemplate, type RenderScope } from '../../resolve/render-template.js';
import type { ResolvedAction, ResolvedExpect } from '../../resolve/resolved-plan.js';
import type { CommandRequest, CommandResult, SpawnInfo } from '../transport/transport.js';
import { quotePosix, quotePosixArgv } from '../transport/posix-quote.js';
import { evaluateResult, type Evaluation } from './evaluate-result.js';
import type { RunEnvironment } from './run-environment.js';

function renderEnv(env: Record<string, string>, scope: RenderScope): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, renderTemplate(v, scope)]));
}

export interface RenderedAction { request: CommandRequest; display: string; host: string }

/** Substitutes references into argv, env and cwd (each element stays one element) and builds the request. */
export function renderAction(env: RunEnvironment, action: ResolvedAction, scope: RenderScope, signal?: AbortSignal): RenderedAction {
  const host = env.plan.hosts[action.host];
  const argv = action.argv ? action.argv.map((a) => renderTemplate(a, scope)) : null;
  const stepEnv = renderEnv(action.env, scope);
  const request: CommandRequest = {
    argv,
    shell: action.shell,
    env: { ...renderEnv(host?.env ?? {}, scope), ...stepEnv, MIRRORPLAN_RUN_ID: env.run.id, MIRRORPLAN_RUN_DIR: env.run.dir },
    ...(action.cwd ? { cwd: renderTemplate(action.cwd, scope) } : {}),
    timeoutMs: action.timeoutMs,
    killGraceMs: env.plan.killGraceMs,
    maxOutputBytes: env.maxOutputBytes,
    ...(signal ? { signal } : {}),
  };
  const display = env.mask(argv ? quotePosixArgv(argv) : `sh -c ${quotePosix(action.shell ?? '')}`);
  return { request, display, host: action.host };
}

export interface AttemptHooks {
  /** Journals the attempt's start durably: it must be on disk before the command runs (see CommandRequest.beforeStart). */
  beforeAttempt(attempt: number, rendered: RenderedAction): void;
  onSpawn?(info: SpawnInfo): void;
}

export interface ActionOutcome { evaluation: Evaluation; result: CommandResult; attempts: number; rendered: RenderedAction }

/** Runs one command with its retry policy (exponential backoff, capped), stopping early when aborted. */
export async function runAction(env: RunEnvironment, action: ResolvedAction, scope: RenderScope, hooks: AttemptHooks, signal: AbortSignal, expect: ResolvedExpect = action.expect): Promise<ActionOutcome> {
  const rendered = renderAction(env, action, scope, signal);
  const transport = env.transportFor(action.host);
  let backoff = action.retry.backoffMs;
  for (let attempt = 1; ; attempt++) {
    // The transport calls it once the command is ready to start: a spawner forks meanwhile.
    const beforeStart = () => hooks.beforeAttempt(attempt, rendered);
    const result = await transport.run({ ...rendered.request, beforeStart, ...(hooks.onSpawn ? { onSpawn: hooks.onSpawn } : {}) });
    const evaluation = evaluateResult(result, expect, action.capture, action.timeoutMs);
    const retriable = !evaluation.ok && !result.aborted && !signal.aborted && attempt < action.retry.attempts;
    if (!retriable) return { evaluation: { ...evaluation, reason: env.mask(evaluation.reason) }, result, attempts: attempt, rendered };
    env.observer.note('warn', `${rendered.display}: ${env.mask(evaluation.reason)}; retrying in ${backoff} ms (attempt ${attempt + 1} of ${action.retry.attempts})`);
    try { await env.clock.sleep(backoff, signal); } catch { return { evaluation: { ...evaluation, reason: env.mask(evaluation.reason) }, result, attempts: attempt, rendered }; }
    backoff = Math.min(backoff * 2, action.retry.maxBackoffMs);
  }
}

/** Polls a read-only command until `until` holds or the deadline passes. */
export async function pollUntil(env: RunEnvironment, action: ResolvedAction, scope: RenderScope, wait: { until: ResolvedExpect; intervalMs: number; deadlineMs: number }, hooks: AttemptHooks, signal: AbortSignal): Promise<ActionOutcome> {
  const started = env.clock.now();
  let polls = 0;
  for (;;) {
    polls++;
    const outcome = await runAction(env, { ...action, retry: { attempts: 1, backoffMs: 0, maxBackoffMs: 0 } }, scope, polls === 1 ? hooks : { beforeAttempt() {} }, signal, wait.until);
    if (outcome.evaluation.ok || outcome.result.aborted || signal.aborted) return outcome;
    const elapsed = env.clock.now() - started;
    if (elapsed + wait.intervalMs > wait.deadlineMs) {
      return { ...outcome, evaluation: { ...outcome.evaluation, ok: false, reason: `deadline of ${wait.deadlineMs} ms passed after ${polls} probe(s); last: ${outcome.evaluation.reason}` } };
    }
    try { await env.clock.sleep(wait.intervalMs, signal); } catch { return outcome; }
  }
}
