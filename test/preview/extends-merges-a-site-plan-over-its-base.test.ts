import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { preparePlan } from '../../engine/prepare-plan.js';
import type { ResolvedTaskStep } from '../../engine/resolve/resolved-plan.js';
import { FIXTURES } from './helpers.js';

const dir = join(FIXTURES, 'extends');
const prepare = (name: string) => preparePlan(join(dir, name), { requireValues: false });
const task = (steps: Array<{ id: string }>, id: string) => steps.find((s) => s.id === id) as ResolvedTaskStep;

describe('extends: a site plan over a shipped base', () => {
  const site = prepare('site-plan.yaml');
  const plan = site.analyzed?.plan;

  it('is valid and lists both files', () => {
    expect(site.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(site.files).toEqual([join(dir, 'site-plan.yaml'), join(dir, 'base.yaml')]);
    expect(plan?.name).toBe('offline-copy-site');
  });

  it('overrides a parameter default and keeps the inherited ones', () => {
    expect(plan?.params).toEqual({ vg: 'salesvg', tape: '/dev/rmt0' });
  });

  it('overrides a host key by key: transport and address replaced, env merged', () => {
    expect(plan?.hosts.primary).toMatchObject({ transport: 'ssh', address: 'db1.example.com', env: { LANG: 'en_US.UTF-8', ODMDIR: '/etc/objrepos' } });
  });

  it('overrides timeouts: the plan default and a step of its own', () => {
    const steps = plan?.steps ?? [];
    expect(task(steps, 'offline').action.timeoutMs).toBe(20 * 60_000);
    expect(task(steps, 'backup').action.timeoutMs).toBe(6 * 3_600_000);
    // Steps without their own timeout take the extending plan's default (2h), not the base's 10m.
    expect(task(steps, 'online').action.timeoutMs).toBe(2 * 3_600_000);
  });

  it('replaces hook scripts (lists whole, null drops an inherited key) and keeps the rest of the step', () => {
    const steps = plan?.steps ?? [];
    expect(task(steps, 'backup').action.argv).toEqual(['/opt/site/hooks/backup.sh', '${params.vg}']);
    expect(task(steps, 'backup').readOnly).toBe(true);
    const pre = task(steps, 'pre-offline');
    expect(pre.action).toMatchObject({ argv: null, shell: '/opt/site/hooks/stop-db.sh && sync' });
    expect(pre.irreversible).toBe("the site's script decides what it changes");
    expect(task(steps, 'offline').undo[0]?.argv).toEqual(['chvg', '-online', '${params.vg}']);
  });

  it('appends steps_append after the inherited steps', () => {
    expect(plan?.steps.map((s) => s.id)).toEqual(['pre-offline', 'offline', 'backup', 'online', 'post-offline', 'notify']);
  });

  it('locates a warning about an inherited step in the base file', () => {
    const warning = site.diagnostics.find((d) => d.code === 'ROLLBACK_UNCOVERED');
    expect(warning).toMatchObject({ file: join(dir, 'base.yaml'), line: 33, step: 'post-offline' });
  });
});

describe('extends: errors point into the file that has them', () => {
  const errorsOf = (name: string) => prepare(name).diagnostics.filter((d) => d.severity === 'error');

  it('a bad value in an overriding step: the extending file, at that value', () => {
    expect(errorsOf('child-bad-override.yaml')).toMatchObject([{ code: 'SCHEMA_FORMAT', file: join(dir, 'child-bad-override.yaml'), line: 6, col: 14 }]);
  });

  it('a bad reference in an appended step: the extending file, under steps_append', () => {
    expect(errorsOf('child-bad-append.yaml')).toMatchObject([{ code: 'REF_UNKNOWN_PARAM', file: join(dir, 'child-bad-append.yaml'), line: 7, step: 'notify' }]);
  });

  it('an override of a step the base does not have: the extending file, at its id', () => {
    expect(errorsOf('child-unknown-step.yaml')).toMatchObject([{ code: 'EXTENDS_UNKNOWN_STEP', file: join(dir, 'child-unknown-step.yaml'), line: 7 }]);
  });

  it('an error inside the base: the base file, at the field', () => {
    expect(errorsOf('child-of-broken-base.yaml')).toMatchObject([{ code: 'SCHEMA_UNKNOWN_FIELD', file: join(dir, 'broken-base.yaml'), line: 6 }]);
  });

  it('a cycle: both files named', () => {
    const errors = errorsOf('cycle-a.yaml');
    expect(errors.map((e) => [e.code, e.file?.endsWith('cycle-a.yaml') ? 'a' : 'b'])).toEqual([['EXTENDS_FAILED', 'a'], ['EXTENDS_CYCLE', 'b']]);
  });
});
