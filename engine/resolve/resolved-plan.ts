import type { Condition } from '../load/plan-types.generated.js';

/** Output of the resolve stage: every value typed and every default applied; strings stay templates rendered at run time. */
export type ParamValue = string | number | boolean | Array<string | number | boolean>;

export interface ResolvedExpect {
  exit: number[];
  stdoutMatches: string | null;
  stdoutNotMatches: string | null;
  stderrMatches: string | null;
  stderrNotMatches: string | null;
}

export interface ResolvedCapture { name: string; regex: string; from: 'stdout' | 'stderr'; all: boolean; optional: boolean }

export interface ResolvedRetry { attempts: number; backoffMs: number; maxBackoffMs: number }

export interface ResolvedAction {
  host: string;
  argv: string[] | null;
  shell: string | null;
  env: Record<string, string>;
  cwd: string | null;
  timeoutMs: number;
  retry: ResolvedRetry;
  expect: ResolvedExpect;
  capture: ResolvedCapture[];
  description: string | null;
}

export interface ResolvedWaitSpec { until: ResolvedExpect; intervalMs: number; deadlineMs: number }

export interface ResolvedUndo extends ResolvedAction { kind: 'task' | 'wait'; wait: ResolvedWaitSpec | null }

interface StepCommon { id: string; description: string | null; next: string | null; path: string }

export interface ResolvedTaskStep extends StepCommon {
  kind: 'task';
  action: ResolvedAction;
  readOnly: boolean;
  undo: ResolvedUndo[];
  resolves: string[];
  irreversible: string | null;
  check: ResolvedAction | null;
  idempotent: boolean;
}
export interface ResolvedWaitStep extends StepCommon { kind: 'wait'; action: ResolvedAction; wait: ResolvedWaitSpec }
export interface ResolvedChoiceStep extends StepCommon { kind: 'choice'; choices: Array<{ when: Condition; next: string }>; default: string | null }
export type ResolvedBodyStep = ResolvedTaskStep | ResolvedWaitStep;
export interface ResolvedForeachStep extends StepCommon {
  kind: 'foreach';
  /** A literal list, or a template that is exactly one reference (array parameter or `all` capture). */
  items: Array<string | number | boolean> | string;
  concurrency: number;
  steps: ResolvedBodyStep[];
}
export interface ResolvedManualStep extends StepCommon { kind: 'manual'; prompt: string }
export type ResolvedStep = ResolvedTaskStep | ResolvedWaitStep | ResolvedChoiceStep | ResolvedForeachStep | ResolvedManualStep;

export interface ResolvedHost { name: string; transport: string; address: string | null; user: string | null; port: number | null; env: Record<string, string> }

export interface ResolvedProbe extends ResolvedAction { id: string; hint: string | null }

/** What is shown wherever a secret parameter's value would be (messages, journal, logs, runbooks). */
export const SECRET_SHOWN = '********';

export interface ResolvedPlan {
  name: string;
  description: string | null;
  file: string;
  /** sha256 of the merged plan document: resume compares it with the file on disk. */
  planHash: string;
  params: Record<string, ParamValue>;
  /** Names of parameters that still need a value (only when values were not required). */
  missingParams: string[];
  secretParams: string[];
  hosts: Record<string, ResolvedHost>;
  lock: string;
  onInterrupt: 'rollback' | 'pause';
  recovery: 'manual' | 'rollback' | 'resume';
  killGraceMs: number;
  guard: (ResolvedProbe & { reason: string | null }) | null;
  preflight: ResolvedProbe[];
  steps: ResolvedStep[];
}
