import { afterAll, describe, test } from 'vitest';
import { join } from 'node:path';
import {
  all, cleanupSites, EXIT, FULL_MATRIX, proveFailures, proveHangs, proveKills, proveOutcome, proveSigints, proveSuccess,
  ROOT, sample, Tally, type PlanProof,
} from './proof-harness.js';

// Proof of plans/primecluster-eternus-stopped.yaml (seed 002 9.1.7.1, backup while
// the userApplication is stopped) on the simulator. The plan keeps the backup on
// the ETERNUS backup volume (no archive), so the check proves the cluster, mounts
// and ACM sessions, not archive contents. MIRRORPLAN_FULL_MATRIX=1 runs every case.

const proof: PlanProof = {
  name: 'primecluster-eternus-stopped',
  plan: join(ROOT, 'plans/primecluster-eternus-stopped.yaml'),
  siteTemplate: join(ROOT, 'plans/sites/primecluster-eternus-stopped.sim.yaml'),
  templateDir: '/tmp/mirrorplan-sim/primecluster-eternus',
  scenario: 'primecluster-eternus',
  mutatingCommands: ['hvutil', 'mount', 'swstbackup', 'umount', 'hvswitch'],
  expectBackups: 0,
};

const tally = new Tally(proof.name);
const pick = (every: number) => (FULL_MATRIX ? all : sample(every));

afterAll(() => {
  tally.print();
  cleanupSites();
});

describe('primecluster-eternus-stopped on the simulated PRIMECLUSTER cluster', () => {
  test('a run stops userApp_0, backs up on node1 only, starts it again: healthy', async () => {
    await proveSuccess(proof, tally);
  });

  test('preflight: userApp_0 Faulted -> exit 9, nothing changed', async () => {
    await proveOutcome(proof, tally, { scenario: 'primecluster-faulted', exit: EXIT.preflightFailed, changed: false });
  });

  test('preflight: userApp_0 runs on node2 -> exit 9, nothing changed', async () => {
    await proveOutcome(proof, tally, { scenario: 'primecluster-other-node', exit: EXIT.preflightFailed, changed: false });
  });

  test('a failure at every mutating call is rolled back to a healthy site', async () => {
    await proveFailures(proof, tally, pick(5));
  }, 1_800_000);

  test('a hang at every call ends by its timeout and is rolled back', async () => {
    await proveHangs(proof, tally, pick(30));
  }, 1_800_000);

  test('kill -9 at journal record boundaries, then resume / recover', async () => {
    await proveKills(proof, tally, 'resume', pick(32));
    await proveKills(proof, tally, 'recover', pick(32));
  }, 1_800_000);

  test('SIGINT during every step is rolled back to a healthy site', async () => {
    await proveSigints(proof, tally, pick(8));
  }, 1_800_000);
});
