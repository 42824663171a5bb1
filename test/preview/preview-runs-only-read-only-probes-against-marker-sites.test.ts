import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, FIXTURES, tempDir, treeFingerprint } from './helpers.js';

const PLAN = join(FIXTURES, 'markers.yaml');

/** A marker "site": owner says whether this node runs the plan, copies and stale are what preflight checks. */
function site(kind: 'healthy' | 'blocked' | 'other-node'): string {
  const dir = tempDir(`markers-${kind}`);
  writeFileSync(join(dir, 'owner'), kind === 'other-node' ? 'other\n' : 'here\n');
  writeFileSync(join(dir, 'copies'), kind === 'blocked' ? 'copies: 1\n' : 'copies: 2\n');
  if (kind === 'blocked') writeFileSync(join(dir, 'stale'), '');
  return dir;
}

async function preview(dir: string, ...extra: string[]) {
  const before = treeFingerprint(dir);
  const result = await cli(['preview', PLAN, '-p', `dir=${dir}`, ...extra]);
  // The steps create markers (quiesced, split, backup-*, logged): none may appear.
  expect(treeFingerprint(dir)).toEqual(before);
  return result;
}

describe('preview against marker-file sites', () => {
  it('healthy: every probe ok with its evidence, exit 0, and the steps resolved in order', async () => {
    const dir = site('healthy');
    const r = await preview(dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ok +guard on node: cat \S+\/owner\n.*\n +evidence: here/);
    expect(r.out).toMatch(/ok +copies on node: cat \S+\/copies[\s\S]*?evidence: copies: 2/);
    expect(r.out).toContain('READY');
    const order = [...r.out.matchAll(/^ +\d+\. (\S+) {2}/gm)].map((m) => m[1]);
    expect(order).toEqual(['quiesce', 'split', 'resume', 'wait-copy', 'backup-each', 'keep-backups', 'route', 'confirm', 'join', 'log']);
    expect(r.out).toContain(`on node: touch ${dir}/quiesced`);
    expect(r.out).toMatch(/split {2}task {2}MUTATING, SHELL/);
    expect(r.out).toMatch(/wait-copy {2}wait {2}read-only\n.*\n +polls every 1s until exit 0; gives up after 30s/);
    expect(r.out).toContain('asks the operator');
  });

  it('masks secrets everywhere and says what it cannot know instead of guessing', async () => {
    const r = await preview(site('healthy'));
    expect(r.out).not.toContain('hunter2-secret');
    expect(r.out).toContain('TOKEN=********');
    expect(r.out).toContain("/backup-vol1-${steps.split.copy}'");
    expect(r.out).toMatch(/Preview cannot know[\s\S]*\$\{steps\.split\.copy\}: captured by mutating step split: known only after it ran; used by backup-each\/copy-volume, undo of copy-volume, confirm/);
  });

  it('shows the rollback path after every mutating step, newest first, foreach items expanded', async () => {
    const dir = site('healthy');
    const r = await preview(dir);
    const afterSplit = r.out.split(' 2. split ')[1]?.split(' 3. resume ')[0] ?? '';
    expect(afterSplit).toMatch(/1\. undo split on node: rm -f \S+\/split\n +2\. undo quiesce on node: rm -f \S+\/quiesced/);
    const afterForeach = r.out.split(' 5. backup-each ')[1]?.split(' 6. keep-backups ')[0] ?? '';
    expect(afterForeach).toMatch(/\[vol1\] 1\. copy-volume/);
    expect(afterForeach).toMatch(/1\. undo copy-volume \[vol2\][\s\S]*2\. undo copy-volume \[vol1\][\s\S]*3\. undo split/);
    expect(r.out.split(' 9. join ')[1]).toMatch(/^.*\n.*\n.*\n +nothing: no change is open at this point/);
  });

  it('reports the rollback coverage, including the uncovered step', async () => {
    const r = await preview(site('healthy'), '--offline');
    expect(r.out).toMatch(/quiesce +undo +undo: rm -f \$\{params\.dir\}\/quiesced; on success closed by resume/);
    expect(r.out).toMatch(/log +UNCOVERED \(warning\)/);
  });

  it('blocked: each failing preflight probe is a blocker with evidence and hint; exit 4', async () => {
    const r = await preview(site('blocked'));
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/BLOCKER +copies on node[\s\S]*?failed: standard output does not match \/\^copies: 2\$\/\n +evidence: copies: 1\n +hint: add the second copy first/);
    expect(r.out).toMatch(/BLOCKER +no-stale on node[\s\S]*?failed: exit code 1, expected 0[\s\S]*?hint: fix the condition/);
    expect(r.out).toContain('BLOCKED: 2 preflight blocker(s)');
  });

  it('other node: the guard declines, preflight is not run (as in a run), exit 0', async () => {
    const r = await preview(site('other-node'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/DECLINES guard[\s\S]*?evidence: other\n +hint: this node does not own the data/);
    expect(r.out).toMatch(/not run +copies[\s\S]*?the guard declines on this node/);
    expect(r.out).toContain('DECLINED');
  });

  it('--offline runs nothing, even against a blocked site; exit 0', async () => {
    const r = await preview(site('blocked'), '--offline');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('BLOCKER');
    expect(r.out).toContain('OFFLINE');
  });

  it('--json gives the same facts as data', async () => {
    const r = await preview(site('blocked'), '--json');
    expect(r.code).toBe(4);
    const report = JSON.parse(r.out) as { format: string; outcome: string; blockers: number; preflight: Array<{ id: string; status: string; evidence: string }>; steps: Array<{ id: string; marker: string }>; coverage: Array<{ step: string; status: string }>; params: Record<string, unknown> };
    expect(report).toMatchObject({ format: 'mirrorplan.preview/1', outcome: 'blocked', blockers: 2 });
    expect(report.preflight.map((p) => [p.id, p.status])).toEqual([['copies', 'blocker'], ['no-stale', 'blocker']]);
    expect(report.steps.find((s) => s.id === 'wait-copy')?.marker).toBe('read-only');
    expect(report.params.token).toBe('********');
    expect(report.coverage.find((c) => c.step === 'log')?.status).toBe('uncovered');
  });

  it('a choice decided by known parameters says which branch is taken', async () => {
    const quick = await preview(site('healthy'), '--offline', '-p', 'mode=quick');
    expect(quick.out).toMatch(/if "quick" == "quick" -> join {2}<- taken\n +otherwise -> confirm\n/);
  });

  it('an invalid parameter is exit 3, not a blocker', async () => {
    const r = await cli(['preview', PLAN, '-p', `dir=${site('healthy')}`, '-p', 'mode=slow']);
    expect(r.code).toBe(3);
    expect(r.err).toContain('PARAM_INVALID');
  });
});
