import { buildRunbook, formatRunbook, type RunbookEntry } from '../report/runbook.js';
import type { Obligation } from '../compile/obligations.js';
import { inspectRun, type RunView } from '../run/inspect-run.js';
import { createTransport } from '../run/transport/create-transport.js';
import type { RunReport } from '../run/execute-run.js';
import type { CliIo } from './cli-io.js';
import { printable } from '../report/printable.js';
import { EXIT, type ExitCode } from './exit-codes.js';

const EXIT_OF: Record<RunReport['status'], ExitCode> = {
  succeeded: EXIT.ok, declined: EXIT.ok, 'rolled-back': EXIT.rolledBack, 'rollback-failed': EXIT.rollbackFailed,
  paused: EXIT.paused, 'failed-before-change': EXIT.preflightFailed, 'journal-failed': EXIT.journalFailed,
};

export function exitCodeOf(report: RunReport): ExitCode { return EXIT_OF[report.status]; }

/**
 * The rollback still to do, rebuilt from the run's journal: its captures render the undo
 * commands (an undo may use a value captured at run time) and undo actions that already
 * finished are marked done.
 */
export function runbookOf(stateDir: string, runId: string): RunbookEntry[] {
  return runbooksOf(inspectRun(stateDir, runId)).open;
}

/** The runbook a run's end shows: when the site is not back to normal (paused, rollback failed, journal failed). */
export function runbookAfter(stateDir: string, report: RunReport): RunbookEntry[] {
  if (report.status !== 'paused' && report.status !== 'rollback-failed' && report.status !== 'journal-failed') return [];
  if (report.status !== 'journal-failed') return runbookOf(stateDir, report.runId);
  // A step whose command ran but whose end could not be recorded is in the journal as in flight:
  // its undo comes first. A journal that cannot be written may not read back either: the banner still lists what is in effect.
  try {
    const { open, inDoubt } = runbooksOf(inspectRun(stateDir, report.runId, { partial: true }));
    return [...inDoubt, ...open].map((entry, index) => ({ ...entry, order: index + 1 }));
  } catch { return []; }
}

/**
 * The open obligations' runbook, and the undo of the step that was in flight (in doubt:
 * to run only if it took effect), both rendered with the run's captures.
 */
export function runbooksOf(view: RunView): { open: RunbookEntry[]; inDoubt: RunbookEntry[] } {
  const plan = view.plan.resolved;
  const describe = (host: string) => createTransport({ transport: plan.hosts[host]?.transport ?? 'local', address: plan.hosts[host]?.address ?? 'localhost' });
  const scope = { params: plan.params, captures: view.replay.captures, run: { id: view.runId, dir: view.dir } };
  const doubts = view.replay.inFlight.filter((f) => f.kind === 'step').map((f): Obligation => {
    const owner = f.item !== null ? plan.steps.find((s) => s.kind === 'foreach' && s.steps.some((b) => b.id === f.step)) : null;
    return owner ? { step: owner.id, items: [{ item: f.item as string, steps: [f.step] }] } : { step: f.step, items: [] };
  });
  return {
    open: buildRunbook(plan, view.open, scope, describe, view.replay.undoneActions),
    inDoubt: doubts.length ? buildRunbook(plan, doubts, scope, describe) : [],
  };
}

/** The end of a run as a person (or cron's mail) must see it: loud whenever the site is not back to normal. */
export function printRunReport(io: CliIo, given: RunReport, runbook: RunbookEntry[], json: boolean): void {
  if (json) { io.out(JSON.stringify({ ...given, runbook }, null, 2)); }
  // The detail often quotes a command's stderr.
  const report = { ...given, detail: given.detail === null ? null : printable(given.detail) };
  const open = report.remaining.map((o) => o.step).join(', ');
  switch (report.status) {
    case 'succeeded': io.err(`run ${report.runId}: succeeded`); break;
    case 'declined': io.err(`run ${report.runId}: declined by the guard, nothing changed: ${report.detail ?? ''}`); break;
    case 'failed-before-change': io.err(`run ${report.runId}: NOT STARTED, nothing changed:\n${report.detail ?? ''}`); break;
    case 'rolled-back': io.err(`run ${report.runId}: FAILED${report.interrupted ? ` (interrupted by ${report.interrupted})` : ''} and rolled back: every change was undone.\n  cause: ${report.detail ?? 'unknown'}`); break;
    case 'paused':
      io.err([
        '#'.repeat(72),
        `# RUN ${report.runId} IS PAUSED: THE SITE IS NOT BACK TO NORMAL.`,
        `# Still in effect (newest last): ${open || 'nothing'}`,
        `# Continue it:   mirrorplan resume ${report.runId}`,
        `# Roll it back:  mirrorplan recover ${report.runId}   (--print shows the commands)`,
        '#'.repeat(72),
      ].join('\n'));
      if (runbook.length) io.err(formatRunbook(runbook, 'What recover would run:'));
      break;
    case 'journal-failed':
      io.err([
        '#'.repeat(72),
        `# THE JOURNAL OF RUN ${report.runId} CANNOT BE WRITTEN: THE ENGINE STOPPED, THE SITE IS NOT BACK TO NORMAL.`,
        `# ${report.detail ?? ''}`,
        `# No command was started without its record. Still in effect (newest last): ${open || 'nothing recorded'};`,
        '# the runbook also undoes what was running when the journal failed (in doubt: check it first).',
        `# Fix the disk of the state directory, then: mirrorplan recover ${report.runId}   or run the commands below by hand.`,
        '#'.repeat(72),
      ].join('\n'));
      if (runbook.length) io.err(formatRunbook(runbook, 'Manual runbook (in this order):'));
      break;
    case 'rollback-failed':
      io.err([
        '#'.repeat(72),
        `# ROLLBACK OF RUN ${report.runId} FAILED: THE SITE IS NOT BACK TO NORMAL.`,
        `# ${report.detail ?? ''}`,
        `# Still in effect (newest last): ${open}`,
        '# Fix the cause, then: mirrorplan recover ' + report.runId + '   or run the commands below by hand.',
        '#'.repeat(72),
      ].join('\n'));
      io.err(formatRunbook(runbook, 'Manual runbook (in this order):'));
      break;
  }
}
