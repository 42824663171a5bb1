import type { RunContext } from '../compile/run-context.js';
import { MirrorplanError } from '../errors/mirrorplan-error.js';
import type { ResolvedPlan, ResolvedTaskStep } from '../resolve/resolved-plan.js';
import type { RunEnvironment } from './execute/run-environment.js';
import { runProbe } from './execute/run-gates.js';
import type { InFlight } from './replay-journal.js';

export interface OperatorAnswers { assumeDone: string[]; assumeNotDone: string[] }

/** `rerun`: an idempotent step that resume runs again and recover completes before undoing it. */
export type Settlement = { done: boolean; how: string; rerun?: boolean };

/**
 * The operator's --assume-done / --assume-not-done, checked before anything is settled: each
 * names a step of the run's plan (STEP, or STEP[ITEM] for one item of a foreach), and no
 * step is named by both.
 */
export function checkOperatorAnswers(plan: ResolvedPlan, answers: OperatorAnswers): void {
  const inForeach = new Set(plan.steps.flatMap((s) => (s.kind === 'foreach' ? s.steps.map((b) => b.id) : [])));
  const ids = new Set(plan.steps.flatMap((s) => [s.id, ...(s.kind === 'foreach' ? s.steps.map((b) => b.id) : [])]));
  for (const [flag, list] of [['--assume-done', answers.assumeDone], ['--assume-not-done', answers.assumeNotDone]] as const) {
    for (const name of list) {
      const step = name.replace(/\[.*\]$/, '');
      if (!ids.has(step)) throw new MirrorplanError('USAGE', `${flag} ${name}: the run's plan has no step "${step}"`, { hint: `its steps: ${[...ids].join(', ')}` });
      // An item of a step that has none would answer nothing, and the run would ask again.
      if (step !== name && !inForeach.has(step)) throw new MirrorplanError('USAGE', `${flag} ${name}: step "${step}" is not in a foreach, so it has no items`, { hint: `name the step alone: ${flag} ${step}` });
    }
  }
  const both = answers.assumeDone.filter((name) => answers.assumeNotDone.includes(name));
  if (both.length) throw new MirrorplanError('USAGE', `--assume-done and --assume-not-done both name ${both.join(', ')}`, { hint: 'say once whether it took effect' });
}

function taskOf(plan: ResolvedPlan, id: string): ResolvedTaskStep | 'harmless' | null {
  for (const step of plan.steps) {
    for (const s of [step, ...(step.kind === 'foreach' ? step.steps : [])]) {
      if (s.id !== id) continue;
      if (s.kind === 'task') return s.readOnly ? 'harmless' : s;
      return 'harmless';
    }
  }
  return null;
}

/**
 * Decides whether the command that was running when the engine died had its effect:
 * the operator's word first, then the step's check probe, then (idempotent or read-only)
 * running it again. Otherwise the run stops with IN_DOUBT and says which flag to give.
 */
export async function settleInDoubt(env: RunEnvironment, inFlight: InFlight, context: Pick<RunContext, 'captures'>, answers: OperatorAnswers, signal: AbortSignal = new AbortController().signal): Promise<Settlement> {
  const label = `${inFlight.kind === 'undo' ? 'the undo of ' : ''}step ${inFlight.step}${inFlight.item === null ? '' : ` [${inFlight.item}]`}`;
  // STEP answers for every item of a foreach's step; STEP[ITEM] for one item.
  const named = (list: string[]) => list.includes(inFlight.step) || (inFlight.item !== null && list.includes(`${inFlight.step}[${inFlight.item}]`));
  if (named(answers.assumeDone)) return { done: true, how: `${label}: done, by --assume-done` };
  if (named(answers.assumeNotDone)) return { done: false, how: `${label}: not done, by --assume-not-done` };
  const task = taskOf(env.plan, inFlight.step);
  if (task === 'harmless') return { done: false, how: `${label}: read-only, will run again` };
  if (!task) return { done: false, how: `${label}: unknown step, treated as not done` };
  if (inFlight.kind === 'undo') {
    const action = task.undo[inFlight.action ?? 0];
    if (action?.kind === 'wait') return { done: false, how: `${label}: a wait, will poll again` };
  }
  if (task.check) {
    const probe = await runProbe(env, { ...task.check, id: `check ${task.id}`, hint: null }, context, signal, inFlight.item);
    if (!probe.answered) {
      // No answer settles nothing: an idempotent step can still be run again; otherwise the operator decides.
      if (task.idempotent) return { done: false, rerun: true, how: `${label}: check probe gave no answer (${probe.evidence}); idempotent, will run again` };
      throw inDoubt(label, inFlight, `its check probe gave no answer (${probe.evidence})`);
    }
    // The check says whether the step's effect exists; for an undo, an existing effect means the undo did not finish.
    const effect = probe.ok;
    const done = inFlight.kind === 'undo' ? !effect : effect;
    return { done, how: `${label}: check probe says the effect ${effect ? 'exists' : 'does not exist'} (${probe.evidence}) → ${done ? 'done' : 'not done'}` };
  }
  if (task.idempotent) return { done: false, rerun: true, how: `${label}: idempotent, will run again` };
  throw inDoubt(label, inFlight, 'whether it took effect is unknown');
}

function inDoubt(label: string, inFlight: InFlight, why: string): MirrorplanError {
  const name = inFlight.item === null ? inFlight.step : `'${inFlight.step}[${inFlight.item}]'`;
  return new MirrorplanError('IN_DOUBT', `${label} was running when the engine stopped (${inFlight.display ?? ''} on ${inFlight.host ?? '?'}); ${why}`, {
    step: inFlight.step, ...(inFlight.host ? { host: inFlight.host } : {}),
    hint: `look at the system, then rerun with --assume-done ${name} or --assume-not-done ${name}; a check: probe on the step lets the engine decide by itself`,
  });
}
