import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './build-cli-bundle.js';

it('the committed validators, types and schema hash are what schemas/generate.mjs makes from the schemas', () => {
  const check = spawnSync(process.execPath, [join(ROOT, 'schemas', 'generate.mjs'), '--check'], { encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
}, 30_000);
