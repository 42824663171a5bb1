/**
 * Quoting for a POSIX shell (sh, ksh, bash, dash; the remote side of ssh).
 * Single quotes preserve every character literally except the single quote
 * itself, which is written as '\'' (close, escaped quote, reopen). Newlines,
 * $, backquotes and backslashes need nothing special inside single quotes.
 */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
// An unquoted NAME=value as the first word of a command is an assignment, not the command.
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function quotePosix(word: string): string {
  // Words made only of safe characters stay readable in runbooks ("lsvg -l datavg").
  return SAFE_WORD.test(word) ? word : singleQuote(word);
}

function singleQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line; the first word is quoted if it would otherwise read as an assignment. */
export function quotePosixArgv(argv: readonly string[]): string {
  return argv.map((word, index) => (index === 0 && ASSIGNMENT.test(word) ? singleQuote(word) : quotePosix(word))).join(' ');
}

export function isValidEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** `env A=1 B='x y'`: the value is quoted, the name (already validated) stays bare. */
export function formatEnvPrefix(env: Record<string, string>): string {
  const pairs = Object.entries(env).map(([name, value]) => `${name}=${quotePosix(value)}`);
  return pairs.length > 0 ? `env ${pairs.join(' ')} ` : '';
}
