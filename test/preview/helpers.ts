import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../engine/cli/main.js';

export const ROOT = resolve(__dirname, '../..');
export const FIXTURES = join(ROOT, 'test/fixtures/preview');
export const SIM_MAIN = join(ROOT, 'dist/simulator/main.js');

export interface CliResult { code: number; out: string; err: string }

/** The CLI in this process, with stdout and stderr captured (the command code is the real one). */
export async function cli(args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mirrorplan-${prefix}-`));
}

/** Every file under dir with its mode and content hash: equal before and after means nothing was changed. */
export function treeFingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const st = statSync(path);
      if (st.isDirectory()) { out[`${path}/`] = st.mode.toString(8); walk(path); }
      else out[path] = `${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    }
  };
  walk(dir);
  return out;
}

export function execNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return new Promise((res) => {
    execFile(process.execPath, args, { env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      res({ code, out: stdout, err: stderr });
    });
  });
}
