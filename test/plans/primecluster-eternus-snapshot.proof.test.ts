import { afterAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { checkSite } from '../../simulator/index.js';
import {
  all, cleanupSites, EXIT, FULL_MATRIX, makeSite, proveFailures, proveHangs, proveKills, proveOutcome, proveSigints, proveSuccess,
  ROOT, sample, Tally, type Picker, type PlanProof,
} from './proof-harness.js';

// Proof of plans/primecluster-eternus-snapshot.yaml (seed 002, snapshot-type
// backup in maintenance mode) on the simulator. The default run takes a sample of
// each matrix; MIRRORPLAN_FULL_MATRIX=1 runs every case.

const proof: PlanProof = {
  name: 'primecluster-eternus-snapshot',
  plan: join(ROOT, 'plans/primecluster-eternus-snapshot.yaml'),
  siteTemplate: join(ROOT, 'plans/sites/primecluster-eternus-snapshot.sim.yaml'),
  templateDir: '/tmp/mirrorplan-sim/primecluster-eternus',
  scenario: 'primecluster-eternus',
  mutatingCommands: ['hvutil', 'umount', 'swstbackup', 'mount', 'mkdir', 'tar', 'rmdir'],
  nativeCommands: ['tar', 'mkdir', 'rmdir', 'rm'],
  expectBackups: 1,
};

const tally = new Tally(proof.name);
const pick = (every: number) => (FULL_MATRIX ? all : sample(every));

// Engine bug (reported, engine/ is not ours): a guard probe that times out or cannot
// start is taken as a decline (exit 0, "declined by the guard"), so cron would
// report success for a backup that never ran. The hang matrix leaves the guard's
// call (the first hvdisp) out until that is fixed; the test.fails below documents it.
const GUARD_CALL = { command: 'hvdisp', call: 1 };
const withoutGuard = (inner: Picker): Picker => (list) =>
  inner(list.filter((c) => JSON.stringify(c) !== JSON.stringify(GUARD_CALL)));

afterAll(() => {
  tally.print();
  cleanupSites();
});

/** The scenario's own violations before and after the run are the same (a blocked run changes nothing the check sees). */
async function blocked(scenario: string, exit: number): Promise<string> {
  const before = checkSite(makeSite(proof, `baseline-${scenario}`, scenario).dir).violations;
  const r = await proveOutcome(proof, tally, { scenario, exit, changed: false, backups: before.length === 0 ? 0 : undefined });
  return `${r.stderr}\n${JSON.stringify(before)}`;
}

describe('primecluster-eternus-snapshot on the simulated PRIMECLUSTER cluster', () => {
  test('a run backs up the transaction volume in maintenance mode and leaves the site healthy', async () => {
    await proveSuccess(proof, tally);
  });

  test('guard: userApp_0 Online on node2 -> node1 declines (exit 0), nothing changed, healthy', async () => {
    const out = await blocked('primecluster-other-node', EXIT.ok);
    expect(out).toMatch(/declined/);
  });

  test('preflight: userApp_0 Faulted -> exit 9, nothing changed, check still reports only the fault', async () => {
    const site = makeSite(proof, 'faulted-check', 'primecluster-faulted');
    const before = checkSite(site.dir).violations;
    expect(before).toContain('node1: userApplication userApp_0: Faulted');
    const out = await blocked('primecluster-faulted', EXIT.preflightFailed);
    expect(out).toMatch(/not-faulted/);
  });

  test('a failure at every mutating call is rolled back to a healthy site', async () => {
    await proveFailures(proof, tally, pick(5));
  }, 1_800_000);

  test('a hang at every call ends by its timeout and is rolled back', async () => {
    await proveHangs(proof, tally, withoutGuard(pick(20)));
  }, 1_800_000);

  // A guard that gives no answer (hangs, cannot start) says nothing about this node: the run stops before any change (exit 9), never a silent decline.
  test('a hung guard probe stops the run before any change, loudly', async () => {
    const { injectCommandFault, cli, runArgs, shortTimeoutPlan, assertExit } = await import('./proof-harness.js');
    const site = makeSite(proof, 'hang-guard');
    const plan = shortTimeoutPlan(proof, site);
    injectCommandFault(site, GUARD_CALL.command, GUARD_CALL.call, 'hang');
    const r = await cli(site, runArgs(proof, site, plan));
    assertExit(r, [EXIT.preflightFailed], site, 'hung guard');
    expect(r.stderr).toMatch(/guard probe .* gave no answer/);
  }, 120_000);

  test('kill -9 at journal record boundaries, then resume: completes with a good backup', async () => {
    await proveKills(proof, tally, 'resume', pick(28));
  }, 1_800_000);

  test('kill -9 at journal record boundaries, then recover: healthy', async () => {
    await proveKills(proof, tally, 'recover', pick(28));
  }, 1_800_000);

  test('SIGINT during every step is rolled back to a healthy site', async () => {
    await proveSigints(proof, tally, pick(8));
  }, 1_800_000);
});
