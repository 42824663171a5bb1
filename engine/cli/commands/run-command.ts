import { analyzeForRun } from './plan-input.js';
import type { ResolvedPlan } from '../../resolve/resolved-plan.js';
import { continueRun } from '../../run/continue-run.js';
import type { RunReport, RunServices } from '../../run/execute-run.js';
import { MirrorplanError } from '../../errors/mirrorplan-error.js';
import { startRun, unfinishedRunUnderLock } from '../../run/start-run.js';
import { randomIds } from '../../run/system/ids.js';
import { rehearseStepPath } from '../../run/execute/rehearse-step-path.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { parseCommandLine, PLAN_INPUT_OPTIONS } from '../parse-command-line.js';
import { exitCodeOf, printRunReport, runbookAfter } from '../report-run.js';
import { firstSignalOf, relaySignals, type SignalRelay } from '../relay-signals.js';
import { buildRunServices, manualStepsUnanswerable, RUN_OPTIONS } from '../run-services.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

/**
 * A plan with `recovery: rollback` (or `resume`) asks that an unfinished run under its lock
 * be continued automatically at the next start (cron), instead of refusing. Returns an
 * exit code when the new run must not start (the old one did not end cleanly), else null.
 */
async function recoverFirst(plan: ResolvedPlan, services: RunServices, io: CliIo, relay: SignalRelay): Promise<ExitCode | null> {
  if (plan.recovery === 'manual') return null;
  const unfinished = unfinishedRunUnderLock(plan, services.stateDir);
  if (!unfinished) return null;
  const mode = plan.recovery === 'resume' ? 'resume' : 'recover';
  io.err(`run ${unfinished.runId} under this lock did not finish (${unfinished.state}); the plan asks for recovery: ${plan.recovery}, so it is continued first (${mode})`);
  const continued = await continueRun(unfinished.runId, services, { mode, assumeDone: [], assumeNotDone: [], signal: relay.signal });
  relay.forwardTo(continued.interrupt, firstSignalOf(continued));
  const report = await continued.result;
  relay.forwardTo(null);
  // Interrupted by the operator, it is not a reason to start the new run, whatever its end.
  if (report.interrupted === null && (report.status === 'succeeded' || report.status === 'rolled-back')) { io.err(`run ${report.runId}: ${report.status}; starting the new run`); return null; }
  printRunReport(io, report, runbookAfter(services.stateDir, report), false);
  return exitCodeOf(report);
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a plan: guard, preflight, steps, rollback on failure',
  usage: `usage: mirrorplan run PLAN [--site FILE] [-p name=value ...] [--yes] [--state-dir DIR] [--verbose|--quiet] [--json]

Runs the plan with a write-ahead journal under the state directory (--state-dir,
MIRRORPLAN_STATE_DIR, default /var/lib/mirrorplan as root, else ~/.local/state/mirrorplan).
--yes answers manual steps (needed when there is no terminal, e.g. from cron; without it
such a run is refused before anything runs). An unfinished run under the same lock makes
run refuse (exit 8) unless the plan says recovery: rollback or resume, which continues it first.
Exit codes: 0 succeeded or declined by the guard, 3 invalid plan, 5 failed and rolled back,
6 rollback failed (runbook printed), 7 paused (resumable), 8 lock held or an unfinished run
exists, 9 preflight failed (nothing changed).`,
  async run(args: string[], io: CliIo) {
    const { values, positionals } = parseCommandLine(args, { ...PLAN_INPUT_OPTIONS, ...RUN_OPTIONS }, { min: 1, max: 1, names: 'PLAN' });
    const prepared = await analyzeForRun(positionals[0] as string, values, io);
    if ('exit' in prepared) return prepared.exit;
    const unanswerable = manualStepsUnanswerable(prepared.analyzed.plan, values);
    if (unanswerable) { io.err(`mirrorplan run: MANUAL_NEEDS_TTY: ${unanswerable}`); return EXIT.usage; }
    const services = buildRunServices(values, io);
    // Before anything changes: the first steps (often the quiesce) then run at warm speed.
    await rehearseStepPath();
    const relay = relaySignals(io);
    let report: RunReport;
    try {
      const recovered = await recoverFirst(prepared.analyzed.plan, services, io, relay);
      if (recovered !== null) return recovered;
      if (relay.signal.aborted) {
        throw new MirrorplanError('INTERRUPTED_BEFORE_START', `interrupted by ${String(relay.signal.reason)} before the run started; nothing was changed`, { hint: 'run it again when ready' });
      }
      const started = startRun(prepared.analyzed, { ...services, ids: randomIds, onStarted: (run) => io.err(`run ${run.id} started (journal in ${run.dir})`) });
      relay.forwardTo(started.interrupt, firstSignalOf(prepared.analyzed.plan));
      report = await started.result;
    } finally {
      relay.stop();
    }
    const runbook = runbookAfter(services.stateDir, report);
    printRunReport(io, report, runbook, values.json === true);
    return exitCodeOf(report);
  },
};
