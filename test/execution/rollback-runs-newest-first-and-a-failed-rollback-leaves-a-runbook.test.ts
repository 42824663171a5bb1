import { writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { cli, exists, fixture, readSite, runIdOf, runPlan, sitePath, workspace } from './cli-harness.js';

const PLAN = fixture('rollback-order.yaml');

describe.concurrent('rollback', () => {
  test('undoes open obligations newest first, skipping the one a later step resolved (exit 5)', async () => {
    const ws = workspace('order');
    writeFileSync(sitePath(ws, 'fixed'), '');
    const result = await runPlan(ws, PLAN);
    expect(result.code, result.stderr).toBe(5);
    // a was resolved by close-a, so it is not undone; the rest in reverse order of completion.
    expect(readSite(ws, 'undo.log')).toBe('d\nc\nb\nbase\n');
    for (const marker of ['base', 'a', 'b', 'c', 'd']) expect(exists(ws, marker)).toBe(false);
  });

  test('a failing undo stops the rollback: exit 6, what is still in effect, and a runbook with the exact commands', async () => {
    const ws = workspace('failed');
    const result = await runPlan(ws, PLAN);
    expect(result.code, result.stderr).toBe(6);
    expect(readSite(ws, 'undo.log')).toBe('d\nc\n');
    expect(result.stderr).toMatch(/ROLLBACK OF RUN \S+ FAILED: THE SITE IS NOT BACK TO NORMAL/);
    expect(result.stderr).toMatch(/undo 1 of step b on local failed: exit code 1, expected 0: cannot rejoin b/);
    expect(result.stderr).toMatch(/Still in effect \(newest last\): base, b/);
    // The runbook: b's two undo actions, then base's, each as a command a person can paste.
    const runbook = result.stderr.slice(result.stderr.indexOf('Manual runbook'));
    expect(runbook).toContain(`env SITE=${ws.site} TOKEN=******** /bin/sh -c 'test -e "$SITE/fixed"`);
    expect(runbook).toContain("echo 'rejoined b with --key=********'");
    expect(runbook).toMatch(/1\. .*undo of b:[\s\S]*2\. .*undo of b:[\s\S]*3\. .*undo of base:/);
    expect(result.stderr).not.toContain('s3cr3t-TOKEN-value');

    const runId = runIdOf(result);
    const status = JSON.parse((await cli(['status', runId, '--state-dir', ws.state, '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(status[0]).toMatchObject({ state: 'rollback-failed', openObligations: [{ step: 'base', items: [] }, { step: 'b', items: [] }] });

    // Once the cause is fixed, recover finishes the rollback.
    writeFileSync(sitePath(ws, 'fixed'), '');
    const recovered = await cli(['recover', runId, '--state-dir', ws.state]);
    expect(recovered.code, recovered.stderr).toBe(5);
    expect(readSite(ws, 'undo.log')).toBe('d\nc\nb\nbase\n');
    expect(exists(ws, 'base')).toBe(false);
  });
});
