import { statSync } from 'node:fs';
import { MirrorplanError } from '../errors/mirrorplan-error.js';
import { createProgressObserver } from '../report/progress-observer.js';
import type { ResolvedPlan } from '../resolve/resolved-plan.js';
import type { RunServices } from '../run/execute-run.js';
import type { Operator } from '../run/execute/run-environment.js';
import { realClock } from '../run/system/clock.js';
import { defaultProcessStarter } from '../run/transport/local-transport.js';
import { resolveDefaultStateDir, STATE_DIR_ENV } from '../run/system/state-dir.js';
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
  const given = values['state-dir'];
  if (given === '') throw new MirrorplanError('USAGE', '--state-dir was given an empty value', { hint: 'give the state directory, e.g. --state-dir /var/lib/mirrorplan (an empty one would mean the current directory)' });
  return typeof given === 'string' ? given : resolveDefaultStateDir();
}

/**
 * The state directory a reading command (status, runs) looks in. One that was named (flag or
 * MIRRORPLAN_STATE_DIR) and does not exist, or is not a directory, is an error: after a crash
 * at 2 a.m. a mistyped path must not answer "no runs".
 */
export function existingStateDirOf(values: ParsedCommandLine['values']): string {
  const dir = stateDirOf(values);
  const named = typeof values['state-dir'] === 'string' || Boolean(process.env[STATE_DIR_ENV]);
  let directory: boolean | null = null;
  try { directory = statSync(dir).isDirectory(); } catch { /* missing */ }
  if (directory === false || (directory === null && named)) {
    const where = typeof values['state-dir'] === 'string' ? '--state-dir' : STATE_DIR_ENV;
    throw new MirrorplanError('STATE_DIR_UNUSABLE', `${where} ${dir} ${directory === false ? 'is not a directory' : 'does not exist'}`, {
      file: dir, hint: 'give the state directory the runs were made in (mirrorplan run prints it: "journal in DIR/runs/...")',
    });
  }
  return dir;
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
    observer: createProgressObserver({ write: (line) => io.err(line), verbose, color: io.isTTY && !process.env.NO_COLOR }),
    operator: createOperator(values.yes === true, io),
    journalSync: process.env.MIRRORPLAN_UNSAFE_NO_FSYNC !== '1',
  };
}

