/**
 * A command that starts a daemon without redirecting its output (an application start
 * script, say) exits, but the daemon holds the step's stdout open, so the output never ends
 * and the step runs into its timeout. The operator must be told that, not just "timed out":
 * the command exited, and what to change in the plan.
 */
import { readFileSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { runPlan, sitePath, workspace, writePlan, type Workspace } from './cli-harness.js';

let daemon: number | null = null;
afterEach(() => { if (daemon !== null) try { process.kill(daemon, 'SIGKILL'); } catch { /* gone */ } });

function plan(ws: Workspace): string {
  return writePlan(ws, 'daemon.yaml', [
    'mirrorplan: 1', 'name: daemon', 'parameters:', '  site: {type: string}', 'defaults: {kill_grace: 50ms}', 'steps:',
    '  - id: start-app', '    kind: task', '    timeout: 500ms',
    // setsid: the daemon leaves the step's process group, as real ones do, and outlives the kill.
    '    shell: \'setsid sleep 30 & echo $! > "$SITE/daemon.pid"; echo started\'',
    '    env: {SITE: "${params.site}"}', '    read_only: true',
  ].join('\n'));
}

test('exit 0, but a daemon it started keeps stdout open: the timeout says the command exited and that the daemon held its output', async () => {
  const ws = workspace('daemon-output');
  const result = await runPlan(ws, plan(ws));
  daemon = Number(readFileSync(sitePath(ws, 'daemon.pid'), 'utf8'));
  expect(result.code, result.stderr).toBe(5);
  expect(result.stderr).toMatch(/timed out after \d+ ms \(timeout 500 ms\): it exited \(code 0\), but a process it started \(a daemon\?\) kept its stdout or stderr open/);
  expect(result.stderr).toMatch(/>\/dev\/null 2>&1 <\/dev\/null/);
}, 30_000);
