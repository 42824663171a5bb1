import { afterAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { injectFault, readState } from '../../simulator/index.js';
import {
  all, assertExit, assertHealthy, callCounts, cleanupSites, cli, EXIT, FULL_MATRIX, makeSite, readJournal, renderSiteTemplate,
  ROOT, runArgs, sample, Tally, type Picker, type PlanProof, type SimSite,
} from './proof-harness.js';

// Proof of plans/primecluster-eternus-restore.yaml (seed 002 step 4 "swstrestore")
// on the simulator. A restore needs a backup generation, which a fresh scenario
// does not have, so every scenario first runs the snapshot plan on its site; the
// harness's prove* helpers build fresh sites, hence the small loops below, built
// from the harness's primitives. Fault call numbers are offset by the calls the
// preparation made. MIRRORPLAN_FULL_MATRIX=1 runs every case.

const TEMPLATE_DIR = '/tmp/mirrorplan-sim/primecluster-eternus';
const proof: PlanProof = {
  name: 'primecluster-eternus-restore',
  plan: join(ROOT, 'plans/primecluster-eternus-restore.yaml'),
  siteTemplate: join(ROOT, 'plans/sites/primecluster-eternus-restore.sim.yaml'),
  templateDir: TEMPLATE_DIR,
  scenario: 'primecluster-eternus',
  mutatingCommands: ['hvutil', 'umount', 'swstrestore', 'mount'],
  expectBackups: 0,
};
const snapshot: PlanProof = {
  ...proof, name: 'snapshot (preparation)', plan: join(ROOT, 'plans/primecluster-eternus-snapshot.yaml'),
  siteTemplate: join(ROOT, 'plans/sites/primecluster-eternus-snapshot.sim.yaml'),
};

const tally = new Tally(proof.name);
const pick: Picker = FULL_MATRIX ? all : sample(8);

afterAll(() => {
  tally.print();
  cleanupSites();
});

/** A site with one backup generation (made by the snapshot plan), and the data generation at that backup. */
async function prepared(label: string): Promise<{ site: SimSite; base: Map<string, number> }> {
  const site = makeSite(proof, label);
  const snapSite = { ...site, site: join(site.dir, '..', 'snapshot-site.yaml') };
  writeFileSync(snapSite.site, renderSiteTemplate(snapshot.siteTemplate, TEMPLATE_DIR, site.dir));
  const r = await cli(snapSite, runArgs(snapshot, snapSite, snapshot.plan));
  assertExit(r, [EXIT.ok], site, `${label}: preparation (snapshot plan)`);
  return { site, base: callCounts(site) };
}

const restoredGeneration = (site: SimSite): number | undefined => {
  const s = readState(site.dir);
  const h = s.acm?.volumes['/dev/dsk/c1t0d0s6']?.history[0];
  return h ? s.snapshots[h.snapshot]?.generation : undefined;
};

/**
 * resume/recover after a kill -9: the killed engine's in-flight command may still run
 * in its own process group, and the engine then refuses with STEP_STILL_RUNNING
 * (exit 1) until it ends; try again a few times, as an operator would.
 */
async function continueAfterKill(site: SimSite, mode: 'resume' | 'recover', runId: string) {
  for (let attempt = 1; ; attempt++) {
    const r = await cli(site, [mode, runId, '--yes']);
    if (!/STEP_STILL_RUNNING/.test(r.stderr) || attempt >= 20) return r;
    await new Promise((done) => setTimeout(done, 500));
  }
}

let reference: Promise<{ journal: number; steps: string[]; calls: Map<string, number> }> | null = null;
function referenceRun() {
  reference ??= (async () => {
    const { site, base } = await prepared('reference');
    const r = await cli(site, runArgs(proof, site));
    assertExit(r, [EXIT.ok], site, 'restore: successful run');
    assertHealthy(site, 'restore: successful run', r);
    // The live data is the backup's generation again (the app writes on after the mount).
    expect(readState(site.dir).datasets.acmdata?.generation).toBeGreaterThanOrEqual(restoredGeneration(site) ?? Infinity);
    const journal = readJournal(site, r.runId ?? '');
    const calls = new Map([...callCounts(site)].map(([c, n]) => [c, n - (base.get(c) ?? 0)]));
    const steps = [...new Set(journal.filter((x) => x.type === 'step-start' && x.step).map((x) => x.step as string))];
    return { journal: journal.length, steps, calls };
  })();
  return reference;
}

describe('primecluster-eternus-restore on the simulated PRIMECLUSTER cluster', () => {
  test('a run restores the newest generation in maintenance mode and leaves the site healthy', async () => {
    await referenceRun();
    tally.add('success');
  }, 120_000);

  test('preflight: no backup history -> exit 9, nothing changed', async () => {
    const site = makeSite(proof, 'no-history');
    const r = await cli(site, runArgs(proof, site));
    assertExit(r, [EXIT.preflightFailed], site, 'restore without history');
    expect(r.stderr).toMatch(/has-history/);
    assertHealthy(site, 'restore without history', r);
    tally.add('outcome:no-history');
  }, 120_000);

  test('a failure at every mutating call is rolled back to a healthy site', async () => {
    const ref = await referenceRun();
    const cases = proof.mutatingCommands.flatMap((command) => Array.from({ length: ref.calls.get(command) ?? 0 }, (_, i) => ({ command, call: i + 1 })));
    for (const { command, call } of pick(cases)) {
      const { site, base } = await prepared(`fail-${command}-${call}`);
      injectFault(site.dir, { command, call: (base.get(command) ?? 0) + call, action: 'fail' });
      const r = await cli(site, runArgs(proof, site));
      // A step with retry (hvutil -m off) gets past one failed call: then the run must succeed, and say it retried.
      const retried = r.code === EXIT.ok && /injected failure; retrying/.test(r.stderr);
      assertExit(r, retried ? [EXIT.ok] : [EXIT.rolledBack], site, `restore: ${command} call ${call} fails`);
      assertHealthy(site, `restore: ${command} call ${call} fails`, r);
      tally.add('failure');
    }
  }, 1_800_000);

  test('kill -9 at journal record boundaries, then resume / recover: healthy', async () => {
    const ref = await referenceRun();
    const boundaries = Array.from({ length: ref.journal - 1 }, (_, i) => i + 1);
    for (const mode of ['resume', 'recover'] as const) {
      for (const n of (FULL_MATRIX ? boundaries : [boundaries[Math.floor(boundaries.length / 2)] ?? 1])) {
        const what = `restore: kill -9 at record ${n}, then ${mode}`;
        const { site } = await prepared(`kill-${n}-${mode}`);
        const killed = await cli(site, runArgs(proof, site), { killAtRecord: n });
        if (killed.signal === 'SIGKILL') {
          const r = await continueAfterKill(site, mode, killed.runId ?? '');
          assertExit(r, mode === 'resume' ? [EXIT.ok] : [EXIT.ok, EXIT.rolledBack], site, what);
        } else {
          assertExit(killed, [EXIT.ok], site, `${what} (ended before the kill)`);
        }
        assertHealthy(site, what);
        tally.add(`kill+${mode}`);
      }
    }
  }, 1_800_000);

  test('SIGINT during every step is rolled back to a healthy site', async () => {
    const ref = await referenceRun();
    for (const step of pick(ref.steps)) {
      const { site } = await prepared(`sigint-${step}`);
      const r = await cli(site, runArgs(proof, site), { sigintAtStep: { step } });
      assertExit(r, [EXIT.rolledBack, EXIT.ok], site, `restore: SIGINT during ${step}`);
      assertHealthy(site, `restore: SIGINT during ${step}`, r);
      tally.add('sigint');
    }
  }, 1_800_000);
});
