import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preparePlan } from '../../engine/prepare-plan.js';
import type { ResolvedTaskStep } from '../../engine/resolve/resolved-plan.js';
import { FIXTURES } from './fixture-expectations.js';

const dir = join(FIXTURES, 'plans', 'valid');

describe('valid plans', () => {
  for (const fixture of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    it(`${fixture} has no errors and no warnings`, () => {
      const result = preparePlan(join(dir, fixture), { overrides: [{ name: 'vg', value: 'datavg', flag: '-p vg=datavg' }].filter(() => fixture === 'every-field.yaml') });
      expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(result.analyzed).not.toBeNull();
    });
  }

  it('every-field.yaml resolves defaults, hosts, undo, checks and captures as written', () => {
    const plan = preparePlan(join(dir, 'every-field.yaml')).analyzed!.plan;
    expect(plan).toMatchObject({ lock: 'split-${params.vg}', onInterrupt: 'pause', recovery: 'rollback', killGraceMs: 10_000, missingParams: ['vg'] });
    expect(plan.params).toMatchObject({ copies: 2, ratio: 0.5, verify: true, mode: 'full', lvs: ['datalv', 'loglv'] });
    expect(plan.hosts.backup).toMatchObject({ transport: 'ssh', address: 'backup.example.com', port: 2222 });
    expect(plan.guard).toMatchObject({ host: 'primary', timeoutMs: 20_000, reason: 'the resource group is online on the other node' });
    expect(plan.preflight.map((p) => p.id)).toEqual(['copies', 'scripted']);
    const split = plan.steps.find((s) => s.id === 'split') as ResolvedTaskStep;
    expect(split.action).toMatchObject({ timeoutMs: 600_000, retry: { attempts: 3, backoffMs: 1000, maxBackoffMs: 10_000 }, expect: { exit: [0, 1] } });
    expect(split.action.capture.map((c) => [c.name, c.from, c.all, c.optional])).toEqual([['newvg', 'stdout', false, false], ['lines', 'stderr', true, true]]);
    expect(split.undo.map((u) => u.kind)).toEqual(['task', 'wait']);
    expect(split.undo[1]?.wait).toMatchObject({ intervalMs: 10_000, deadlineMs: 7_200_000 });
    expect(split.check?.argv).toEqual(['lsvg', '${params.vg}bk']);
    const maintenance = plan.steps[0] as ResolvedTaskStep;
    expect(maintenance).toMatchObject({ idempotent: true, action: { host: 'primary', timeoutMs: 1_800_000, retry: { attempts: 2 } } });
    expect(plan.steps.map((s) => s.kind)).toEqual(['task', 'task', 'wait', 'choice', 'task', 'manual', 'task', 'foreach', 'foreach', 'foreach', 'task', 'task', 'task']);
  });

  it('an extending plan overrides a step by id, appends steps and inherits parameters', () => {
    const result = preparePlan(join(dir, 'extends-base.yaml'));
    const plan = result.analyzed!.plan;
    expect(plan.steps.map((s) => s.id)).toEqual(['split', 'backup', 'join', 'notify']);
    expect((plan.steps[1] as ResolvedTaskStep).action).toMatchObject({ argv: ['mksysb', '-i', '${params.tape}'], timeoutMs: 7_200_000 });
    expect((plan.steps[1] as ResolvedTaskStep).readOnly).toBe(true);
    expect(plan.params).toEqual({ vg: 'rootvg', tape: '/dev/rmt0' });
    expect(result.files).toHaveLength(2);
  });

  it('reports all errors of a plan, not only the first (bounded)', () => {
    const result = preparePlan(join(FIXTURES, 'plans', 'many-errors.yaml'));
    expect(result.diagnostics.filter((d) => d.code === 'SCHEMA_UNKNOWN_FIELD').length).toBe(3);
    expect(result.diagnostics.some((d) => d.code === 'SCHEMA_FORMAT')).toBe(true);
  });
});
