import { writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { cli, exists, fixture, runIds, sitePath, startCli, workspace } from './cli-harness.js';

test('`run | head -1`: the reader goes away at the first line, and the run still finishes (no EPIPE crash, site back to normal)', async () => {
  const ws = workspace('closed-pipe');
  const run = startCli(['run', fixture('spawner-dies.yaml'), '--state-dir', ws.state, '-p', `site=${ws.site}`, '-v']);
  // Like head: read the first chunk of each stream, then close both ends; only then does the
  // first step end (it waits for \`release\`), so all that follows is written to closed pipes.
  run.child.stderr?.once('data', () => {
    run.child.stderr?.destroy();
    run.child.stdout?.destroy();
    writeFileSync(sitePath(ws, 'release'), '');
  });
  const result = await run.done;
  expect(result.signal).toBeNull();
  expect(result.code).toBe(0);
  const status = await cli(['status', runIds(ws)[0] as string, '--state-dir', ws.state]);
  expect(status.stdout).toMatch(/SUCCEEDED/);
  expect(exists(ws, 'log')).toBe(true);
}, 30_000);
