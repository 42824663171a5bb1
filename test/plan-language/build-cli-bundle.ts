/**
 * Test support (not a test): builds the CLI bundle (build/bundle-cli.mjs) once per test
 * file into a private folder inside dist/, so tests run the real program without racing
 * on dist/engine/cli/ and without needing a full build first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
let built: string | null = null;

export function buildCliBundle(): string {
  if (built) return built;
  const base = join(ROOT, 'dist', 'test-bundles');
  mkdirSync(base, { recursive: true });
  // The exit hook below does not run in every worker vitest uses: remove what earlier runs left.
  for (const name of readdirSync(base)) {
    const dir = join(base, name);
    if (Date.now() - statSync(dir).mtimeMs > 3_600_000) rmSync(dir, { recursive: true, force: true });
  }
  const outdir = join(mkdtempSync(join(base, 'cli-')), 'engine', 'cli');
  execFileSync(process.execPath, [join(ROOT, 'build', 'bundle-cli.mjs'), '--outdir', outdir], { stdio: 'pipe' });
  process.on('exit', () => rmSync(dirname(dirname(outdir)), { recursive: true, force: true }));
  built = outdir;
  return outdir;
}
