import { setFlagsFromString } from 'node:v8';
import { compileMachine } from '../../compile/compile-machine.js';
import { cachedDocument } from '../../load/cached-document.js';
import { CACHE_FORMAT } from '../../load/plan-cache.js';
import type { MirrorplanPlan } from '../../load/plan-types.generated.js';
import { resolveAndAnalyze } from '../../resolve-and-analyze.js';
import { encodeJournalLine } from '../journal/journal-line.js';
import type { JournalRecord } from '../journal/journal-records.js';
import type { JournalWriter } from '../journal/journal-writer.js';
import { LocalTransport } from '../transport/local-transport.js';
import { inMemorySpawner } from '../transport/in-memory-spawner.js';
import type { ProcessStarter } from '../transport/process-starter.js';
import { createSpawnerStarter } from '../transport/spawner-starter.js';
import { driveMachine } from './drive-machine.js';
import { silentObserver, type RunEnvironment } from './run-environment.js';

/*
 * Why: V8 compiles a function the first time it runs, and a run's first steps pay for it:
 * the first transitions cost several ms each instead of a fraction of one, and a plan that
 * quiesces the application in its first step held it that much longer (README "Benchmarks").
 * So before a run's first command the engine runs its own step path once, in memory: a
 * three-step plan through the same compile, machine, step, transport and journal-encoding
 * code, with a spawner that starts nothing and a journal that writes nothing. ~25-30 ms, once.
 */
const step = (id: string) => ({ id, kind: 'task' as const, command: ['true', '${run.id}'] as [string, string], read_only: true, capture: { word: { regex: '(\\w+)' } } });
const REHEARSAL: MirrorplanPlan = { mirrorplan: 1, name: 'rehearsal', steps: [step('first'), step('second'), step('third')] };

const startsNothing: ProcessStarter = {
  kind: 'direct',
  start(_launch, events) {
    events.failed({ code: 'EREHEARSAL', message: 'the rehearsal starts no process' });
    return { acknowledgeStart() {}, abandon: () => null };
  },
  close() {},
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
  // From here on V8 compiles each function it meets for the first time to baseline
  // (Sparkplug) code, not only to bytecode: the rehearsed path, and what the first real
  // steps meet first (a real process's reports), run faster the first times. With the
  // rehearsal through the transport it cut the cold quiesce window by ~1.5-2 ms here, for
  // ~14 ms more start-up (README "Benchmarks"). Set now, not as a node option, which would
  // compile the whole start-up so too (+25-36 ms per start).
  setFlagsFromString('--always-sparkplug');
  try {
    // The engine's own transport and spawner protocol, over a spawner that starts nothing;
    // should it ever fail to start, its commands fail instead of being started directly.
    const starter = createSpawnerStarter('(rehearsal)', { launch: inMemorySpawner('rehearsal\n'), fallback: startsNothing });
    const transport = new LocalTransport({ starter });
    const document = cachedDocument('(rehearsal)', { format: CACHE_FORMAT, value: REHEARSAL, files: [], positionFiles: [''], positions: {} }, new Set());
    const { analyzed } = resolveAndAnalyze({ file: '(rehearsal)', document, files: [] }, REHEARSAL, [], null, { requireValues: true });
    if (!analyzed) return null;
    const env: RunEnvironment = {
      plan: analyzed.plan, run: { id: 'rehearsal', dir: '(rehearsal)' }, transportFor: () => transport, journal: memoryJournal(),
      clock: { now: () => Date.now(), sleep: async () => {} }, observer: silentObserver,
      operator: { confirm: async () => true }, mask: (text) => text, maxOutputBytes: 1024,
    };
    try {
      return (await driveMachine((implementations) => compileMachine(analyzed, { implementations }), env).outcome()).state;
    } finally {
      starter.close();
    }
  } catch {
    return null;
  }
}
