/**
 * Start-up cost is paid at every command (validate in editors, status in scripts, run from
 * cron), and each file a command loads costs a resolution, a read and a compile. The bundler
 * (build/bundle-cli.mjs) gives every lazily imported module a bundle of its own; this proves
 * that a command loads exactly main.js and its bundle, plus the YAML front end only when
 * the plan cache misses, by logging every module Node loads through a load hook.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle, ROOT } from './build-cli-bundle.js';

let cliDir = '';
const scratch = mkdtempSync(join(tmpdir(), 'mp-loads-'));
mkdirSync(join(scratch, 'state'), { mode: 0o700 });
beforeAll(() => { cliDir = buildCliBundle(); }, 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Registered with --import before the CLI starts: appends the file of every module loaded.
const HOOKS = `export async function load(url, context, next) {
  if (url.startsWith('file:')) (await import('node:fs')).appendFileSync(process.env.LOADS_FILE, url + '\\n');
  return next(url, context);
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** The project files (relative to the bundle's folder) that one run of the CLI loaded. */
function filesLoadedBy(args: string[], cacheDir: string): string[] {
  const loadsFile = join(scratch, `loads-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(loadsFile, '');
  const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, join(cliDir, 'main.js'), ...args], {
    encoding: 'utf8', cwd: ROOT, env: { ...process.env, LOADS_FILE: loadsFile, MIRRORPLAN_CACHE_DIR: cacheDir, MIRRORPLAN_STATE_DIR: join(scratch, 'state') },
  });
  expect(result.status, result.stderr).toBe(0);
  const prefix = pathToFileURL(cliDir).href;
  const urls = readFileSync(loadsFile, 'utf8').split('\n').filter(Boolean);
  // Every project file the run loaded must be in the bundle's folder: none from tsc's output.
  const outside = urls.filter((u) => u.startsWith(pathToFileURL(ROOT).href) && !u.startsWith(prefix));
  expect(outside).toEqual([]);
  return urls.filter((u) => u.startsWith(prefix)).map((u) => relative(cliDir, new URL(u).pathname)).sort();
}

describe('each command loads main.js and its own bundle', () => {
  const plan = join(ROOT, 'test', 'fixtures', 'plans', 'valid', 'minimal.yaml');

  it('validate: main.js and bundle-validate-command.js; the YAML front end only on a plan-cache miss', () => {
    const cache = mkdtempSync(join(scratch, 'cache-'));
    expect(filesLoadedBy(['validate', plan], cache)).toEqual(['bundle-prepare-plan.js', 'bundle-validate-command.js', 'main.js']);
    expect(filesLoadedBy(['validate', plan], cache)).toEqual(['bundle-validate-command.js', 'main.js']);
  });

  it('runs, graph and run: main.js and their own bundle', () => {
    const cache = mkdtempSync(join(scratch, 'cache-'));
    filesLoadedBy(['validate', plan], cache);
    expect(filesLoadedBy(['runs'], cache)).toEqual(['bundle-status-commands.js', 'main.js']);
    expect(filesLoadedBy(['graph', plan], cache)).toEqual(['bundle-graph-command.js', 'main.js']);
    expect(filesLoadedBy(['run', plan, '--yes', '-q'], cache)).toEqual(['bundle-run-command.js', 'main.js']);
  });
});
