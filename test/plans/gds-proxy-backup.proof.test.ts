import { afterAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { checkSite } from '../../simulator/index.js';
import {
  all, cleanupSites, EXIT, FULL_MATRIX, makeSite, proveFailures, proveHangs, proveKills, proveOutcome, proveSigints, proveSuccess,
  ROOT, sample, Tally, type PlanProof,
} from './proof-harness.js';

// Proof of plans/gds-proxy-backup.yaml (seed 004, proxy volume backup through
// shadow objects on backup server node3) on the simulator. The default run takes
// a sample of each matrix; MIRRORPLAN_FULL_MATRIX=1 runs every case.

const proof: PlanProof = {
  name: 'gds-proxy-backup',
  plan: join(ROOT, 'plans/gds-proxy-backup.yaml'),
  siteTemplate: join(ROOT, 'plans/sites/gds-proxy-backup.sim.yaml'),
  templateDir: '/tmp/mirrorplan-sim/gds-proxy',
  scenario: 'gds-proxy',
  mutatingCommands: ['appctl', 'umount', 'sdxproxy', 'mount', 'sdxvolume', 'sdxshadowdisk', 'sdxshadowgroup', 'sdxshadowvolume', 'mkdir', 'tar', 'rmdir'],
  nativeCommands: ['tar', 'mkdir', 'rmdir', 'rm'],
  expectBackups: 1,
};

const tally = new Tally(proof.name);
const pick = (every: number) => (FULL_MATRIX ? all : sample(every));

afterAll(() => {
  tally.print();
  cleanupSites();
});

describe('gds-proxy-backup on the simulated GDS domain and backup server', () => {
  test('a run backs up the parted proxy on node3, rejoins it and leaves the site healthy', async () => {
    await proveSuccess(proof, tally);
  });

  test('preflight: proxy left parted -> exit 9, nothing changed, check reports only the parted proxy', async () => {
    const before = checkSite(makeSite(proof, 'baseline-not-joined', 'gds-proxy-not-joined').dir).violations;
    expect(before).toEqual(['node1/node2: proxy Class1/Volume2: parted from Volume1, not rejoined']);
    const r = await proveOutcome(proof, tally, { scenario: 'gds-proxy-not-joined', exit: EXIT.preflightFailed, changed: false });
    expect(r.stderr).toMatch(/proxy-joined/);
  });

  test('a failure at every mutating call is rolled back to a healthy site', async () => {
    await proveFailures(proof, tally, pick(8));
  }, 1_800_000);

  test('a hang at every call ends by its timeout and is rolled back', async () => {
    await proveHangs(proof, tally, pick(30));
  }, 1_800_000);

  test('kill -9 at journal record boundaries, then resume: completes with a good backup', async () => {
    await proveKills(proof, tally, 'resume', pick(38));
  }, 1_800_000);

  test('kill -9 at journal record boundaries, then recover: healthy', async () => {
    await proveKills(proof, tally, 'recover', pick(38));
  }, 1_800_000);

  test('SIGINT during every step is rolled back to a healthy site', async () => {
    await proveSigints(proof, tally, pick(12));
  }, 1_800_000);
});
