import { test } from 'vitest';
import { all, few, FULL_MATRIX, proveFailures, proveHangs, proveKills, proveSigints, type PlanProof, type Tally } from './proof-harness.js';

export interface MatrixSample { failures: number; hangs: number; kills: number; sigints: number }

/**
 * The matrix every shipped plan must pass: a failure at every mutating call, a hang at
 * every call, kill -9 at every journal record then resume / then recover, SIGINT at every
 * step. `sample` sizes the default `npm test` run; MIRRORPLAN_FULL_MATRIX=1 takes every case.
 */
export function testStandardMatrix(proof: PlanProof, tally: Tally, sample: MatrixSample): void {
  const pick = (n: number) => (FULL_MATRIX ? all : few(n));
  test('a failure at every mutating call is rolled back to a healthy site', async () => {
    await proveFailures(proof, tally, pick(sample.failures));
  }, 1_800_000);
  test('a hang at every call ends by its timeout and is rolled back', async () => {
    await proveHangs(proof, tally, pick(sample.hangs));
  }, 1_800_000);
  test('kill -9 at journal record boundaries, then resume: completes with a good backup', async () => {
    await proveKills(proof, tally, 'resume', pick(sample.kills));
  }, 1_800_000);
  test('kill -9 at journal record boundaries, then recover: healthy', async () => {
    await proveKills(proof, tally, 'recover', pick(sample.kills));
  }, 1_800_000);
  test('SIGINT during every step is rolled back to a healthy site', async () => {
    await proveSigints(proof, tally, pick(sample.sigints));
  }, 1_800_000);
}
