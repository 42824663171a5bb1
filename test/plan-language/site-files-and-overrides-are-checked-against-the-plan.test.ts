import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preparePlan } from '../../engine/prepare-plan.js';
import { parseOverride, type ParameterOverride } from '../../engine/resolve/resolve-parameters.js';
import { findExpected, FIXTURES, readExpectations } from './fixture-expectations.js';

const plan = join(FIXTURES, 'plans', 'valid', 'every-field.yaml');
const sites = join(FIXTURES, 'sites');
const overrides = (...flags: string[]): ParameterOverride[] => flags.map((f) => parseOverride(f)!);

describe('site files', () => {
  it('a good site file gives typed values coerced from strings', () => {
    const result = preparePlan(plan, { siteFile: join(sites, 'every-field.site.yaml'), requireValues: true });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const resolved = result.analyzed!.plan;
    expect(resolved.params).toMatchObject({ vg: 'datavg', copies: 3, ratio: 1, verify: false, mode: 'incremental', lvs: ['datalv', 'indexlv'] });
    expect(resolved.hosts.backup).toMatchObject({ transport: 'ssh', address: '10.0.0.2', user: 'backup', port: 22, env: { TAPE: '/dev/rmt1' } });
    expect(resolved.secretParams).toEqual(['password']);
  });

  for (const fixture of readdirSync(sites).filter((f) => f.includes('.site.yaml') && readExpectations(join(sites, f)).length > 0)) {
    it(`${fixture.replace(/\.site\.yaml$/, '')}: every expected problem at its place`, () => {
      const file = join(sites, fixture);
      const result = preparePlan(plan, { siteFile: file, requireValues: true });
      expect(result.analyzed).toBeNull();
      for (const expected of readExpectations(file)) {
        const found = findExpected(result.diagnostics, expected);
        expect(typeof found === 'string' ? found : 'ok').toBe('ok');
      }
    });
  }
});

describe('-p NAME=VALUE', () => {
  it('coerces each value to the declared type and overrides the site file', () => {
    const result = preparePlan(plan, { siteFile: join(sites, 'every-field.site.yaml'), requireValues: true,
      overrides: overrides('copies=2', 'ratio=0.25', 'verify=true', 'lvs=datalv,loglv', 'mode=full') });
    expect(result.analyzed?.plan.params).toMatchObject({ copies: 2, ratio: 0.25, verify: true, lvs: ['datalv', 'loglv'], mode: 'full' });
    const json = preparePlan(plan, { requireValues: true, overrides: overrides('vg=datavg', 'lvs=["indexlv"]') });
    expect(json.analyzed?.plan.params.lvs).toEqual(['indexlv']);
  });

  it('names an unknown parameter and suggests the closest', () => {
    const result = preparePlan(plan, { requireValues: true, overrides: overrides('vg=datavg', 'copis=2') });
    const d = result.diagnostics.find((x) => x.code === 'PARAM_UNKNOWN');
    expect(d?.message).toContain('-p copis=2');
    expect(d?.hint).toBe('did you mean "copies"?');
  });

  it('refuses values against type, pattern, enum, minimum and maximum, each once', () => {
    const result = preparePlan(plan, { requireValues: true,
      overrides: overrides('vg=Data', 'copies=two', 'mode=partial', 'ratio=x', 'copies=1') });
    const messages = result.diagnostics.filter((d) => d.code === 'PARAM_INVALID').map((d) => d.message);
    expect(messages).toEqual([
      '-p vg=Data: parameter "vg" does not match the pattern [a-z][a-z0-9]*vg',
      '-p copies=two: parameter "copies" is "two"; expected an integer',
      '-p mode=partial: parameter "mode" is not one of "full", "incremental"',
      '-p ratio=x: parameter "ratio" is "x"; expected a number',
      '-p copies=1: parameter "copies" is less than the minimum 2',
    ]);
    expect(result.diagnostics.some((d) => d.code === 'PARAM_MISSING')).toBe(false);
  });

  it('requires every parameter without a default once values are given, and only notes them otherwise', () => {
    const required = preparePlan(plan, { requireValues: true, overrides: overrides('copies=2') });
    expect(required.diagnostics.find((d) => d.code === 'PARAM_MISSING')).toMatchObject({ severity: 'error', line: 8, col: 3 });
    const noted = preparePlan(plan);
    expect(noted.analyzed?.plan.missingParams).toEqual(['vg']);
    expect(noted.diagnostics.find((d) => d.code === 'PARAM_MISSING')?.severity).toBe('info');
  });
});
