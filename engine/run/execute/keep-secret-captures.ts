import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MirrorplanError } from '../../errors/mirrorplan-error.js';
import type { CaptureValue } from '../../resolve/render-template.js';
import { writeFileAtomic } from '../system/write-file-atomic.js';
import { maskCaptures } from './create-masker.js';

type Captures = Record<string, CaptureValue>;

/**
 * Captures that held a secret, whole, by the step that captured them ('guard' for the
 * guard). The journal keeps them masked, but resume and recover must give later steps and
 * undos the real value, not `********`: they come from here, owner-only like plan.json.
 */
export const SECRET_CAPTURES_FILE = 'secret-captures.json';

export function readSecretCaptures(dir: string): Record<string, Captures> {
  const file = join(dir, SECRET_CAPTURES_FILE);
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new MirrorplanError('RUN_PLAN_CORRUPT', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file, hint: 'use recover --print and the journal to finish by hand' });
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, Captures>;
  } catch (error) {
    throw new MirrorplanError('RUN_PLAN_CORRUPT', `${file} is not a file of captures: ${(error as Error).message}`, { file, hint: 'use recover --print and the journal to finish by hand' });
  }
}

/**
 * The captures as the journal may hold them. When masking hid a secret, the real values
 * are kept first (before the record that refers to them is written), and `secret` says so.
 */
export function capturesForJournal(dir: string, key: string, captures: Captures, mask: (text: string) => string): { captures: Captures; secret: boolean } {
  const masked = maskCaptures(captures, mask);
  const secret = Object.keys(captures).some((name) => JSON.stringify(captures[name]) !== JSON.stringify(masked[name]));
  // A run without a directory (the rehearsal, previews) journals nothing that resume reads.
  if (secret && dir !== '') writeFileAtomic(join(dir, SECRET_CAPTURES_FILE), `${JSON.stringify({ ...readSecretCaptures(dir), [key]: captures })}\n`, { mode: 0o600 });
  return { captures: masked, secret };
}

/** The replayed captures with the secret ones whole again, for a run that continues. */
export function restoreSecretCaptures(dir: string, captures: Record<string, Captures>, secretKeys: readonly string[]): Record<string, Captures> {
  if (secretKeys.length === 0) return captures;
  const kept = readSecretCaptures(dir);
  const missing = secretKeys.filter((key) => kept[key] === undefined);
  if (missing.length > 0) {
    throw new MirrorplanError('RUN_PLAN_CORRUPT', `the captures of ${missing.join(', ')} held a secret and are not in ${join(dir, SECRET_CAPTURES_FILE)}: later steps would get ******** instead of their value`, {
      file: join(dir, SECRET_CAPTURES_FILE), hint: 'use recover --print and the journal to finish by hand',
    });
  }
  return { ...captures, ...Object.fromEntries(secretKeys.map((key) => [key, kept[key]!])) };
}
