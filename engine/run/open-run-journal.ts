import { join } from 'node:path';
import { renderTemplate } from '../resolve/render-template.js';
import type { ResolvedPlan } from '../resolve/resolved-plan.js';
import type { RunServices } from './execute-run.js';
import { openJournal, type JournalWriter } from './journal/journal-writer.js';
import { RUN_FILES } from './run-files.js';

/**
 * TEST-ONLY crash hook: with MIRRORPLAN_TEST_KILL_AT_RECORD=N the engine SIGKILLs itself
 * right after journal record N is written (and synced when durable), so tests can crash a
 * run at every record boundary deterministically, which an outside watcher cannot do for
 * records written back to back. Never set it in production.
 */
export const TEST_KILL_ENV = 'MIRRORPLAN_TEST_KILL_AT_RECORD';

function withTestKillHook(journal: JournalWriter): JournalWriter {
  const at = Number(process.env[TEST_KILL_ENV]);
  if (!Number.isInteger(at) || at <= 0) return journal;
  return {
    get path() { return journal.path; },
    get nextSeq() { return journal.nextSeq; },
    get truncatedTornTail() { return journal.truncatedTornTail; },
    append(record, options) {
      const written = journal.append(record, options);
      if (written.seq === at) process.kill(process.pid, 'SIGKILL');
      return written;
    },
    close: () => journal.close(),
  };
}

/** The run's journal, opened for appending (with the test-only crash hook when asked). */
export function openRunJournal(dir: string, services: Pick<RunServices, 'journalSync' | 'clock' | 'journalFs'>): JournalWriter {
  return withTestKillHook(openJournal(join(dir, RUN_FILES.journal), { sync: services.journalSync, clock: () => services.clock.now(), ...(services.journalFs ? { fs: services.journalFs } : {}) }));
}

/** The lock name with its parameter references rendered: `split-${params.vg}` locks per volume group. */
export function lockNameOf(plan: Pick<ResolvedPlan, 'lock' | 'params'>): string {
  return renderTemplate(plan.lock, { params: plan.params, captures: {} });
}
