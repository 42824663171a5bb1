/**
 * Test support (not a test): some tests need our modules inside a separate real
 * process (a lock holder, a journal writer under strace). Node 20 cannot import
 * .ts, so this transpiles the run-infra sources (and the error base) once into
 * a temp dir, keeping relative paths so the `.js` imports resolve.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE_DIRS = ['engine/errors', 'engine/run/transport', 'engine/run/journal', 'engine/run/lock', 'engine/run/system'];
let compiledDir: string | null = null;

function listTs(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.filter((name) => name.endsWith('.ts')).map((name) => join(dir, name));
}

/** Returns the directory that mirrors the repository root with compiled .js files. */
export function compileForChild(): string {
  if (compiledDir !== null) return compiledDir;
  const out = mkdtempSync(join(tmpdir(), 'mp-child-build-'));
  for (const dir of SOURCE_DIRS) {
    for (const file of listTs(join(root, dir))) {
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        fileName: file,
      });
      const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, outputText);
    }
  }
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  compiledDir = out;
  return out;
}
