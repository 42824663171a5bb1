import { isMirrorplanError } from '../../errors/mirrorplan-error.js';
import { formatRunbook } from '../../report/runbook.js';
import { continueRun } from '../../run/continue-run.js';
import { findRunFileExposures } from '../../run/check-run-files-private.js';
import { describeInFlight, inspectRun } from '../../run/inspect-run.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { listOption, parseCommandLine } from '../parse-command-line.js';
import { exitCodeOf, printRunReport, runbookAfter, runbooksOf } from '../report-run.js';
import { firstSignalOf, relaySignals } from '../relay-signals.js';
import { buildRunServices, RUN_OPTIONS, stateDirOf } from '../run-services.js';
import type { RunReport } from '../../run/execute-run.js';
import { rehearseStepPath } from '../../run/execute/rehearse-step-path.js';

const CONTINUE_OPTIONS = { ...RUN_OPTIONS, 'assume-done': { type: 'string' as const, multiple: true }, 'assume-not-done': { type: 'string' as const, multiple: true } };

async function continueCommand(mode: 'resume' | 'recover', args: string[], io: CliIo) {
  const { values, positionals } = parseCommandLine(args, { ...CONTINUE_OPTIONS, ...(mode === 'recover' ? { print: { type: 'boolean' as const } } : {}) }, { min: 1, max: 1, names: 'RUN' });
  const runId = positionals[0] as string;
  if (values.print) {
    // A person reads this: a corrupt journal still gives what its records before the corruption say, marked as such.
    const view = inspectRun(stateDirOf(values), runId, { partial: true });
    const inFlight = view.replay.inFlight;
    const { open: runbook, inDoubt } = runbooksOf(view);
    const exposures = findRunFileExposures(view.dir);
    if (values.json) io.out(JSON.stringify({ runId, state: view.state, inFlight, inDoubt, runbook, corruption: view.corruption, notPrivate: exposures }, null, 2));
    else {
      if (exposures.length) {
        io.out([
          '#'.repeat(72),
          `# THE FILES OF RUN ${runId} ARE NOT PRIVATE: someone other than their owner could have`,
          '# written the commands below. Read each one before you run it:',
          ...exposures.map((problem) => `#   ${problem}`),
          '#'.repeat(72),
        ].join('\n'));
      }
      if (view.state === 'running') {
        io.out([
          '#'.repeat(72),
          `# RUN ${runId} IS STILL RUNNING (pid ${view.replay.pid}): its engine is live and will roll back by itself`,
          '# if it fails. Do not run these commands by hand while it runs.',
          '#'.repeat(72),
        ].join('\n'));
      }
      if (view.corruption) {
        io.out([
          '#'.repeat(72),
          `# THE JOURNAL OF RUN ${runId} IS CORRUPT AT LINE ${view.corruption.line}: this runbook is built from`,
          `# the ${view.corruption.line - 1} record(s) before it. What happened after them is unknown: check each`,
          '# command against the system before you run it.',
          '#'.repeat(72),
        ].join('\n'));
      }
      for (const f of inFlight) io.out(`In doubt: ${describeInFlight(f)} was running (${f.display ?? ''} on ${f.host ?? '?'}); check whether it took effect first.`);
      if (inDoubt.length) io.out(formatRunbook(inDoubt, inFlight.length > 1 ? 'Whichever of them did, undo it first:' : 'If it did, undo it first:'));
      io.out(formatRunbook(runbook, `Rollback of run ${runId} (${view.state}), to run by hand in this order:`));
    }
    return EXIT.ok;
  }
  const services = buildRunServices(values, io);
  await rehearseStepPath();
  // From here on a signal is never lost: while the old run's processes are waited for and its
  // in-doubt steps settled it stops the command and leaves the run as it was.
  const relay = relaySignals(io);
  let report: RunReport;
  try {
    let continued: Awaited<ReturnType<typeof continueRun>>;
    try {
      continued = await continueRun(runId, { ...services, onStarted: (run) => io.err(`${mode} of run ${run.id}`) }, { mode, assumeDone: listOption(values, 'assume-done'), assumeNotDone: listOption(values, 'assume-not-done'), signal: relay.signal });
    } catch (error) {
      // In doubt is not an internal error: the operator must look and answer with a flag (exit 11).
      if (!isMirrorplanError(error) || error.code !== 'IN_DOUBT') throw error;
      io.err(`mirrorplan ${mode}: IN_DOUBT: ${error.message}${error.details.hint ? `\n    hint: ${error.details.hint}` : ''}`);
      return EXIT.inDoubt;
    }
    relay.forwardTo(continued.interrupt, firstSignalOf(continued));
    report = await continued.result;
  } finally {
    relay.stop();
  }
  const runbook = runbookAfter(services.stateDir, report);
  printRunReport(io, report, runbook, values.json === true);
  return exitCodeOf(report);
}

export const resumeCommand: Command = {
  name: 'resume', summary: 'continue an interrupted run forward from where it stopped',
  usage: `usage: mirrorplan resume RUN [--assume-done STEP | --assume-not-done STEP] [--yes] [--state-dir DIR] [--json]

Continues RUN with the plan it started with. The step that was running when the engine
stopped is settled by its check probe, re-run when idempotent or read-only, or by the
operator's --assume-done / --assume-not-done. Exit codes as for run; 11 when a step is in doubt.`,
  run: (args, io) => continueCommand('resume', args, io),
};

export const recoverCommand: Command = {
  name: 'recover', summary: 'roll an interrupted run back (or --print the manual runbook)',
  usage: `usage: mirrorplan recover RUN [--print] [--assume-done STEP | --assume-not-done STEP] [--state-dir DIR] [--json]

Runs the undo of every open obligation of RUN, newest first. --print runs nothing and
prints the exact commands per host, in order, as a manual runbook.`,
  run: (args, io) => continueCommand('recover', args, io),
};
