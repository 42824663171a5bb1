import { END } from '../analyze/step-graph.js';
import { applyCompletedStep, type Obligation } from '../compile/obligations.js';
import type { CaptureValue } from '../resolve/render-template.js';
import type { ResolvedPlan, ResolvedStep } from '../resolve/resolved-plan.js';
import { undoKey, undoUnitsOf } from './execute/run-undo.js';
import type { JournalRecord, RunStatus } from './journal/journal-records.js';

export interface InFlight {
  kind: 'step' | 'undo';
  step: string;
  item: string | null;
  action: number | null;
  host: string | null;
  display: string | null;
  pid: number | null;
  pgid: number | null;
  startTime: string | null;
}

/** A run's position rebuilt from its journal alone (never from an xstate snapshot: see DESIGN pitfalls). */
export interface ReplayedRun {
  ended: RunStatus | null;
  phase: 'gates' | 'forward' | 'rollback';
  /** Next forward step to run (forward phase), END when all are done. */
  position: string;
  /** As journaled: masked where they held a secret. */
  captures: Record<string, Record<string, CaptureValue>>;
  /** The keys of `captures` that hide a secret (kept whole in secret-captures.json). */
  secretCaptures: string[];
  obligations: Obligation[];
  undoneActions: Set<string>;
  /** Commands that were running when the journal ends, in start order: several only in a foreach with concurrency. */
  inFlight: InFlight[];
  failure: string | null;
  paused: boolean;
  /** A foreach that was under way: its items' completed body steps (resume skips them, recover undoes them). */
  foreachProgress: { step: string; items: Record<string, string[]>; obligation: Obligation | null } | null;
  records: number;
  startedAt: string | null;
  lastAt: string | null;
  pid: number | null;
  pidStartTime: string | null;
}

function following(plan: ResolvedPlan, step: ResolvedStep, indexOf: ReadonlyMap<string, number>): string {
  return step.next ?? plan.steps[(indexOf.get(step.id) ?? plan.steps.length) + 1]?.id ?? END;
}

function setCaptures(state: ReplayedRun, key: string, captures: Record<string, CaptureValue>, secret: boolean): void {
  state.captures[key] = captures;
  state.secretCaptures = [...state.secretCaptures.filter((k) => k !== key), ...(secret ? [key] : [])];
}

export function replayJournal(plan: ResolvedPlan, records: readonly JournalRecord[]): ReplayedRun {
  const state: ReplayedRun = {
    ended: null, phase: 'gates', position: plan.steps[0]?.id ?? END, captures: {}, secretCaptures: [], obligations: [], undoneActions: new Set(),
    inFlight: [], failure: null, paused: false, foreachProgress: null, records: records.length, startedAt: null, lastAt: null, pid: null, pidStartTime: null,
  };
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  // A position map keeps replay linear: status on a 10,000-record journal must stay fast.
  const indexOf = new Map(plan.steps.map((s, i) => [s.id, i]));
  const bodyDone = new Map<string, Map<string, string[]>>();
  const bodyOwner = new Map<string, string>();
  for (const step of plan.steps) if (step.kind === 'foreach') for (const b of step.steps) bodyOwner.set(b.id, step.id);
  const foreachPartial = (foreachId: string) => {
    const step = byId.get(foreachId);
    const items = [...(bodyDone.get(foreachId) ?? new Map<string, string[]>()).entries()].map(([item, completed]) => ({ item, completed }));
    return step ? applyCompletedStep([], step, items)[0] ?? null : null;
  };
  let pendingForeach: string | null = null;
  // One command per step and item at a time; a foreach with concurrency runs several items at once.
  const running = new Map<string, InFlight>();
  const keyOf = (step: string, item: string | undefined | null) => `${step}\u0000${item ?? ''}`;
  const popFinished = () => {
    for (;;) {
      const top = state.obligations[state.obligations.length - 1];
      if (!top || !undoUnitsOf({ plan }, top).every((u) => state.undoneActions.has(undoKey(u.step.id, u.item, u.index)))) return;
      state.obligations.pop();
    }
  };
  for (const record of records) {
    state.lastAt = record.at;
    switch (record.type) {
      case 'run-start': state.startedAt = record.at; state.pid = record.pid; state.pidStartTime = record.pidStartTime; break;
      case 'step-start':
        if (state.phase === 'gates') state.phase = 'forward';
        running.set(keyOf(record.step, record.item), { kind: 'step', step: record.step, item: record.item ?? null, action: null, host: record.host, display: record.argvDisplay, pid: null, pgid: null, startTime: null });
        if (bodyOwner.has(record.step)) pendingForeach = bodyOwner.get(record.step) ?? null;
        break;
      case 'step-spawned': {
        const started = running.get(keyOf(record.step, record.item));
        if (started) Object.assign(started, { pid: record.pid, pgid: record.pgid, startTime: record.startTime });
        break;
      }
      case 'step-end': {
        if (state.phase === 'gates') state.phase = 'forward';
        const owner = bodyOwner.get(record.step);
        // A command stopped part-way: its check said whether the effect exists (effect true/false);
        // 'unknown' (no check) opened the obligation and stays in doubt, as does an interrupt without one.
        const effect = record.extra?.effect;
        if (record.outcome !== 'ok') {
          state.failure = record.error;
          const doubt = effect === 'unknown' || (effect === undefined && record.extra?.interrupted === true);
          if (!doubt) running.delete(keyOf(record.step, record.item));
          if (effect !== true && effect !== 'unknown') break;
        }
        if (record.outcome === 'ok' || effect === true) running.delete(keyOf(record.step, record.item));
        if (owner && record.item !== undefined) {
          const items = bodyDone.get(owner) ?? new Map<string, string[]>();
          bodyDone.set(owner, items);
          items.set(record.item, [...(items.get(record.item) ?? []), record.step]);
          break;
        }
        const step = byId.get(record.step);
        if (!step) break;
        if (Object.keys(record.captures).length > 0) setCaptures(state, step.id, record.captures, record.secretCaptures === true);
        const opened = step.kind === 'foreach' ? foreachPartial(step.id) : null;
        state.obligations = opened ? [...state.obligations, opened] : applyCompletedStep(state.obligations, step);
        if (step.kind === 'foreach') pendingForeach = null;
        if (effect === 'unknown') break;
        const next = record.extra?.next;
        state.position = typeof next === 'string' ? next : following(plan, step, indexOf);
        break;
      }
      // The gates last until the first step starts: a run stopped during the preflight runs its guard and preflight again.
      case 'guard': if (record.accepted && record.captures) setCaptures(state, 'guard', record.captures, record.secretCaptures === true); break;
      case 'rollback-start':
        state.phase = 'rollback';
        running.clear();
        if (pendingForeach) { const partial = foreachPartial(pendingForeach); if (partial) state.obligations.push(partial); pendingForeach = null; }
        break;
      case 'undo-start':
        state.phase = 'rollback';
        running.clear();
        running.set('undo', { kind: 'undo', step: record.step, item: record.item ?? null, action: record.action, host: typeof record.extra?.host === 'string' ? record.extra.host : null, display: typeof record.extra?.argvDisplay === 'string' ? record.extra.argvDisplay : null, pid: null, pgid: null, startTime: null });
        break;
      case 'undo-spawned': {
        const undo = running.get('undo');
        if (undo) Object.assign(undo, { pid: record.pid, pgid: record.pgid, startTime: record.startTime });
        break;
      }
      case 'undo-end':
        running.delete('undo');
        if (record.outcome === 'ok') { state.undoneActions.add(undoKey(record.step, record.item ?? null, record.action)); popFinished(); }
        else state.failure = record.error ?? 'undo failed';
        break;
      case 'pause': state.paused = true; break;
      // The engine that continues has settled every command that was in flight before it writes this.
      case 'run-continue': running.clear(); state.pid = record.pid; state.pidStartTime = record.pidStartTime; state.paused = false; state.ended = null; break;
      case 'run-end': state.ended = record.status; break;
      default: break;
    }
  }
  state.inFlight = [...running.values()];
  if (pendingForeach) {
    state.foreachProgress = { step: pendingForeach, items: Object.fromEntries(bodyDone.get(pendingForeach) ?? []), obligation: foreachPartial(pendingForeach) };
  }
  return state;
}
