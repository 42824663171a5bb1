import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { exists, fixture, journal, readSite, runIdOf, runPlan, siteFiles, workspace, type Workspace } from './cli-harness.js';

const ms = (ws: Workspace, file: string) => Number(BigInt(readSite(ws, file).trim()) / 1_000_000n);

describe.concurrent('wait steps', () => {
  test('a wait polls until its condition holds, then the run goes on', async () => {
    const ws = workspace('wait-ok');
    const result = await runPlan(ws, fixture('wait-deadline.yaml'), ['-p', 'ready_after=3']);
    expect(result.code, result.stderr).toBe(0);
    expect(readSite(ws, 'polls').trim().split('\n')).toHaveLength(3);
  });

  test('a wait whose deadline passes fails and triggers the rollback', async () => {
    const ws = workspace('wait-deadline');
    const result = await runPlan(ws, fixture('wait-deadline.yaml'));
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toMatch(/deadline of 2000 ms passed after \d+ probe\(s\)/);
    const polls = readSite(ws, 'polls').trim().split('\n').length;
    expect(polls).toBeGreaterThan(1);
    expect(exists(ws, 'split')).toBe(false);
  });
});

describe.concurrent('foreach', () => {
  test('runs every item with at most `concurrency` at once (start/end timestamps overlap 2 at a time)', async () => {
    const ws = workspace('foreach-par');
    const result = await runPlan(ws, fixture('foreach.yaml'));
    expect(result.code, result.stderr).toBe(0);
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    const spans = items.map((i) => [ms(ws, `start-${i}`), ms(ws, `end-${i}`)] as const);
    const overlapAt = (t: number) => spans.filter(([s, e]) => s <= t && t < e).length;
    const maxParallel = Math.max(...spans.map(([s]) => overlapAt(s)));
    expect(maxParallel).toBe(2);
  });

  test('a failing item stops the others (a hanging one is killed, later ones never start) and every completed item is undone', async () => {
    const ws = workspace('foreach-fail');
    const started = Date.now();
    const result = await runPlan(ws, fixture('foreach.yaml'), ['-p', 'items=["ok1","ok2","slow","bad","never"]']);
    expect(result.code, result.stderr).toBe(5);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.stderr).toMatch(/step split-lv \[bad\] on local: exit code 1/);
    expect(exists(ws, 'start-never')).toBe(false);
    // ok1 and ok2 were done and are undone newest first; slow's check found no effect; then quiesce.
    expect(readSite(ws, 'undo.log')).toBe('split-lv ok2\nsplit-lv ok1\nquiesce\n');
    expect(siteFiles(ws).filter((f) => f.startsWith('done-') || f === 'quiesced')).toEqual([]);
    const records = journal(ws, runIdOf(result));
    expect(records.find((r) => r.type === 'step-end' && r.item === 'slow')?.extra).toMatchObject({ interrupted: true, effect: false });
  });

  test('items can come from an `all: true` capture', async () => {
    // Covered by the site-backup fixture: list captures every "lv: NAME" line and split runs per item.
    const ws = workspace('foreach-capture');
    const result = await runPlan(ws, fixture('site-backup.yaml'));
    expect(result.code, result.stderr).toBe(0);
    const items = journal(ws, runIdOf(result)).filter((r) => r.type === 'step-end' && r.step === 'split-lv').map((r) => r.item);
    expect(items).toEqual(['alpha', 'beta']);
    expect(readSite(ws, 'backup')).toMatch(/split-alpha split-beta/);
    expect(readdirSync(ws.site)).toEqual(['backup']);
  });
});
