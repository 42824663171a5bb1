import { buildPreview } from '../../report/preview-report.js';
import { formatPreview } from '../../report/preview-format.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { parseCommandLine, PLAN_INPUT_OPTIONS } from '../parse-command-line.js';
import { analyzeForRun } from './plan-input.js';

export const previewCommand: Command = {
  name: 'preview',
  summary: 'show what a run would do and probe for blockers, changing nothing',
  usage: `usage: mirrorplan preview PLAN [--site FILE] [-p NAME=VALUE ...] [--offline] [--json]

Shows, in execution order, every step with its host and resolved command (secrets
masked), marked MUTATING, read-only or SHELL; for each mutating step the rollback that
would run if the run stopped right after it; waits, foreach items, choices and manual
gates; and the rollback coverage of the plan. Values captured by steps during the run
are shown as \${steps.STEP.NAME} with the reason preview cannot know them.

Unless --offline, it runs the guard and the preflight probes (read-only) on their hosts
and reports each as ok or BLOCKER with the evidence and a hint. It never runs a step.

options:
  -s, --site FILE         site file: parameter values and host inventory
  -p, --param NAME=VALUE  set a parameter (repeatable; overrides the site file)
      --offline           do not run the guard and preflight probes
      --json              print the preview as JSON (format mirrorplan.preview/1)

exit codes: 0 a run could start (or the guard declines: a run would change nothing),
2 bad command line, 3 plan or site file invalid, 4 blockers found.`,
  async run(args: string[], io: CliIo) {
    const { values, positionals } = parseCommandLine(args, { ...PLAN_INPUT_OPTIONS, offline: { type: 'boolean' } }, { min: 1, max: 1, names: 'PLAN' });
    const prepared = await analyzeForRun(positionals[0] as string, values, io);
    if ('exit' in prepared) return prepared.exit;
    // Ctrl-C stops the probe in flight (its process group) instead of leaving it running.
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    try {
      const report = await buildPreview(prepared.analyzed, { offline: values.offline === true, signal: controller.signal });
      io.out(values.json ? JSON.stringify(report, null, 2) : formatPreview(report));
      return report.outcome === 'blocked' ? EXIT.blockers : EXIT.ok;
    } finally {
      process.off('SIGINT', stop);
    }
  },
};
