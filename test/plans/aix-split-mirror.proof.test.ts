import { afterAll, describe, expect, test } from 'vitest';
import { testStandardMatrix } from './standard-matrix.js';
import { join } from 'node:path';
import {
  cleanupSites, cli, makeSite, proveOutcome, proveSuccess,
  assertGoodBackups, assertExit, EXIT, ROOT, runArgs, Tally, type PlanProof,
} from './proof-harness.js';

// Proof of plans/aix-split-mirror.yaml on the simulator (scenario aix-hacmp and its
// variants). The default run takes a few evenly spread cases of each matrix;
// MIRRORPLAN_FULL_MATRIX=1 (npm run test:matrix) runs every case.

const proof: PlanProof = {
  name: 'aix-split-mirror',
  plan: join(ROOT, 'plans/aix-split-mirror.yaml'),
  siteTemplate: join(ROOT, 'plans/sites/aix-split-mirror.sim.yaml'),
  templateDir: '/tmp/mirrorplan-sim/aix-hacmp',
  scenario: 'aix-hacmp',
  mutatingCommands: ['appctl', 'splitlvcopy', 'mkdir', 'crfs', 'fsck', 'mount', 'tar', 'umount', 'rmfs', 'mklvcopy', 'syncvg'],
  nativeCommands: ['tar', 'mkdir', 'rmdir', 'rm'],
  expectBackups: 1,
};
const rg2: PlanProof = { ...proof, name: 'aix-split-mirror rg2', siteTemplate: join(ROOT, 'plans/sites/aix-split-mirror-rg2.sim.yaml') };

const tally = new Tally('aix-split-mirror');

afterAll(() => {
  tally.print();
  cleanupSites();
});

describe('aix-split-mirror on the simulated HACMP cluster', () => {
  test('a run backs up rg1 and leaves the site healthy', async () => {
    await proveSuccess(proof, tally);
  });

  test('guard: rg1 online on the other node -> declined (exit 0), nothing changed', async () => {
    const r = await proveOutcome(proof, tally, { scenario: 'aix-rg-other-node', exit: EXIT.ok, changed: false, backups: 0 });
    expect(r.stderr).toMatch(/declined/);
  });

  test('guard: rg2 belongs to node2 -> node1 declines it', async () => {
    await proveOutcome(rg2, tally, { scenario: 'aix-hacmp', exit: EXIT.ok, changed: false, backups: 0, label: 'rg2-declined' });
  });

  test('preflight: stale partitions -> exit 9, nothing changed', async () => {
    const r = await proveOutcome(proof, tally, { scenario: 'aix-stale', exit: EXIT.preflightFailed, changed: false });
    expect(r.stderr).toMatch(/no-stale-partitions/);
  });

  test('preflight: only one copy -> exit 9, nothing changed', async () => {
    const r = await proveOutcome(proof, tally, { scenario: 'aix-one-copy', exit: EXIT.preflightFailed, changed: false });
    expect(r.stderr).toMatch(/two-copies/);
  });

  test('takeover (node_down_remote): node1 backs up rg1 and the partner rg2', async () => {
    const site = makeSite(proof, 'takeover', 'aix-takeover');
    const r1 = await cli(site, runArgs(proof, site));
    assertExit(r1, [EXIT.ok], site, 'takeover rg1');
    const rg2Site = { ...site, site: site.site.replace(/site\.yaml$/, 'site-rg2.yaml') };
    const { renderSiteTemplate } = await import('./proof-harness.js');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(rg2Site.site, renderSiteTemplate(rg2.siteTemplate, rg2.templateDir, site.dir));
    const r2 = await cli(rg2Site, runArgs(rg2, rg2Site));
    assertExit(r2, [EXIT.ok], site, 'takeover rg2');
    assertGoodBackups(site, 2, 'takeover: both resource groups');
    tally.add('outcome:aix-takeover');
  }, 120_000);

  testStandardMatrix(proof, tally, { failures: 2, hangs: 1, kills: 2, sigints: 2 });
});
