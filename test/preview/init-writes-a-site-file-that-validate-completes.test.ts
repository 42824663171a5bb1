import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { schemaReference } from '../../engine/report/site-template.js';
import { cli, FIXTURES, ROOT, tempDir } from './helpers.js';

const AIX = join(ROOT, 'plans/aix-split-mirror.yaml');
const MARKERS = join(FIXTURES, 'markers.yaml');

describe('mirrorplan init', () => {
  it('writes every parameter and host with its documentation, the modeline, version and plan name', async () => {
    const site = join(tempDir('init'), 'site.yaml');
    const r = await cli(['init', MARKERS, '--site', site]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('fill in: dir');
    const text = readFileSync(site, 'utf8');
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${join(ROOT, 'schemas/site.schema.json')}`);
    expect(text).toMatch(/^mirrorplan_site: 1$/m);
    expect(text).toMatch(/^plan: markers$/m);
    expect(text).toMatch(/# dir: Directory holding the marker files\.\n +# +type: string\n +# +REQUIRED; for example: \/tmp\/markers\n +dir: null/);
    expect(text).toMatch(/# mode: quick skips the operator check\.\n +# +type: string, one of full, quick\n +# +default: full\n +# mode: full/);
    expect(text).toMatch(/type: array of string\n.*default: \[vol1, vol2\]/);
    expect(text).toMatch(/SECRET/);
    expect(text).toMatch(/ {2}node:\n {4}transport: local/);
    expect(text).toMatch(/# {3}LANG: C/);
    // The plan has a secret parameter: the file is private.
    expect(statSync(site).mode & 0o777).toBe(0o600);
    expect(parse(text)).toEqual({ mirrorplan_site: 1, plan: 'markers', parameters: { dir: null }, hosts: { node: { transport: 'local' } } });
  });

  it('points the modeline at the schema relatively inside a tree, absolutely across trees', () => {
    const schema = join(ROOT, 'schemas/site.schema.json');
    expect(schemaReference(join(ROOT, 'plans/sites/x.yaml'), schema)).toBe('../../schemas/site.schema.json');
    expect(schemaReference('/etc/mirrorplan/site.yaml', '/usr/lib/node_modules/mirrorplan/schemas/site.schema.json')).toBe('/usr/lib/node_modules/mirrorplan/schemas/site.schema.json');
  });

  it('refuses to overwrite an existing file (exit 2) unless --force', async () => {
    const site = join(tempDir('init'), 'site.yaml');
    writeFileSync(site, 'mine\n');
    const refused = await cli(['init', MARKERS, '--site', site]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('exists; not overwritten (pass --force');
    expect(readFileSync(site, 'utf8')).toBe('mine\n');
    expect((await cli(['init', MARKERS, '--site', site, '--force'])).code).toBe(0);
    expect(readFileSync(site, 'utf8')).toContain('mirrorplan_site: 1');
  });

  it('needs --site (exit 2) and a valid plan (exit 3)', async () => {
    expect((await cli(['init', MARKERS])).code).toBe(2);
    const site = join(tempDir('init'), 'site.yaml');
    expect((await cli(['init', join(ROOT, 'test/fixtures/plans/invalid/loop.yaml'), '--site', site])).code).toBe(3);
    expect(existsSync(site)).toBe(false);
  });
});

describe('init -> validate round trip on plans/aix-split-mirror.yaml', () => {
  it('validate names every value still missing, at its line; filled in, it passes', async () => {
    const site = join(tempDir('roundtrip'), 'aix.site.yaml');
    {
      expect((await cli(['init', AIX, '--site', site])).code).toBe(0);
      const text = readFileSync(site, 'utf8');
      const missing = await cli(['validate', AIX, '--site', site]);
      expect(missing.code).toBe(3);
      const reported = [...missing.err.matchAll(/:(\d+):\d+: error SCHEMA_TYPE: "(\w+)" is null/g)].map((m) => m[2]);
      expect(reported).toEqual(['node', 'rg', 'vg', 'lv', 'copy_pv', 'app', 'mount_point', 'backup_dir']);
      for (const m of missing.err.matchAll(/:(\d+):\d+: error SCHEMA_TYPE: "(\w+)" is null/g)) {
        expect(text.split('\n')[Number(m[1]) - 1]).toMatch(new RegExp(`^ {2}${m[2]}: null`));
      }
      const values: Record<string, string> = { node: 'node1', rg: 'rg1', vg: 'datavg', lv: 'fslv', copy_pv: 'hdisk2', app: 'app1', mount_point: '/backup/fsdata_bk', backup_dir: '/backup/archives' };
      writeFileSync(site, text.replace(/^ {2}(\w+): null .*$/gm, (_l, name: string) => `  ${name}: ${values[name]}`));
      const valid = await cli(['validate', AIX, '--site', site]);
      expect(valid.err).toBe('');
      expect(valid.code).toBe(0);
      expect(valid.out).toContain('valid plan "aix-split-mirror"');
    }
  });
});
