#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { isMirrorplanError } from '../errors/mirrorplan-error.js';
import { processIo, type CliIo } from './cli-io.js';
import { COMMANDS } from './command.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export function readVersion(): string {
  for (const up of ['../../', '../../../']) {
    try { return (JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), 'utf8')) as { version: string }).version; } catch { /* next */ }
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
      return error.code === 'USAGE' ? EXIT.usage : error.code === 'JOURNAL_CORRUPT' ? EXIT.journalCorrupt : error.code.startsWith('LOCK') || error.code === 'RUN_INTERRUPTED_EXISTS' ? EXIT.locked : EXIT.internal;
    }
    io.err(`mirrorplan ${name}: internal error: ${(error as Error).stack ?? String(error)}`);
    return EXIT.internal;
  }
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\/(dist\/)/, '$1'));
if (invokedDirectly || process.argv[1]?.endsWith('/mirrorplan')) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
