/**
 * `mirrorplan graph plan.yaml > plan.mmd` on a full disk: the file is incomplete, so the
 * command must not end 0 as if it held the graph. (A reader that goes away, `| head`, is
 * not a failure: that is how pipes end.)
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { LAUNCHER } from '../execution/cli-harness.js';

const PLAN = resolve(__dirname, '../../plans/aix-split-mirror.yaml');

test.each([['graph', PLAN], ['validate', PLAN, '--json']])('%s with stdout on a full disk (/dev/full): exit 2 and a message saying the output is incomplete', (...args) => {
  const full = openSync('/dev/full', 'w');
  try {
    const result = spawnSync(LAUNCHER, args, { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', env: { ...process.env, MIRRORPLAN_NODE: process.execPath } });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/the output could not be written to standard output \(ENOSPC\); it is incomplete/);
  } finally {
    closeSync(full);
  }
});

test('graph into a pipe whose reader is gone before the output comes (EPIPE): still exit 0, nothing said', () => {
  // `true` exits without reading: the graph is written to a pipe nobody reads, as after `| head` quit.
  const result = spawnSync('bash', ['-c', `set -o pipefail; "${LAUNCHER}" graph "${PLAN}" | true`], { encoding: 'utf8', env: { ...process.env, MIRRORPLAN_NODE: process.execPath } });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stderr).toBe('');
});
