#!/usr/bin/env node
import { basename } from 'node:path';
import { REGISTRY } from './registry.js';

// Multi-call entry point. Invoked as a command name (wrapper or link in a
// site's bin dir: argv[1] basename, or `main.js <command> args`) it runs that
// simulated command; otherwise it is the `mirrorplan-sim` admin tool.

// A reader that goes away early (`lsvg | grep -q datavg`) ends us as SIGPIPE
// would end the real command; state was saved before any output was written.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(141);
    throw e;
  });
}

async function main(): Promise<number> {
  const self = basename(process.argv[1] ?? '').replace(/\.js$/, '');
  if (REGISTRY[self]) {
    const { runCommand } = await import('./run-command.js');
    return runCommand(self, process.argv.slice(2));
  }
  const first = process.argv[2] ?? '';
  if (REGISTRY[first]) {
    const { runCommand } = await import('./run-command.js');
    return runCommand(first, process.argv.slice(3));
  }
  const { admin } = await import('./admin.js');
  return admin(process.argv.slice(2));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`mirrorplan-sim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
