import { describe, expect, test } from 'vitest';
import { exists, fixture, journal, runIdOf, runPlan, siteFiles, workspace, writePlan } from './cli-harness.js';

const PLAN = fixture('expectations.yaml');

describe.concurrent('a task step is judged by its exit code, its output and its captures', () => {
  test('success: exit 0, captures feed later steps, nothing left behind', async () => {
    const ws = workspace('ok');
    const result = await runPlan(ws, PLAN);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/succeeded/);
    const records = journal(ws, runIdOf(result));
    expect(records.find((r) => r.type === 'step-end' && r.step === 'split')?.captures).toEqual({ copy: 'datavg_bk' });
    // use-capture touched the captured name; cleanup removed it again by the same name.
    expect(records.find((r) => r.type === 'step-start' && r.step === 'use-capture')?.argvDisplay).toMatch(/\/datavg_bk$/);
    expect(siteFiles(ws)).toEqual([]);
  });

  test('an exit code listed in expect.exit counts as success', async () => {
    const ws = workspace('exit3');
    const result = await runPlan(ws, PLAN, ['-p', 'code=3']);
    expect(result.code, result.stderr).toBe(0);
  });

  test('an unexpected exit code fails the step, says which codes were expected, and rolls back (exit 5)', async () => {
    const ws = workspace('exit4');
    const result = await runPlan(ws, PLAN, ['-p', 'code=4', '-p', 'err=disk on fire']);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/step split on local: exit code 4, expected 0 or 3: disk on fire/);
    expect(exists(ws, 'quiesced')).toBe(false);
  });

  test('stdout not matching stdout_matches fails the step and shows what it printed', async () => {
    const ws = workspace('stdout');
    const result = await runPlan(ws, PLAN, ['-p', 'out=nothing here']);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/standard output does not match \/copy created\/: nothing here/);
  });

  test('stderr matching stderr_not_matches fails the step', async () => {
    const ws = workspace('stderr');
    const result = await runPlan(ws, PLAN, ['-p', 'err=FATAL: stale partitions']);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/standard error matches the forbidden \/FATAL\/: FATAL: stale partitions/);
  });

  test('a capture that finds nothing fails the step instead of passing an empty value on', async () => {
    const ws = workspace('capture');
    const result = await runPlan(ws, PLAN, ['-p', 'out=copy created but unnamed']);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/capture "copy": .* found nothing in stdout/);
    expect(journal(ws, runIdOf(result)).some((r) => r.type === 'step-start' && r.step === 'use-capture')).toBe(false);
  });

  test('a capture of bytes that are not UTF-8 (a Latin-1 volume name) fails the step instead of passing a changed name on', async () => {
    const ws = workspace('capture-not-utf8');
    const plan = writePlan(ws, 'latin1.yaml', [
      'mirrorplan: 1', 'name: latin1', 'parameters:', '  site: {type: string}', 'steps:',
      '  - id: find-lv', '    kind: task', "    shell: 'printf \"lv: donn\\351es_lv\\n\"'", '    read_only: true',
      '    capture:', "      lv: {regex: 'lv: (\\S+)'}",
      '  - id: use', '    kind: task', '    command: [touch, "${params.site}/${steps.find-lv.lv}"]', '    read_only: true',
    ].join('\n'));
    const result = await runPlan(ws, plan);
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toMatch(/capture "lv" holds bytes of stdout that are not UTF-8 .*LANG=C/);
    expect(siteFiles(ws)).toEqual([]);
  });
});
