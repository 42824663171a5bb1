/**
 * The plan cache holds the commands `run` executes (as root): an entry someone else could
 * have written is as good as their command. A tampered entry in a cache directory that is
 * not private (or an entry that is not) is ignored: the plan is parsed again from its YAML.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { exists, runPlan, workspace, writePlan } from '../execution/cli-harness.js';

const PLAN = ['mirrorplan: 1', 'name: cached', 'parameters:', '  site: {type: string}', 'steps:',
  '  - id: touch', '    kind: task', '    command: [touch, "${params.site}/planned"]', '    read_only: true'].join('\n');

/** Rewrites the cached command of the plan's only step to touch `injected` instead. */
function tamper(cache: string): void {
  for (const name of readdirSync(cache).filter((n) => n.endsWith('.json'))) {
    const file = join(cache, name);
    writeFileSync(file, readFileSync(file, 'utf8').replace('/planned', '/injected'));
  }
}

test.each([
  ['the cache directory is writable by anyone', (cache: string) => chmodSync(cache, 0o777)],
  ['the entry is writable by its group', (cache: string) => { for (const n of readdirSync(cache)) chmodSync(join(cache, n), 0o660); }],
])('%s: a tampered entry is ignored and the plan runs as its YAML says', async (_what, expose) => {
  const ws = workspace('cache-trust');
  const cache = join(mkdtempSync(join(tmpdir(), 'mp-cache-')), 'plans');
  const env = { MIRRORPLAN_CACHE_DIR: cache };
  const plan = writePlan(ws, 'cached.yaml', PLAN);
  expect((await runPlan(ws, plan, [], { env })).code).toBe(0);
  expect(readdirSync(cache).some((n) => n.endsWith('.json')), 'the first run filled the cache').toBe(true);

  // Tampered while private: trusted (proves the cache is read, so the next case has teeth).
  tamper(cache);
  expect((await runPlan(ws, plan, [], { env })).code).toBe(0);
  expect(exists(ws, 'injected')).toBe(true);

  expose(cache);
  for (const name of ['injected', 'planned']) rmSync(join(ws.site, name), { force: true });
  expect((await runPlan(ws, plan, [], { env })).code).toBe(0);
  expect(exists(ws, 'injected')).toBe(false);
  expect(exists(ws, 'planned')).toBe(true);
}, 30_000);
