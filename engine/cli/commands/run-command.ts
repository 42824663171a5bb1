import { analyzeForRun } from './plan-input.js';
import { startRun } from '../../run/start-run.js';
import { randomIds } from '../../run/system/ids.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { parseCommandLine, PLAN_INPUT_OPTIONS } from '../parse-command-line.js';
import { exitCodeOf, printRunReport, runbookOf } from '../report-run.js';
import { buildRunServices, forwardSignals, manualStepsUnanswerable, RUN_OPTIONS } from '../run-services.js';
import { EXIT } from '../exit-codes.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'run a plan: guard, preflight, steps, rollback on failure',
  usage: `usage: mirrorplan run PLAN [--site FILE] [-p name=value ...] [--yes] [--state-dir DIR] [--verbose|--quiet] [--json]

Runs the plan with a write-ahead journal under the state directory (--state-dir,
MIRRORPLAN_STATE_DIR, default /var/lib/mirrorplan as root, else ~/.local/state/mirrorplan).
--yes answers manual steps (needed when there is no terminal, e.g. from cron).
Exit codes: 0 succeeded or declined by the guard, 3 invalid plan, 5 failed and rolled back,
6 rollback failed (runbook printed), 7 paused (resumable), 8 lock held or an unfinished run
exists, 9 preflight failed (nothing changed).`,
  async run(args: string[], io: CliIo) {
    const { values, positionals } = parseCommandLine(args, { ...PLAN_INPUT_OPTIONS, ...RUN_OPTIONS }, { min: 1, max: 1, names: 'PLAN' });
    const prepared = analyzeForRun(positionals[0] as string, values, io);
    if ('exit' in prepared) return prepared.exit;
    const unanswerable = manualStepsUnanswerable(prepared.analyzed.plan, values);
    if (unanswerable) { io.err(`mirrorplan run: MANUAL_NEEDS_TTY: ${unanswerable}`); return EXIT.usage; }
    const services = buildRunServices(values, io);
    const started = startRun(prepared.analyzed, { ...services, ids: randomIds, onStarted: (run) => io.err(`run ${run.id} started (journal in ${run.dir})`) });
    const removeSignals = forwardSignals(started.interrupt, io);
    const report = await started.result.finally(removeSignals);
    const runbook = report.status === 'paused' || report.status === 'rollback-failed' ? runbookOf(services.stateDir, report.runId) : [];
    printRunReport(io, report, runbook, values.json === true);
    return exitCodeOf(report);
  },
};
