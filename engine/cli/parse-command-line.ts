import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MirrorplanError } from '../errors/mirrorplan-error.js';
import { parseOverride, type ParameterOverride } from '../resolve/resolve-parameters.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS: OptionSpec = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  json: { type: 'boolean' },
};

export const PLAN_INPUT_OPTIONS: OptionSpec = {
  site: { type: 'string', short: 's' },
  param: { type: 'string', short: 'p', multiple: true },
};

export interface ParsedCommandLine {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Switches that contradict each other: both given is a usage error, not a silent choice. */
const EXCLUSIVE: ReadonlyArray<readonly [string, string]> = [['verbose', 'quiet']];

/**
 * node:util parseArgs, with its errors turned into a usage error that names the flag; a
 * value flag given twice (--state-dir a --state-dir b) is refused too, as parseArgs would
 * silently keep the last one.
 */
export function parseCommandLine(args: string[], options: OptionSpec, positionals: { min: number; max: number; names: string }): ParsedCommandLine {
  const all = { ...COMMON_OPTIONS, ...options };
  let parsed;
  try {
    parsed = parseArgs({ args, options: all, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new MirrorplanError('USAGE', (error as Error).message.replace(/\. To specify a positional.*$/s, ''), { hint: 'see --help' });
  }
  const given = new Map<string, string[]>();
  for (const token of parsed.tokens) if (token.kind === 'option') given.set(token.name, [...(given.get(token.name) ?? []), token.rawName]);
  for (const [name, spelled] of given) {
    if (spelled.length > 1 && all[name]?.type === 'string' && !all[name]?.multiple) throw new MirrorplanError('USAGE', `--${name} given ${spelled.length} times`, { hint: `give --${name} once` });
  }
  const values = parsed.values as ParsedCommandLine['values'];
  for (const [a, b] of EXCLUSIVE) {
    if (values[a] === true && values[b] === true) throw new MirrorplanError('USAGE', `--${a} and --${b} contradict each other`, { hint: 'give one of them' });
  }
  if (!values.help && !values.version && (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max)) {
    throw new MirrorplanError('USAGE', parsed.positionals.length < positionals.min ? `missing ${positionals.names}` : `unexpected argument "${parsed.positionals[positionals.max]}"`, { hint: 'see --help' });
  }
  return { values, positionals: parsed.positionals };
}

export function stringOption(values: ParsedCommandLine['values'], name: string): string | null {
  const value = values[name];
  return typeof value === 'string' ? value : null;
}

export function listOption(values: ParsedCommandLine['values'], name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : [];
}

/** The -p NAME=VALUE flags, each checked for its form (values are checked against the plan later). */
export function parameterOverrides(values: ParsedCommandLine['values']): ParameterOverride[] {
  const seen = new Map<string, string>();
  return listOption(values, 'param').map((flag) => {
    const override = parseOverride(flag);
    if (!override) throw new MirrorplanError('USAGE', `-p ${flag}: expected NAME=VALUE`, { hint: 'for example -p vg=datavg' });
    // Which one was meant is not for the engine to guess (the last one silently won).
    const earlier = seen.get(override.name);
    if (earlier !== undefined) throw new MirrorplanError('USAGE', `-p ${override.name} given twice (-p ${earlier} and -p ${flag})`, { hint: `give -p ${override.name}=... once` });
    seen.set(override.name, flag);
    return override;
  });
}
