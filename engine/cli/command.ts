import type { CliIo } from './cli-io.js';
import type { ExitCode } from './exit-codes.js';

/** A CLI command: a thin layer that parses flags, calls the library and prints. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<ExitCode>;
}

/** Commands load lazily so `validate` never pays for xstate or the runner. */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: { summary: 'check a plan (and a site file) without running anything', load: async () => (await import('./commands/validate-command.js')).validateCommand },
  resume: { summary: 'continue an interrupted run forward', load: async () => (await import('./commands/continue-commands.js')).resumeCommand },
  recover: { summary: 'roll an interrupted run back, or --print the manual runbook', load: async () => (await import('./commands/continue-commands.js')).recoverCommand },
  status: { summary: 'show a run: state, step in flight, open obligations', load: async () => (await import('./commands/status-commands.js')).statusCommand },
  runs: { summary: 'list runs with their state and age', load: async () => (await import('./commands/status-commands.js')).runsCommand },
  preview: { summary: 'show what a run would do and probe for blockers, changing nothing', load: async () => (await import('./commands/preview-command.js')).previewCommand },
  graph: { summary: 'draw the compiled plan (forward path and rollback states) as Mermaid or DOT', load: async () => (await import('./commands/graph-command.js')).graphCommand },
  init: { summary: 'write a commented site file for a plan', load: async () => (await import('./commands/init-command.js')).initCommand },
  run: { summary: 'run a plan: guard, preflight, steps, rollback on failure', load: async () => (await import('./commands/run-command.js')).runCommand },
};
