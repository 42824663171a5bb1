/**
 * A run that has ended leaves summary.json next to its journal, so status and runs need not
 * replay every record. The summary is used only while the journal is exactly the one it
 * describes (same size, same last record); otherwise the journal is replayed as before.
 */
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, fixture, journalText, runIds, runPlan, workspace, type Workspace } from './cli-harness.js';

const PLAN = fixture('site-backup.yaml');
const summaryFile = (ws: Workspace, runId: string) => join(ws.state, 'runs', runId, 'summary.json');
// Ages ("3s ago") tick between two calls; everything else must be identical.
const withoutAges = (text: string) => text.replace(/\d+[smhd] ago/g, 'N ago');

async function shown(ws: Workspace, runId: string) {
  const text = await cli(['status', runId, '--state-dir', ws.state]);
  const json = await cli(['status', runId, '--state-dir', ws.state, '--json']);
  const runs = await cli(['runs', '--state-dir', ws.state, '--json']);
  expect(text.code, text.stderr).toBe(0);
  return { text: withoutAges(text.stdout), json: JSON.parse(json.stdout) as Array<Record<string, unknown>>, runs: JSON.parse(runs.stdout) as unknown[] };
}

describe('run summaries', () => {
  test('an ended run stores one, and status and runs say exactly what a full replay says', async () => {
    const ws = workspace('summary');
    expect((await runPlan(ws, PLAN)).code).toBe(0);
    const runId = runIds(ws)[0] as string;
    expect(existsSync(summaryFile(ws, runId))).toBe(true);
    const stored = JSON.parse(readFileSync(summaryFile(ws, runId), 'utf8')) as { journalBytes: number; summary: { state: string; records: number } };
    expect(stored.journalBytes).toBe(Buffer.byteLength(journalText(ws, runId)));
    expect(stored.summary).toMatchObject({ state: 'succeeded', records: journalText(ws, runId).split('\n').filter(Boolean).length });

    const fromSummary = await shown(ws, runId);
    rmSync(summaryFile(ws, runId));
    const fromReplay = await shown(ws, runId);
    expect(fromSummary).toEqual(fromReplay);
    expect(fromReplay.json[0]).toMatchObject({ runId, state: 'succeeded', inFlight: [], openObligations: [] });
  });

  test('a journal that changed after the summary was written is replayed, not summarized', async () => {
    const ws = workspace('summary-stale');
    expect((await runPlan(ws, PLAN)).code).toBe(0);
    const runId = runIds(ws)[0] as string;
    const file = summaryFile(ws, runId);
    // A summary that would lie if it were used: status must never show this state.
    const lie = (mutate: (s: Record<string, unknown>) => void) => {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { summary: Record<string, unknown> };
      stored.summary.state = 'rollback-failed';
      mutate(stored);
      writeFileSync(file, JSON.stringify(stored));
    };

    lie(() => undefined);
    expect((await shown(ws, runId)).json[0]?.state).toBe('rollback-failed'); // the same journal: the summary is trusted

    lie((s) => { s.lastRecord = '0000000000000000'; });
    expect((await shown(ws, runId)).json[0]?.state).toBe('succeeded');

    lie((s) => { s.lastRecordBytes = (s.lastRecordBytes as number) + 1; });
    expect((await shown(ws, runId)).json[0]?.state).toBe('succeeded');

    lie(() => undefined);
    appendFileSync(join(ws.state, 'runs', runId, 'journal.jsonl'), '0123456789abcdef {"seq":99,"at":"2026-01-01T00:00:00.000Z","type":"step-st');
    const replayed = await shown(ws, runId);
    expect(replayed.json[0]).toMatchObject({ state: 'succeeded', tornTail: true });
    expect(replayed.text).toMatch(/end of the journal was torn/);

    writeFileSync(file, '{"format":1,');
    expect((await shown(ws, runId)).json[0]?.state).toBe('succeeded');
  });

  test('a run killed before its end has no summary; status replays it as interrupted', async () => {
    const ws = workspace('summary-crash');
    const crash = await runPlan(ws, PLAN, [], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '12' } });
    expect(crash.signal).toBe('SIGKILL');
    const runId = runIds(ws)[0] as string;
    expect(existsSync(summaryFile(ws, runId))).toBe(false);
    expect((await shown(ws, runId)).json[0]).toMatchObject({ state: 'interrupted', records: 12 });
  });
});
