import { describe, expect, it } from 'vitest';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTransport } from '../../engine/run/transport/local-transport.js';
import { directStarter } from '../../engine/run/transport/start-directly.js';
import { createSpawnerStarter } from '../../engine/run/transport/spawner-starter.js';
import type { CommandRequest } from '../../engine/run/transport/transport.js';

function request(partial: Partial<CommandRequest>): CommandRequest {
  return { argv: null, shell: null, env: {}, timeoutMs: 10_000, killGraceMs: 500, maxOutputBytes: 1 << 20, ...partial };
}

// Every behaviour holds whichever way the process is started: through the spawner (perl) or directly.
describe.each([
  ['spawner', createSpawnerStarter()],
  ['direct spawn', directStarter],
] as const)('local transport: results (%s)', (_mode, starter) => {
  const transport = new LocalTransport({ starter });

  it('returns exit codes without throwing', async () => {
    expect((await transport.run(request({ argv: ['true'] }))).exitCode).toBe(0);
    const failed = await transport.run(request({ argv: ['sh', '-c', 'echo out; echo err >&2; exit 7'] }));
    expect(failed).toMatchObject({ exitCode: 7, signal: null, stdout: 'out\n', stderr: 'err\n', timedOut: false, spawnError: null });
  });

  it('passes argv elements literally, without a shell', async () => {
    const tricky = ['$HOME', '`id`', "it's", 'a b', '*', '\n'];
    const result = await transport.run(request({ argv: ['printf', '%s|', ...tricky] }));
    expect(result.stdout).toBe(tricky.map((t) => `${t}|`).join(''));
  });

  it('reports a missing program as spawnError ENOENT with the same result shape', async () => {
    const result = await transport.run(request({ argv: ['/nonexistent/mirrorplan-no-such-tool', '-x'] }));
    expect(result).toMatchObject({ exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, aborted: false });
    expect(result.spawnError?.code).toBe('ENOENT');
    expect(typeof result.durationMs).toBe('number');
  });

  it('reports a malformed request (both argv and shell, bad env name) as EINVAL', async () => {
    expect((await transport.run(request({ argv: ['true'], shell: 'true' }))).spawnError?.code).toBe('EINVAL');
    expect((await transport.run(request({ argv: [] }))).spawnError?.code).toBe('EINVAL');
    expect((await transport.run(request({ argv: ['true'], env: { 'A=B': '1' } }))).spawnError?.code).toBe('EINVAL');
  });

  it('keeps the first maxOutputBytes of 10 MB of output, marks truncation and still drains to exit', async () => {
    const result = await transport.run(request({
      shell: 'head -c 10485760 /dev/zero | tr "\\0" x; echo done >&2',
      maxOutputBytes: 64 * 1024,
    }));
    expect(result.exitCode).toBe(0);
    expect(result.stdout.length).toBe(64 * 1024);
    expect(result.stdoutTruncated).toBe(true);
    expect(result.stderr).toBe('done\n');
    expect(result.stderrTruncated).toBe(false);
  });

  it('does not split a multi-byte character at the truncation point', async () => {
    const result = await transport.run(request({ argv: ['printf', 'aé'], maxOutputBytes: 2 }));
    expect(result.stdout).toBe('a');
    expect(result.stdoutTruncated).toBe(true);
  });

  it('merges env over the engine environment and honours cwd', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mp-cwd-')));
    const result = await transport.run(request({
      shell: 'echo "$MP_TEST_VALUE|$PATH_SET|$(pwd)"',
      env: { MP_TEST_VALUE: 'x y $z', PATH_SET: process.env.PATH ? 'yes' : 'no' },
      cwd: dir,
    }));
    expect(result.stdout).toBe(`x y $z|yes|${dir}\n`);
  });

  it('reports a missing cwd as a spawn error that names the directory, not the program', async () => {
    const result = await transport.run(request({ argv: ['true'], cwd: '/nonexistent/mirrorplan-dir' }));
    expect(result.spawnError).toEqual({ code: 'ENOENT', message: 'its working directory (cwd) /nonexistent/mirrorplan-dir does not exist or is not a directory' });
    // A missing program in an existing directory is still the program's fault.
    const missing = await transport.run(request({ argv: ['/nonexistent/mirrorplan-no-such-tool'], cwd: '/tmp' }));
    expect(missing.spawnError?.message).toMatch(/mirrorplan-no-such-tool/);
  });

  it('describes a command as a one-line shell command', () => {
    expect(transport.describe(request({ argv: ['lsvg', '-l', 'data vg'], env: { A: "it's" }, cwd: '/tmp' })))
      .toBe(`cd /tmp && env A='it'\\''s' lsvg -l 'data vg'`);
    expect(transport.describe(request({ shell: 'a | b' }))).toBe(`/bin/sh -c 'a | b'`);
  });
});
