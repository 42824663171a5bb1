import { MirrorplanError } from '../errors/mirrorplan-error.js';
import { createProgressObserver } from '../report/progress-observer.js';
import type { ResolvedPlan } from '../resolve/resolved-plan.js';
import type { RunServices } from '../run/execute-run.js';
import type { Operator } from '../run/execute/run-environment.js';
import { realClock } from '../run/system/clock.js';
import { defaultProcessStarter } from '../run/transport/local-transport.js';
import { resolveDefaultStateDir } from '../run/system/state-dir.js';
import type { CliIo } from './cli-io.js';
import type { OptionSpec, ParsedCommandLine } from './parse-command-line.js';

export const RUN_OPTIONS: OptionSpec = {
  'state-dir': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
};

function createOperator(yes: boolean, io: CliIo): Operator {
  return {
    async confirm(prompt, signal) {
      if (yes) { io.err(`manual step confirmed by --yes: ${prompt}`); return true; }
      if (!process.stdin.isTTY) {
        throw new MirrorplanError('MANUAL_NEEDS_TTY', `a manual step asks "${prompt}" but there is no terminal to answer it`, { hint: 'run from a terminal, or pass --yes for unattended runs (cron)' });
      }
      // Loaded here, not at the top: `status` and `runs` import this module and never prompt.
      const { createInterface } = await import('node:readline');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await new Promise<string>((resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('interrupted')), { once: true });
          rl.question(`${prompt} [y/N] `, resolve);
        });
        return /^y(es)?$/i.test(answer.trim());
      } finally { rl.close(); }
    },
  };
}

export function stateDirOf(values: ParsedCommandLine['values']): string {
  return typeof values['state-dir'] === 'string' ? values['state-dir'] : resolveDefaultStateDir();
}

/**
 * A manual step without a terminal and without --yes could only fail half-way through the
 * run (after changes): refuse before anything runs instead. Returns the message, or null.
 */
export function manualStepsUnanswerable(plan: ResolvedPlan, values: ParsedCommandLine['values']): string | null {
  const manual = plan.steps.filter((s) => s.kind === 'manual').map((s) => s.id);
  if (manual.length === 0 || values.yes === true || process.stdin.isTTY) return null;
  return `plan "${plan.name}" has manual step(s) ${manual.join(', ')} and there is no terminal to confirm them; nothing was run\n    hint: pass --yes to confirm them unattended (cron), or run from a terminal`;
}

/** The real world: real clock, local/ssh transports, fsynced journal, progress on stderr. */
export function buildRunServices(values: ParsedCommandLine['values'], io: CliIo): RunServices {
  // A bad MIRRORPLAN_SPAWN is refused here, before a run directory exists, not at the first command.
  defaultProcessStarter();
  const verbose = values.verbose === true || (io.isTTY && values.quiet !== true);
  return {
    stateDir: stateDirOf(values),
    clock: realClock,
    observer: createProgressObserver({ write: (line) => io.err(line), verbose, color: io.isTTY }),
    operator: createOperator(values.yes === true, io),
    journalSync: process.env.MIRRORPLAN_UNSAFE_NO_FSYNC !== '1',
  };
}

