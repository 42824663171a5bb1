import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandRequest } from '../../engine/run/transport/transport.js';

/** A command request with the fields a test does not care about filled in. */
export function request(partial: Partial<CommandRequest>): CommandRequest {
  return { argv: null, shell: null, env: {}, timeoutMs: 10_000, killGraceMs: 200, maxOutputBytes: 1 << 20, ...partial };
}

export const scratch = () => mkdtempSync(join(tmpdir(), 'mp-spawner-'));

/** A stand-in for perl: a script that ignores `-e SCRIPT` and does what the test needs. */
export function fakePerl(dir: string, body: string): string {
  const file = join(dir, 'fake-perl');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}
