import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { alive, exists, fixture, journal, readSite, runIdOf, runPlan, sitePath, workspace } from './cli-harness.js';

const PLAN = fixture('timeouts-retries.yaml');

describe.concurrent('timeouts and retries', () => {
  test('a 300 ms timeout kills the command and its grandchild (sleep 1000), then rolls back', async () => {
    const ws = workspace('timeout');
    const started = Date.now();
    const result = await runPlan(ws, PLAN, ['-p', 'mode=hang']);
    expect(result.code, result.stderr).toBe(5);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.stderr).toMatch(/step hang on local: timed out after \d+ ms \(timeout 300 ms; process group killed\)/);
    const grandchild = Number(readFileSync(sitePath(ws, 'grandchild.pid'), 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    expect(alive(grandchild)).toBe(false);
    expect(exists(ws, 'quiesced')).toBe(false);
  });

  test('a timed-out step whose check finds its effect gets its obligation opened and undone', async () => {
    const ws = workspace('doubt-yes');
    const result = await runPlan(ws, PLAN, ['-p', 'mode=split']);
    expect(result.code, result.stderr).toBe(5);
    expect(exists(ws, 'split')).toBe(false);
    expect(readSite(ws, 'split-undo')).toBe('undone\n');
    const records = journal(ws, runIdOf(result));
    expect(records.find((r) => r.type === 'step-end' && r.step === 'split')?.extra).toEqual({ effect: true });
    expect(records.filter((r) => r.type === 'undo-start').map((r) => r.step)).toEqual(['split', 'quiesce']);
  });

  test('a timed-out step whose check finds no effect is not undone', async () => {
    const ws = workspace('doubt-no');
    const result = await runPlan(ws, PLAN, ['-p', 'mode=split-nothing']);
    expect(result.code, result.stderr).toBe(5);
    expect(exists(ws, 'split-undo')).toBe(false);
    const records = journal(ws, runIdOf(result));
    expect(records.filter((r) => r.type === 'undo-start').map((r) => r.step)).toEqual(['quiesce']);
  });

  test('retries: 4 attempts with backoff 50 ms doubling up to 80 ms, then rollback', async () => {
    const ws = workspace('retry');
    const result = await runPlan(ws, PLAN, ['-p', 'mode=flaky']);
    expect(result.code, result.stderr).toBe(5);
    const times = readSite(ws, 'attempts').trim().split('\n').map((ns) => Number(BigInt(ns) / 1_000_000n));
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(gaps[0]).toBeGreaterThanOrEqual(50);
    expect(gaps[1]).toBeGreaterThanOrEqual(80);
    expect(gaps[2]).toBeGreaterThanOrEqual(80);
    const starts = journal(ws, runIdOf(result)).filter((r) => r.type === 'step-start' && r.step === 'flaky');
    expect(starts.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
  });

  test('a step that succeeds on its 2nd attempt lets the run succeed', async () => {
    const ws = workspace('retry-ok');
    const result = await runPlan(ws, PLAN, ['-p', 'mode=flaky-2']);
    expect(result.code, result.stderr).toBe(0);
    expect(readSite(ws, 'attempts').trim().split('\n')).toHaveLength(2);
  });
});
