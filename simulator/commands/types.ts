import type { SiteState } from '../state/types.js';

export interface Ctx {
  state: SiteState;
  host: string;
  env: Record<string, string | undefined>;
  now: number;
  /** Name the command was invoked as. */
  name: string;
}

/** A later step of the same command, run under a fresh lock after ms elapsed. */
export interface Wait {
  ms: number;
  then: (ctx: Ctx) => CmdResult;
}

export interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
  wait?: Wait;
  /** Set when the handler changed nothing worth saving besides the call count. */
  readOnly?: boolean;
}

export type Handler = (args: string[], ctx: Ctx) => CmdResult;

export function ok(stdout = ''): CmdResult {
  return { code: 0, stdout, stderr: '' };
}

export function fail(code: number, stderr: string, stdout = ''): CmdResult {
  return { code, stdout, stderr: stderr.endsWith('\n') || stderr === '' ? stderr : `${stderr}\n` };
}

export function lines(rows: string[]): string {
  return rows.length === 0 ? '' : `${rows.join('\n')}\n`;
}

export function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}
