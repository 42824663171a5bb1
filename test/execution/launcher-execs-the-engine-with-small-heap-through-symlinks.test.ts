/**
 * bin/mirrorplan is what users run (package.json "bin"): a POSIX sh launcher that finds the
 * package through npm's symlinks and execs node on the engine with V8 options that keep the
 * engine small. Proven from inside a real run: a step lists its ancestors' command lines (its
 * parent is the spawner, or the engine itself with MIRRORPLAN_SPAWN=direct), and the engine
 * among them must be the very process the test started (exec, not a child).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCHER, startCli, workspace, writePlan } from './cli-harness.js';

function linkChain(root: string): string {
  // node_modules/.bin/mirrorplan -> ../pkg/bin/mirrorplan (relative), pkg/bin/mirrorplan -> LAUNCHER (absolute)
  mkdirSync(join(root, 'node_modules/.bin'), { recursive: true });
  mkdirSync(join(root, 'node_modules/pkg/bin'), { recursive: true });
  symlinkSync(LAUNCHER, join(root, 'node_modules/pkg/bin/mirrorplan'));
  symlinkSync('../pkg/bin/mirrorplan', join(root, 'node_modules/.bin/mirrorplan'));
  return join(root, 'node_modules/.bin/mirrorplan');
}

describe('bin/mirrorplan', () => {
  it('execs node on the engine with the heap options, in place, through a chain of symlinks', async () => {
    const ws = workspace('launcher');
    const link = linkChain(ws.root);
    const out = join(ws.root, 'ancestors');
    const plan = writePlan(ws, 'who-runs-me.yaml', [
      'mirrorplan: 1', 'name: who-runs-me', 'steps:',
      '  - id: read-ancestors', '    kind: task', '    read_only: true',
      `    command: [/bin/sh, -c, 'p=$PPID; for i in 1 2 3; do echo "$p $(tr "\\000" " " < /proc/$p/cmdline)"; p=$(sed -n "s/^PPid:[[:space:]]*//p" /proc/$p/status); done > ${out}']`,
    ].join('\n'));
    const started = startCli(['--version']);
    expect((await started.done).code).toBe(0);

    const child = spawn(link, ['run', plan, '--state-dir', ws.state, '-q'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MIRRORPLAN_NODE: process.execPath } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(code, stderr).toBe(0);

    const ancestors = readFileSync(out, 'utf8').split('\n');
    const cmdline = ancestors.find((line) => line.startsWith(`${child.pid} `));
    expect(cmdline, ancestors.join('\n')).toBeDefined();
    expect(cmdline).toContain(`${process.execPath} --max-semi-space-size=4 `);
    expect(cmdline).toMatch(/bin\/\.\.\/dist\/engine\/cli\/main\.js run /);
    expect(cmdline).toContain(plan);
  });

  it('passes arguments through untouched, spaces and quotes included', async () => {
    const ws = workspace('launcher-args');
    const link = linkChain(ws.root);
    const result = spawnSync(link, ['validate', join(ws.root, "no such 'plan'.yaml")], { encoding: 'utf8', env: { ...process.env, MIRRORPLAN_NODE: process.execPath } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("no such 'plan'.yaml");
  });

  it('says which node it could not start instead of failing silently', async () => {
    const result = spawnSync(LAUNCHER, ['--version'], { encoding: 'utf8', env: { ...process.env, MIRRORPLAN_NODE: '/nonexistent/node' } });
    expect(result.status).toBe(127);
    expect(result.stderr).toContain('/nonexistent/node');
  });
});
