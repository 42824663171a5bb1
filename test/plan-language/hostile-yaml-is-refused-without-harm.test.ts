import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { YAML_LIMITS } from '../../engine/load/bound-yaml-input.js';
import { parseSourceDocument } from '../../engine/load/source-document.js';
import { preparePlan } from '../../engine/prepare-plan.js';
import { buildCliBundle } from './build-cli-bundle.js';

const work = mkdtempSync(join(tmpdir(), 'mp-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hostile YAML', () => {
  it('a file over the size bound is refused before it is read as YAML', () => {
    const file = join(work, 'big.yaml');
    writeFileSync(file, `mirrorplan: 1\nname: big\ndescription: "${'x'.repeat(YAML_LIMITS.maxBytes)}"\nsteps: []\n`);
    expect(preparePlan(file).diagnostics).toEqual([expect.objectContaining({ code: 'YAML_TOO_LARGE', file })]);
  });

  it('deep block nesting is refused at the line that goes too deep', () => {
    const lines = ['mirrorplan: 1', 'x:'];
    for (let i = 1; i <= 80; i++) lines.push(`${'  '.repeat(i)}k${i}:`);
    const { diagnostics } = parseSourceDocument('deep.yaml', lines.join('\n'));
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'YAML_TOO_DEEP', line: 2 + YAML_LIMITS.maxDepth })]);
  });

  it('two over-deep documents parsed in one process leave the process alive (yaml once aborted Node on the second)', () => {
    const outdir = buildCliBundle();
    const deep = `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const script = `
      const { preparePlan } = await import(${JSON.stringify(join(outdir, 'bundle-prepare-plan.js'))});
      const fs = await import('node:fs');
      for (const n of [1, 2, 3]) { fs.writeFileSync(${JSON.stringify(work)} + '/deep' + n + '.yaml', ${JSON.stringify(deep)}); }
      const codes = [1, 2, 3].map((n) => preparePlan(${JSON.stringify(work)} + '/deep' + n + '.yaml').diagnostics[0].code);
      console.log(JSON.stringify(codes));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: resolve('.') });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual(['YAML_TOO_DEEP', 'YAML_TOO_DEEP', 'YAML_TOO_DEEP']);
  });

  it('a self-referencing alias and an alias bomb in a key are refused, not expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', '? [*d, *d]', ': 1'].join('\n');
    expect(parseSourceDocument('bomb.yaml', bomb).diagnostics[0]?.code).toBe('YAML_ALIAS_EXPANSION');
    const many = `list: [${Array.from({ length: 150 }, () => '*a').join(', ')}]\na: &a 1\n`;
    expect(parseSourceDocument('many.yaml', `a0: &a 1\n${many}`).diagnostics[0]?.code).toMatch(/YAML_TOO_MANY_ALIASES|YAML_DUPLICATE_KEY/);
  });

  it('constructor and prototype keys are refused like __proto__', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const { diagnostics } = parseSourceDocument('p.yaml', `a:\n  ${key}: 1\n`);
      expect(diagnostics).toEqual([expect.objectContaining({ code: 'YAML_FORBIDDEN_KEY', line: 2, col: 3 })]);
    }
  });

  it('YAML 1.2 core schema keeps yes/no/on/off strings; only real booleans are booleans', () => {
    const { document } = parseSourceDocument('b.yaml', 'a: on\nb: yes\nc: true\nd: 0o700\n');
    expect(document?.value).toEqual({ a: 'on', b: 'yes', c: true, d: 448 });
  });
});
