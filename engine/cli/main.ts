#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMirrorplanError } from '../errors/mirrorplan-error.js';
import { processIo, reportLostOutput, type CliIo } from './cli-io.js';
import { COMMANDS } from './command.js';
import { EXIT, exitCodeForError, type ExitCode } from './exit-codes.js';

/** Set by the bundler (build/bundle-cli.mjs); absent when running tsc's output. */
declare const MIRRORPLAN_VERSION: string | undefined;

export function readVersion(): string {
  if (typeof MIRRORPLAN_VERSION === 'string') return MIRRORPLAN_VERSION;
  for (let levels = 2; levels <= 4; levels++) {
    try { return (JSON.parse(readFileSync(new URL(`${'../'.repeat(levels)}package.json`, import.meta.url), 'utf8')) as { version: string }).version; } catch { /* next */ }
  }
  return 'unknown';
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return ['usage: mirrorplan <command> [options]', '', 'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '', 'mirrorplan <command> --help shows the options of a command.'].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { io.out(usage()); return EXIT.ok; }
  if (name === '--version') { io.out(readVersion()); return EXIT.ok; }
  const entry = COMMANDS[name];
  if (!entry) { io.err(`mirrorplan: unknown command "${name}"\n\n${usage()}`); return EXIT.usage; }
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) { io.out(command.usage); return EXIT.ok; }
    if (rest.includes('--version')) { io.out(readVersion()); return EXIT.ok; }
    return await command.run(rest, io);
  } catch (error) {
    if (isMirrorplanError(error)) {
      const d = error.details;
      const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}: ` : '';
      io.err(`mirrorplan ${name}: ${where}${error.code}: ${error.message}${d.hint ? `\n    hint: ${d.hint}` : ''}`);
      return exitCodeForError(error.code);
    }
    io.err(`mirrorplan ${name}: internal error: ${(error as Error).stack ?? String(error)}`);
    return EXIT.internal;
  }
}

// Run when this file is the program (also through npm's bin symlink), not when imported.
const program = process.argv[1] ? realpathSafe(process.argv[1]) : '';
if (program === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // After the last write has had its say (a failed one reports asynchronously).
    process.once('beforeExit', () => { process.exitCode = reportLostOutput(code); });
  });
}

function realpathSafe(path: string): string {
  try { return realpathSync(path); } catch { return path; }
}
