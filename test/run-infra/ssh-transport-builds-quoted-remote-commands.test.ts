import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quotePosix, quotePosixArgv } from '../../engine/run/transport/posix-quote.js';
import { SshTransport, buildRemoteCommand } from '../../engine/run/transport/ssh-transport.js';
import { createTransport } from '../../engine/run/transport/create-transport.js';
import { LocalTransport } from '../../engine/run/transport/local-transport.js';
import type { CommandRequest } from '../../engine/run/transport/transport.js';
import { MirrorplanError } from '../../engine/errors/mirrorplan-error.js';

function request(partial: Partial<CommandRequest>): CommandRequest {
  return { argv: null, shell: null, env: {}, timeoutMs: 10_000, killGraceMs: 500, maxOutputBytes: 1 << 20, ...partial };
}

const NASTY = ["it's", 'a b', '$HOME', '`id`', 'line1\nline2', '', "'", "''", '\\', '"q"', '*', '~', 'x;rm -rf /', '-n', 'é ✓', 'A=B'];

/** What a real POSIX shell makes of a quoted word list. */
function parseWithShell(shell: string, quoted: string): string[] {
  const result = spawnSync(shell, ['-c', `for a in ${quoted}; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  return result.stdout.split('\0').slice(0, -1);
}

describe('POSIX quoting', () => {
  it('leaves plain words readable and single-quotes the rest', () => {
    expect(quotePosix('lsvg')).toBe('lsvg');
    expect(quotePosix('/dev/rlv00')).toBe('/dev/rlv00');
    expect(quotePosix("it's")).toBe(`'it'\\''s'`);
    expect(quotePosix('')).toBe(`''`);
    expect(quotePosix('BatchMode=yes')).toBe('BatchMode=yes');
    // As the first word, NAME=value would be an assignment to the shell.
    expect(quotePosixArgv(['A=B', 'A=B'])).toBe(`'A=B' A=B`);
    expect(spawnSync('/bin/sh', ['-c', quotePosixArgv(['A=B'])], { encoding: 'utf8' }).stderr).toMatch(/not found/);
  });

  for (const shell of ['/bin/sh', 'bash', 'dash']) {
    const available = spawnSync(shell, ['-c', 'true']).status === 0;
    it.skipIf(!available)(`round-trips quotes, spaces, $, newlines and more through ${shell}`, () => {
      expect(parseWithShell(shell, quotePosixArgv(NASTY))).toEqual(NASTY);
    });
  }
});

describe('ssh transport', () => {
  const ssh = new SshTransport({ address: 'nodeB', user: 'root', port: 2222 });

  it('builds ssh argv with BatchMode, port, user@host and a quoted remote command', () => {
    expect(ssh.buildSshArgv(request({ argv: ['lslv', '-m', 'data lv'] }))).toEqual(
      ['ssh', '-o', 'BatchMode=yes', '-p', '2222', 'root@nodeB', '--', `lslv -m 'data lv'`]);
    expect(new SshTransport({ address: '10.0.0.5' }).buildSshArgv(request({ argv: ['true'] })))
      .toEqual(['ssh', '-o', 'BatchMode=yes', '10.0.0.5', '--', 'true']);
  });

  it('passes env with an `env` prefix and cwd with cd, and shell scripts through /bin/sh -c', () => {
    expect(buildRemoteCommand(request({ argv: ['backup', '-f', '/dev/rmt0'], env: { TAG: "nightly's", LANG: 'C' }, cwd: '/var/backup dir' })))
      .toBe(`cd '/var/backup dir' && env TAG='nightly'\\''s' LANG=C backup -f /dev/rmt0`);
    expect(buildRemoteCommand(request({ shell: 'lsvg -o | grep "$VG"' }))).toBe(`/bin/sh -c 'lsvg -o | grep "$VG"'`);
  });

  it('the remote command survives a real shell unchanged (what sshd will do with it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp-ssh-'));
    // A fake "ssh" that hands its last argument to sh -c, as sshd does with the command string.
    const fakeSsh = join(dir, 'fake-ssh');
    writeFileSync(fakeSsh, '#!/bin/sh\nfor last; do :; done\nexec /bin/sh -c "$last"\n');
    chmodSync(fakeSsh, 0o755);
    const transport = new SshTransport({ address: 'nodeB', sshPath: fakeSsh });
    return transport.run(request({ argv: ['printf', '%s|', ...NASTY], env: { MP_X: "a'b $c" } })).then((result) => {
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(NASTY.map((a) => `${a}|`).join(''));
    });
  });

  it('describes itself as the full ssh command line', () => {
    expect(ssh.describe(request({ argv: ['lsvg', '-l', 'datavg'] })))
      .toBe(`ssh -o BatchMode=yes -p 2222 root@nodeB -- 'lsvg -l datavg'`);
  });

  it('reports a missing ssh binary as a spawn error, not a throw', async () => {
    const result = await new SshTransport({ address: 'nodeB', sshPath: '/nonexistent/ssh' }).run(request({ argv: ['true'] }));
    expect(result.spawnError?.code).toBe('ENOENT');
  });

  it('rejects bad host config with a typed error', () => {
    expect(() => new SshTransport({ address: '-oProxyCommand=x' })).toThrow(MirrorplanError);
    expect(() => new SshTransport({ address: 'h', port: 70000 })).toThrow(/port/);
    expect(() => new SshTransport({ address: 'h', user: 'a@b' })).toThrow(/user/);
  });
});

describe('createTransport', () => {
  it('makes local and ssh transports and names the known ones for an unknown transport', () => {
    expect(createTransport({ transport: 'local' })).toBeInstanceOf(LocalTransport);
    expect(createTransport({ transport: 'ssh', address: 'nodeB' }).name).toBe('ssh');
    let error: unknown;
    try {
      createTransport({ transport: 'rsh' }, 'nodeB');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MirrorplanError);
    expect((error as MirrorplanError).code).toBe('UNKNOWN_TRANSPORT');
    expect((error as MirrorplanError).details).toMatchObject({ host: 'nodeB', found: 'rsh' });
    expect((error as MirrorplanError).message + (error as MirrorplanError).details.hint).toContain('local, ssh');
    let missing: unknown;
    try {
      createTransport({ transport: 'ssh' }, 'nodeC');
    } catch (e) {
      missing = e;
    }
    expect((missing as MirrorplanError).details.host).toBe('nodeC');
  });
});
