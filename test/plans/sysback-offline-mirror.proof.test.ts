import { afterAll, describe, expect, test } from 'vitest';
import { testStandardMatrix } from './standard-matrix.js';
import { join } from 'node:path';
import {
  cleanupSites, EXIT, proveOutcome, proveSuccess,
  ROOT, simCommand, Tally, type PlanProof,
} from './proof-harness.js';

// Proof of plans/sysback-offline-mirror.yaml on the simulator (scenario sysback).
// The default run takes a few evenly spread cases of each matrix;
// MIRRORPLAN_FULL_MATRIX=1 (npm run test:matrix) runs every case.

const proof: PlanProof = {
  name: 'sysback-offline-mirror',
  plan: join(ROOT, 'plans/sysback-offline-mirror.yaml'),
  siteTemplate: join(ROOT, 'plans/sites/sysback-offline-mirror.sim.yaml'),
  templateDir: '/tmp/mirrorplan-sim/sysback',
  scenario: 'sysback',
  siteFiles: [[join(ROOT, 'plans/sites/sysback-hooks'), 'hooks']],
  mutatingCommands: ['appctl', 'splitlvcopy', 'mkdir', 'fsck', 'mount', 'tar', 'mv', 'umount', 'rmdir', 'rmlv', 'mklvcopy', 'syncvg'],
  nativeCommands: ['tar', 'mkdir', 'rmdir', 'mv'],
  expectBackups: 1,
};

const tally = new Tally('sysback-offline-mirror');

afterAll(() => {
  tally.print();
  cleanupSites();
});

describe('sysback-offline-mirror on the simulated AIX host', () => {
  test('a run backs datalv up through the hooks and leaves the site healthy', async () => {
    await proveSuccess(proof, tally);
  });

  test('preview blocker: stale partitions -> exit 9, nothing changed', async () => {
    const r = await proveOutcome(proof, tally, {
      scenario: 'sysback', exit: EXIT.preflightFailed, changed: false, label: 'stale',
      prepare: (site) => {
        simCommand(site, 'aix1', 'splitlvcopy', ['-f', '-y', 'oldcopy', 'datalv', '1']);
        simCommand(site, 'aix1', 'rmlv', ['-f', 'oldcopy']);
        simCommand(site, 'aix1', 'mklvcopy', ['datalv', '2']);
      },
    });
    expect(r.stderr).toMatch(/no-stale-partitions/);
  });

  test('preview blocker: fewer than 2 copies -> exit 9, nothing changed', async () => {
    const r = await proveOutcome(proof, tally, {
      scenario: 'sysback', exit: EXIT.preflightFailed, changed: false, label: 'one-copy',
      prepare: (site) => {
        simCommand(site, 'aix1', 'splitlvcopy', ['-f', '-y', 'oldcopy', 'datalv', '1']);
        simCommand(site, 'aix1', 'rmlv', ['-f', 'oldcopy']);
      },
    });
    expect(r.stderr).toMatch(/mirrored/);
  });

  test('preview blocker: file system not mounted -> exit 9, nothing changed', async () => {
    const r = await proveOutcome(proof, tally, {
      scenario: 'sysback', exit: EXIT.preflightFailed, changed: false, label: 'not-mounted',
      prepare: (site) => { simCommand(site, 'aix1', 'umount', ['/data']); },
    });
    expect(r.stderr).toMatch(/file-system-mounted/);
  });

  testStandardMatrix(proof, tally, { failures: 2, hangs: 1, kills: 2, sigints: 2 });
});
