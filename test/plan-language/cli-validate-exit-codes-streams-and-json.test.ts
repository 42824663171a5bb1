import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle, ROOT } from './build-cli-bundle.js';
import { FIXTURES } from './fixture-expectations.js';

let cli = '';
const cache = mkdtempSync(join(tmpdir(), 'mp-cli-cache-'));
beforeAll(() => { cli = join(buildCliBundle(), 'main.js'); }, 60_000);
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, MIRRORPLAN_CACHE_DIR: cache } });
const plan = (kind: string, name: string) => join(FIXTURES, 'plans', kind, name);
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('mirrorplan validate as a real process', () => {
  it('exits 0 for a valid plan, the result on stdout and nothing on stderr', () => {
    const r = run('validate', plan('valid', 'minimal.yaml'));
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/valid plan "minimal", 1 steps, 0 warning\(s\)/);
  });

  it('exits 0 with warnings, which go to stderr', () => {
    const r = run('validate', plan('invalid', 'mutating-without-undo.yaml'));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/mutating-without-undo\.yaml:5:5: warning ROLLBACK_UNCOVERED/);
  });

  it('exits 3 for an invalid plan, file:line:col diagnostics on stderr, nothing on stdout, no stack trace', () => {
    const r = run('validate', plan('invalid', 'command-as-one-string.yaml'));
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('command-as-one-string.yaml:7:14: error SCHEMA_COMMAND_NOT_ARGV: the command is one string; it must be an argv list');
    expect(r.stderr).toContain('hint: write it as a list, one element per argument: ["splitlvcopy", "-y", "backuplv", "datalv", "1"]');
    noStack(r.stderr);
  });

  it('exits 3 for a missing plan file and for a bad site file', () => {
    expect(run('validate', 'no-such-plan.yaml').status).toBe(3);
    const r = run('validate', plan('valid', 'every-field.yaml'), '--site', join(FIXTURES, 'sites', 'unknown-parameter.site.yaml'));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/unknown-parameter\.site\.yaml:5:3: error PARAM_UNKNOWN: unknown parameter "vgg"\n {4}hint: did you mean "vg"\?/);
  });

  it('exits 2 for a bad flag, naming the flag, and for a missing or malformed argument', () => {
    const bad = run('validate', plan('valid', 'minimal.yaml'), '--frobnicate');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("'--frobnicate'");
    noStack(bad.stderr);
    expect(run('validate').status).toBe(2);
    const p = run('validate', plan('valid', 'minimal.yaml'), '-p', 'novalue');
    expect([p.status, p.stderr.includes('-p novalue: expected NAME=VALUE')]).toEqual([2, true]);
    expect(run('frobnicate').status).toBe(2);
  });

  it('-p values are checked when given', () => {
    const r = run('validate', plan('valid', 'every-field.yaml'), '-p', 'vg=datavg', '-p', 'copies=9');
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('-p copies=9: parameter "copies" is more than the maximum 3');
  });

  it('--help and --version answer on stdout with exit 0, for the program and for validate', () => {
    for (const args of [['--help'], ['validate', '--help'], ['validate', '-h']]) {
      const r = run(...args);
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toContain('usage: mirrorplan');
    }
    expect(run('validate', '--help').stdout).toContain('exit codes: 0 valid (warnings allowed), 2 bad command line, 3 plan or site file invalid');
    for (const args of [['--version'], ['validate', '--version']]) expect(run(...args).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--json gives one stable document on stdout, valid or not, with the same exit codes', () => {
    const ok = run('validate', plan('valid', 'minimal.yaml'), '--json');
    expect(ok.status).toBe(0);
    const good = JSON.parse(ok.stdout);
    expect(Object.keys(good)).toEqual(['format', 'file', 'valid', 'plan', 'steps', 'files', 'errors', 'warnings', 'missing_parameters', 'diagnostics', 'coverage']);
    expect(good).toMatchObject({ format: 'mirrorplan.validate/1', valid: true, plan: 'minimal', steps: 1, errors: 0, diagnostics: [] });
    const ko = run('validate', plan('invalid', 'unknown-kind.yaml'), '--json');
    expect([ko.status, ko.stderr]).toEqual([3, '']);
    const bad = JSON.parse(ko.stdout);
    expect(bad).toMatchObject({ valid: false, plan: null, errors: 1 });
    expect(bad.diagnostics).toEqual([{ severity: 'error', code: 'SCHEMA_UNKNOWN_KIND', message: 'unknown step kind "tsak"', file: plan('invalid', 'unknown-kind.yaml'),
      line: 6, col: 11, path: '/steps/0', step: null, host: null, hint: 'did you mean "task"?', expected: 'task, wait, choice, foreach, manual', found: 'tsak' }]);
  });

  it('a second run of the same plan is served from the plan cache and says the same', () => {
    const target = join(cache, 'plan.yaml');
    writeFileSync(target, 'mirrorplan: 1\nname: cached\nparameters:\n  vg: {type: string}\nsteps:\n  - id: split\n    kind: task\n    command: [splitvg, "${params.vg}"]\n');
    const first = run('validate', target, '--json');
    expect(readdirSync(join(cache)).some((f) => f.endsWith('.json'))).toBe(true);
    const second = run('validate', target, '--json');
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout).diagnostics.map((d: { code: string; line: number }) => `${d.code}:${d.line}`)).toEqual(['PARAM_MISSING:4', 'ROLLBACK_UNCOVERED:6']);
  });
});
