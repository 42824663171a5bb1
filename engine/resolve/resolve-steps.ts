import type { Capture, Defaults, Expect, MirrorplanPlan, Retry, Step, TaskStep, UndoAction, WaitStep } from '../load/plan-types.generated.js';
import { PLAN_DEFAULTS } from './defaults.js';
import { parseDuration } from './parse-duration.js';
import type { ResolvedAction, ResolvedBodyStep, ResolvedCapture, ResolvedExpect, ResolvedRetry, ResolvedStep, ResolvedUndo, ResolvedWaitSpec } from './resolved-plan.js';

interface CommandSource {
  host?: string; command?: string[]; shell?: string; env?: Record<string, string | undefined>; cwd?: string;
  timeout?: string; retry?: Retry; expect?: Expect; capture?: Capture; description?: string;
}

export function resolveExpect(expect: Expect | undefined): ResolvedExpect {
  const exit = expect?.exit;
  return {
    exit: exit === undefined ? [0] : Array.isArray(exit) ? exit : [exit],
    stdoutMatches: expect?.stdout_matches ?? null,
    stdoutNotMatches: expect?.stdout_not_matches ?? null,
    stderrMatches: expect?.stderr_matches ?? null,
    stderrNotMatches: expect?.stderr_not_matches ?? null,
  };
}

function resolveCaptures(capture: Capture | undefined): ResolvedCapture[] {
  return Object.entries(capture ?? {}).flatMap(([name, spec]) => spec
    ? [{ name, regex: spec.regex, from: spec.from ?? 'stdout', all: spec.all ?? false, optional: spec.optional ?? false }] : []);
}

function resolveRetry(retry: Retry | undefined, defaults: Defaults | undefined): ResolvedRetry {
  return {
    attempts: retry?.attempts ?? defaults?.retry?.attempts ?? PLAN_DEFAULTS.retryAttempts,
    backoffMs: parseDuration(retry?.backoff ?? defaults?.retry?.backoff, PLAN_DEFAULTS.retryBackoffMs),
    maxBackoffMs: parseDuration(retry?.max_backoff ?? defaults?.retry?.max_backoff, PLAN_DEFAULTS.retryMaxBackoffMs),
  };
}

/** Applies host, timeout and retry defaults; `probe` marks read-only probes, which get the shorter probe timeout and no retry default. */
export function resolveAction(source: CommandSource, plan: MirrorplanPlan, fallbackHost: string, probe = false): ResolvedAction {
  const defaults = plan.defaults;
  const timeoutDefault = probe ? PLAN_DEFAULTS.probeTimeoutMs : parseDuration(defaults?.timeout, PLAN_DEFAULTS.timeoutMs);
  return {
    host: source.host ?? defaults?.host ?? fallbackHost,
    argv: source.command ? [...source.command] : null,
    shell: source.shell ?? null,
    env: Object.fromEntries(Object.entries(source.env ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, v]]))),
    cwd: source.cwd ?? null,
    timeoutMs: parseDuration(source.timeout, timeoutDefault),
    retry: probe ? { attempts: 1, backoffMs: 0, maxBackoffMs: 0 } : resolveRetry(source.retry, defaults),
    expect: resolveExpect(source.expect),
    capture: resolveCaptures(source.capture),
    description: source.description ?? null,
  };
}

function resolveWaitSpec(source: { until?: Expect; interval?: string; deadline?: string }): ResolvedWaitSpec {
  return {
    until: resolveExpect(source.until),
    intervalMs: parseDuration(source.interval, PLAN_DEFAULTS.waitIntervalMs),
    deadlineMs: parseDuration(source.deadline, PLAN_DEFAULTS.waitDeadlineMs),
  };
}

function resolveUndo(undo: UndoAction, plan: MirrorplanPlan, stepHost: string): ResolvedUndo {
  const kind = undo.kind ?? 'task';
  return { ...resolveAction({ ...undo, host: undo.host ?? stepHost }, plan, stepHost, kind === 'wait'), kind, wait: kind === 'wait' ? resolveWaitSpec(undo) : null };
}

function resolveBody(step: TaskStep | WaitStep, plan: MirrorplanPlan, fallbackHost: string, path: string): ResolvedBodyStep {
  const common = { id: step.id, description: step.description ?? null, next: step.next ?? null, path };
  if (step.kind === 'wait') {
    return { ...common, kind: 'wait', action: resolveAction(step, plan, fallbackHost, true), wait: resolveWaitSpec(step) };
  }
  const action = resolveAction(step, plan, fallbackHost);
  return {
    ...common, kind: 'task', action,
    readOnly: step.read_only ?? false,
    undo: (step.undo ?? []).map((u) => resolveUndo(u, plan, action.host)),
    resolves: step.resolves ?? [],
    irreversible: step.irreversible ?? null,
    check: step.check ? resolveAction({ ...step.check, host: step.check.host ?? action.host }, plan, action.host, true) : null,
    idempotent: step.idempotent ?? false,
  };
}

export function resolveStep(step: Step, index: number, plan: MirrorplanPlan, fallbackHost: string): ResolvedStep {
  const path = `/steps/${index}`;
  const common = { id: step.id, description: step.description ?? null, path };
  switch (step.kind) {
    case 'task':
    case 'wait':
      return resolveBody(step, plan, fallbackHost, path);
    case 'choice':
      return { ...common, next: null, kind: 'choice', choices: step.choices.map((c) => ({ when: c.when, next: c.next })), default: step.default ?? null };
    case 'foreach':
      return { ...common, next: step.next ?? null, kind: 'foreach', items: step.items, concurrency: step.concurrency ?? 1,
        steps: step.steps.map((s, i) => resolveBody(s, plan, fallbackHost, `${path}/steps/${i}`)) };
    case 'manual':
      return { ...common, next: step.next ?? null, kind: 'manual', prompt: step.prompt };
  }
}
