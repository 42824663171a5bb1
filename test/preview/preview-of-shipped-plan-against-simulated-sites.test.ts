import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, execNode, ROOT, SIM_MAIN, tempDir, treeFingerprint } from './helpers.js';

// The shipped AIX split-mirror plan previewed against simulated HACMP sites. The simulator
// counts calls and lets running applications write on every command, so "unchanged" means:
// the same volumes, copies, mounts, stanzas, resource groups, snapshots and files.
const PLAN = join(ROOT, 'plans/aix-split-mirror.yaml');
const SITE = join(ROOT, 'plans/sites/aix-split-mirror.sim.yaml');
// The shipped plan, its site file and the built simulator must exist (npm test builds first): a missing one is a failure, not a skip.
if (![PLAN, SITE, SIM_MAIN].every((f) => existsSync(f))) throw new Error('build first (npm run build): the shipped plan, its site file or dist/simulator is missing');

async function simulatedSite(scenario: string): Promise<{ dir: string; siteFile: string }> {
  const dir = join(tempDir(`sim-${scenario}`), 'site');
  const setup = await execNode([SIM_MAIN, 'setup', '--dir', dir, '--scenario', scenario]);
  if (setup.code !== 0) throw new Error(`simulator setup failed: ${setup.err}`);
  const siteFile = join(dir, '..', 'site.yaml');
  writeFileSync(siteFile, readFileSync(SITE, 'utf8').replaceAll('/tmp/mirrorplan-sim/aix-hacmp', dir).replace(/^\$schema:.*$/m, ''));
  return { dir, siteFile };
}

function siteState(dir: string) {
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as Record<string, unknown>;
  const { calls: _calls, datasets: _datasets, events: _events, ...rest } = state;
  const files = treeFingerprint(dir);
  // Live data files change whenever an application writes; the backups and mount points must not.
  return { rest, files: Object.fromEntries(Object.entries(files).filter(([path]) => /\/(backups|mnt|snapshots)\//.test(path))) };
}

async function previewSite(scenario: string, ...extra: string[]) {
  const { dir, siteFile } = await simulatedSite(scenario);
  const before = siteState(dir);
  const checkBefore = await execNode([SIM_MAIN, 'check', '--dir', dir]);
  const result = await cli(['preview', PLAN, '--site', siteFile, ...extra]);
  expect(siteState(dir)).toEqual(before);
  const checkAfter = await execNode([SIM_MAIN, 'check', '--dir', dir]);
  expect(checkAfter.out).toBe(checkBefore.out);
  return { ...result, dir, siteFile };
}

describe('preview of plans/aix-split-mirror.yaml on the simulator', () => {
  it('healthy site (aix-hacmp): guard and preflight pass, nothing changes, exit 0', async () => {
    const r = await previewSite('aix-hacmp');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ok +guard[\s\S]*?evidence: ONLINE/);
    expect(r.out).toMatch(/ok +no-stale-partitions[\s\S]*?evidence: STALE PPs: +0/);
    expect(r.out).toMatch(/split-copy {2}task {2}MUTATING[\s\S]*?on aix: splitlvcopy -f -y fslvbk fslv 1 hdisk2/);
    expect(r.out).toMatch(/1\. undo split-copy on aix: rmlv -f fslvbk\n.*2\. undo split-copy on aix: mklvcopy fslv 2 hdisk2\n.*3\. undo split-copy on aix: syncvg -l fslv\n.*4\. undo quiesce-app on aix: appctl resume app1/);
    expect(r.out).toMatch(/wait-synced {2}wait {2}read-only[\s\S]*?polls every 2s until/);
    expect(r.out).toMatch(/\$\{run\.id\}: set when the run starts/);
    expect(r.out).toContain('READY');
  }, 60_000);

  it('stale partitions (aix-stale): one blocker with the lslv line as evidence, exit 4', async () => {
    const r = await previewSite('aix-stale');
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/BLOCKER +no-stale-partitions on aix: lslv fslv\n.*\n.*failed: standard output does not match[^\n]*\n +evidence: STALE PPs: +5[^\n]*\n +hint: resynchronize first with `syncvg -l <lv>`/);
    expect(r.out).toContain('BLOCKED: 1 preflight blocker(s)');
  }, 60_000);

  it('one mirror copy (aix-one-copy): the copies probe is the blocker, exit 4', async () => {
    const r = await previewSite('aix-one-copy', '--json');
    expect(r.code).toBe(4);
    const report = JSON.parse(r.out) as { outcome: string; preflight: Array<{ id: string; status: string; evidence: string }> };
    expect(report.outcome).toBe('blocked');
    expect(report.preflight.filter((p) => p.status === 'blocker').map((p) => p.id)).toEqual(['two-copies']);
    expect(report.preflight.find((p) => p.id === 'two-copies')?.evidence).toMatch(/^COPIES: +1/);
  }, 60_000);

  it('resource group on the other node (aix-rg-other-node): the guard declines, exit 0', async () => {
    const r = await previewSite('aix-rg-other-node');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/DECLINES guard[\s\S]*?evidence: OFFLINE/);
    expect(r.out).toContain('DECLINED');
  }, 60_000);

  it('control: the state comparison does see a change made by a mutating command', async () => {
    const { dir } = await simulatedSite('aix-hacmp');
    const before = siteState(dir);
    const quiesce = await execNode([SIM_MAIN, 'appctl', 'quiesce', 'app1'], { ...process.env, MIRRORPLAN_SIM_DIR: dir, MIRRORPLAN_SIM_HOST: 'node1' });
    expect(quiesce.code).toBe(0);
    expect(siteState(dir)).not.toEqual(before);
  }, 60_000);

  it('the built CLI exits 4 on a blocked site', async () => {
    const { dir, siteFile } = await simulatedSite('aix-stale');
    const before = siteState(dir);
    const r = await execNode([join(ROOT, 'dist/engine/cli/main.js'), 'preview', PLAN, '--site', siteFile]);
    expect(r.code).toBe(4);
    expect(siteState(dir)).toEqual(before);
  }, 60_000);
});
