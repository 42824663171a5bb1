import { writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { exists, fixture, journal, runIdOf, runPlan, runIds, sitePath, siteFiles, workspace } from './cli-harness.js';

const PLAN = fixture('gates.yaml');
const healthy = (site: string) => { writeFileSync(`${site}/online`, ''); writeFileSync(`${site}/copies`, '2\n'); };

describe.concurrent('guard, preflight and manual steps', () => {
  test('a declining guard ends the run at once with exit 0 (cron: success), says why, and runs nothing', async () => {
    const ws = workspace('guard');
    const result = await runPlan(ws, PLAN, ['--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/declined by the guard, nothing changed: declined: the resource group is not online on this node/);
    const records = journal(ws, runIdOf(result));
    expect(records.some((r) => r.type === 'step-start' || r.type === 'preflight')).toBe(false);
    expect(records.at(-1)).toMatchObject({ type: 'run-end', status: 'declined' });
    expect(siteFiles(ws)).toEqual([]);
  });

  test('failing preflight checks end the run with exit 9 before any change, each failure explained with its hint', async () => {
    const ws = workspace('preflight');
    writeFileSync(sitePath(ws, 'online'), '');
    writeFileSync(sitePath(ws, 'stale'), '');
    const result = await runPlan(ws, PLAN, ['--yes']);
    expect(result.code, result.stderr).toBe(9);
    expect(result.stderr).toMatch(/NOT STARTED, nothing changed/);
    expect(result.stderr).toMatch(/preflight copies on local failed: exit code 1, expected 0: copies: 1 \(hint: add a mirror copy \(mklvcopy\) first\)/);
    expect(result.stderr).toMatch(/preflight no-stale on local failed: exit code 1, expected 0 \(hint: run syncvg first\)/);
    expect(journal(ws, runIdOf(result)).some((r) => r.type === 'step-start')).toBe(false);
    expect(exists(ws, 'split')).toBe(false);
  });

  test('a manual step with no terminal and no --yes is refused before anything runs (exit 2), not a hang', async () => {
    const ws = workspace('manual-no-tty');
    healthy(ws.site);
    const result = await runPlan(ws, PLAN);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/manual step\(s\) confirm and there is no terminal.*nothing was run/s);
    expect(result.stderr).toMatch(/--yes/);
    expect(runIds(ws)).toEqual([]);
    expect(exists(ws, 'split')).toBe(false);
  });

  test('--yes confirms a manual step and the run succeeds', async () => {
    const ws = workspace('manual-yes');
    healthy(ws.site);
    const result = await runPlan(ws, PLAN, ['--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/manual step confirmed by --yes: Mount the tape for .* and confirm/);
    expect(exists(ws, 'split')).toBe(false);
  });
});
