import { compileMachine } from '../../compile/compile-machine.js';
import { cachedDocument } from '../../load/cached-document.js';
import { CACHE_FORMAT } from '../../load/plan-cache.js';
import type { MirrorplanPlan } from '../../load/plan-types.generated.js';
import { resolveAndAnalyze } from '../../resolve-and-analyze.js';
import { encodeJournalLine } from '../journal/journal-line.js';
import type { JournalRecord } from '../journal/journal-records.js';
import type { JournalWriter } from '../journal/journal-writer.js';
import type { CommandResult, Transport } from '../transport/transport.js';
import { driveMachine } from './drive-machine.js';
import { silentObserver, type RunEnvironment } from './run-environment.js';

/*
 * Why: V8 compiles a function the first time it runs, and a run's first steps pay for it:
 * the first transitions cost several ms each instead of a fraction of one, and a plan that
 * quiesces the application in its first step held it that much longer (README "Benchmarks").
 * So before a run's first command the engine runs its own step path once, in memory: a
 * three-step plan through the same compile, machine, step and journal-encoding code, with
 * a transport that starts nothing and a journal that writes nothing. ~10-15 ms, once.
 */
const step = (id: string) => ({ id, kind: 'task' as const, command: ['true', '${run.id}'] as [string, string], read_only: true, capture: { word: { regex: '(\\w+)' } } });
const REHEARSAL: MirrorplanPlan = { mirrorplan: 1, name: 'rehearsal', steps: [step('first'), step('second'), step('third')] };

const succeeded: CommandResult = {
  exitCode: 0, signal: null, stdout: 'rehearsal\n', stderr: '', stdoutTruncated: false, stderrTruncated: false,
  timedOut: false, aborted: false, durationMs: 0, spawnError: null,
};
const nothing: Transport = {
  name: 'rehearsal',
  async run(request) {
    request.beforeStart?.();
    request.onSpawn?.({ pid: 0, pgid: 0, startTime: null });
    return { ...succeeded };
  },
  describe: () => 'rehearsal',
};

function memoryJournal(): JournalWriter {
  let seq = 1;
  return {
    path: '(rehearsal)', truncatedTornTail: null,
    get nextSeq() { return seq; },
    append(record) {
      const stamped = { ...record, seq: seq++, at: new Date().toISOString() } as JournalRecord;
      encodeJournalLine(stamped);
      return stamped;
    },
    close() {},
  };
}

/** Runs the step path once in memory; the final state, or null if it broke (that only costs warmth, never a run). */
export async function rehearseStepPath(): Promise<string | null> {
  try {
    const document = cachedDocument('(rehearsal)', { format: CACHE_FORMAT, value: REHEARSAL, files: [], positionFiles: [''], positions: {} }, new Set());
    const { analyzed } = resolveAndAnalyze({ file: '(rehearsal)', document, files: [] }, REHEARSAL, [], null, { requireValues: true });
    if (!analyzed) return null;
    const env: RunEnvironment = {
      plan: analyzed.plan, run: { id: 'rehearsal', dir: '(rehearsal)' }, transportFor: () => nothing, journal: memoryJournal(),
      clock: { now: () => Date.now(), sleep: async () => {} }, observer: silentObserver,
      operator: { confirm: async () => true }, mask: (text) => text, maxOutputBytes: 1024,
    };
    return (await driveMachine((implementations) => compileMachine(analyzed, { implementations }), env).outcome()).state;
  } catch {
    return null;
  }
}
