import { analyzeForRun } from './plan-input.js';
import { buildRunbook } from '../../report/runbook.js';
import { startRun } from '../../run/start-run.js';
import { randomIds } from '../../run/system/ids.js';
import { createTransport } from '../../run/transport/create-transport.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { parseCommandLine, PLAN_INPUT_OPTIONS } from '../parse-command-line.js';
import { exitCodeOf, printRunReport } from '../report-run.js';
import { buildRunServices, forwardSignals, RUN_OPTIONS } from '../run-services.js';

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
    const services = buildRunServices(values, io);
    const started = startRun(prepared.analyzed, { ...services, ids: randomIds, onStarted: (run) => io.err(`run ${run.id} started (journal in ${run.dir})`) });
    const removeSignals = forwardSignals(started.interrupt, io);
    const report = await started.result.finally(removeSignals);
    const plan = prepared.analyzed.plan;
    const runbook = buildRunbook(plan, report.remaining, { params: plan.params, captures: {}, run: { id: report.runId, dir: report.dir } }, (host) => createTransport({ transport: plan.hosts[host]?.transport ?? 'local', address: plan.hosts[host]?.address ?? '' }));
    printRunReport(io, report, runbook, values.json === true);
    return exitCodeOf(report);
  },
};
