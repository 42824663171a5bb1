/**
 * The spawner (engine/run/transport/spawner-script.ts) is a perl process the engine keeps to
 * fork and exec its commands. What it must get exactly right, beyond what the shared transport
 * tests prove for both ways of starting: how a command ended, its identity (pid, session, start
 * time), the moment it is exec'd (after the caller's commit, never before), and every way the
 * spawner itself can fail: missing perl, a spawner that dies before or while running a command,
 * one that talks nonsense, one blocked by a grandchild holding the output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalTransport } from '../../engine/run/transport/local-transport.js';
import { isProcessGroupAlive, readProcessStartTime } from '../../engine/run/transport/process-liveness.js';
import { createSpawnerStarter, findPerl } from '../../engine/run/transport/spawner-starter.js';
import { SPAWNER_PROTOCOL_VERSION } from '../../engine/run/transport/spawner-script.js';
import { directStarter } from '../../engine/run/transport/start-directly.js';
import type { SpawnInfo } from '../../engine/run/transport/transport.js';
import { cli, workspace, writePlan } from '../execution/cli-harness.js';
import { escapingGrandchild } from './escaping-grandchild.js';
import { fakePerl, request, scratch } from './fake-spawner.js';

const until = async (check: () => boolean, ms = 5000) => {
  for (const end = Date.now() + ms; !check(); ) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
};
describe('the spawner', () => {
  const perl = findPerl();

  it('is perl from the base system, and starts commands as its own children', async () => {
    expect(perl, 'CI machines (Debian) have perl-base').not.toBeNull();
    const transport = new LocalTransport({ starter: createSpawnerStarter(perl) });
    const result = await transport.run(request({ argv: ['/bin/sh', '-c', 'tr "\\000" " " < /proc/$PPID/cmdline'] }));
    expect(result.stdout).toMatch(/perl -e/);
  });

  it('reports exit 130 and death by SIGINT apart, and the core-dumping signals by name', async () => {
    const transport = new LocalTransport({ starter: createSpawnerStarter(perl) });
    expect(await transport.run(request({ shell: 'exit 130' }))).toMatchObject({ exitCode: 130, signal: null });
    expect(await transport.run(request({ shell: 'kill -INT $$' }))).toMatchObject({ exitCode: null, signal: 'SIGINT' });
    expect(await transport.run(request({ shell: 'kill -SEGV $$' }))).toMatchObject({ exitCode: null, signal: 'SIGSEGV' });
    expect(await transport.run(request({ argv: ['sh', '-c', 'exit 255'] }))).toMatchObject({ exitCode: 255 });
  });

  it('gives each command its own session, and the start time the engine would read itself', async () => {
    const transport = new LocalTransport({ starter: createSpawnerStarter(perl) });
    let info: SpawnInfo | null = null;
    let seenByEngine: string | null = null;
    const result = await transport.run(request({
      argv: ['/bin/sh', '-c', 'echo "$$ $(ps -o sid= -p $$) $(ps -o pgid= -p $$)"; sleep 0.2'],
      onSpawn: (spawned) => { info = spawned; seenByEngine = readProcessStartTime(spawned.pid); },
    }));
    const spawned = info as SpawnInfo | null;
    expect(spawned).not.toBeNull();
    const [pid, sid, pgid] = result.stdout.trim().split(/\s+/).map(Number);
    expect(pid).toBe(spawned!.pid);
    expect(sid).toBe(pid);
    expect(pgid).toBe(pid);
    expect(spawned!.startTime).toMatch(/^linux:[0-9a-f-]+:\d+$/);
    expect(spawned!.startTime).toBe(seenByEngine);
  });

  it('execs only after the commit, and a commit that throws starts nothing and leaves the spawner usable', async () => {
    const dir = scratch();
    const transport = new LocalTransport({ starter: createSpawnerStarter(perl) });
    const marker = join(dir, 'ran');
    let markerAtCommit: boolean | null = null;
    // The commit takes 200 ms (like a slow fdatasync): a command exec'd before it would have touched the file by then.
    const slowCommit = () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200); markerAtCommit = existsSync(marker); };
    await transport.run(request({ argv: ['touch', marker], beforeStart: slowCommit }));
    expect(markerAtCommit).toBe(false);
    expect(existsSync(marker)).toBe(true);

    const never = join(dir, 'never');
    const failure = new Error('journal failed');
    await expect(transport.run(request({ argv: ['touch', never], beforeStart: () => { throw failure; } }))).rejects.toBe(failure);
    await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(never)).toBe(false);
    expect((await transport.run(request({ argv: ['echo', 'still here'] }))).stdout).toBe('still here\n');
  });

  it('hands each command whole to the process forked for it, one after another through one spawner, even past a pipe\'s buffer', async () => {
    const transport = new LocalTransport({ starter: createSpawnerStarter(perl) });
    // 300 KB of arguments and environment (one string may not pass 128 KiB on Linux): read
    // off fd 3 in many pieces; a process that took a piece of the next command, or left one,
    // would run a wrong argv.
    const big = 'x'.repeat(100_000);
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(await transport.run(request({
        argv: ['/bin/sh', '-c', 'printf "%s %s %s %s" "$1" "$((${#2} + ${#3}))" "${#BIG}" "$PPID"', 'sh', `n${i}`, big, big],
        env: { BIG: big },
      })));
      // A command that cannot be exec'd in between: its process is used up, the next one is forked.
      if (i === 1) expect((await transport.run(request({ argv: ['/nonexistent/program'] }))).spawnError?.code).toBe('ENOENT');
    }
    expect(results.map((r) => r.stdout.split(' ').slice(0, 3).join(' '))).toEqual(['n0 200000 100000', 'n1 200000 100000', 'n2 200000 100000', 'n3 200000 100000']);
    expect(new Set(results.map((r) => r.stdout.split(' ')[3])).size).toBe(1);
  });

  it('runs commands at the same time through one spawner each', async () => {
    const transport = new LocalTransport({ starter: createSpawnerStarter(perl) });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => transport.run(request({ shell: `sleep 0.2; echo ${i} $PPID` }))));
    expect(results.map((r) => r.stdout.split(' ')[0])).toEqual(['0', '1', '2', '3', '4']);
    expect(new Set(results.map((r) => r.stdout.split(' ')[1])).size).toBe(5);
  });

  it('is retired when a grandchild keeps the output open past the timeout, and the next command gets a new one', async () => {
    const dir = scratch();
    const transport = new LocalTransport({ starter: createSpawnerStarter(perl) });
    const pidFile = join(dir, 'escaped.pid');
    const stuck = await transport.run(request({ shell: escapingGrandchild(pidFile), timeoutMs: 1000, killGraceMs: 50 }));
    expect(stuck).toMatchObject({ timedOut: true, signal: 'SIGTERM' });
    expect(stuck.stillRunning).toBeUndefined();
    const after = await transport.run(request({ argv: ['echo', 'next'] }));
    expect(after.stdout).toBe('next\n');
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
  });

  it('gives up on output a grandchild holds open with what was read of it: all with a direct spawn, none through the spawner', async () => {
    const dir = scratch();
    const stuck = (pidFile: string) => request({ shell: escapingGrandchild(pidFile, 'echo before; '), timeoutMs: 1000, killGraceMs: 50 });
    const direct = await new LocalTransport({ starter: directStarter }).run(stuck(join(dir, 'direct.pid')));
    const spawned = await new LocalTransport({ starter: createSpawnerStarter(perl) }).run(stuck(join(dir, 'spawner.pid')));
    for (const file of ['direct.pid', 'spawner.pid']) process.kill(Number(readFileSync(join(dir, file), 'utf8')), 'SIGKILL');
    expect(direct).toMatchObject({ timedOut: true, stdout: 'before\n' });
    expect(spawned).toMatchObject({ timedOut: true, stdout: '' });
  });

  it('starts commands directly, with the same results, where there is no perl', async () => {
    const starter = createSpawnerStarter(null);
    expect(starter.fallbackReason).toMatch(/no perl/);
    const result = await new LocalTransport({ starter }).run(request({ argv: ['/bin/sh', '-c', 'echo out; tr "\\000" " " < /proc/$PPID/cmdline'] }));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^out\n.*node/);
  });

  it('runs the command directly when the spawner dies before it is ready (nothing had run yet)', async () => {
    const starter = createSpawnerStarter(fakePerl(scratch(), 'echo "perl: broken install" >&2; exit 3'));
    const result = await new LocalTransport({ starter }).run(request({ argv: ['echo', 'ran once'] }));
    expect(result).toMatchObject({ exitCode: 0, stdout: 'ran once\n' });
    expect(starter.fallbackReason).toMatch(/exit code 3: perl: broken install/);
    expect((await new LocalTransport({ starter }).run(request({ argv: ['echo', 'again'] }))).stdout).toBe('again\n');
  });

  it('keeps watching a command whose spawner was killed under it: its timeout still kills its group, then its end is reported unknown', async () => {
    const dir = scratch();
    const transport = new LocalTransport({ starter: createSpawnerStarter(perl) });
    const spawnerPidFile = join(dir, 'spawner.pid');
    let spawned: SpawnInfo | null = null;
    const running = transport.run(request({ shell: `echo $PPID > ${spawnerPidFile}; exec sleep 1000`, timeoutMs: 1500, killGraceMs: 100, onSpawn: (info) => { spawned = info; } }));
    // Its start reported too: killed before that, the spawner leaves a command of unknown pid (stillRunning, not this case).
    await until(() => spawned !== null && existsSync(spawnerPidFile) && readFileSync(spawnerPidFile, 'utf8').endsWith('\n'));
    process.kill(Number(readFileSync(spawnerPidFile, 'utf8')), 'SIGKILL');
    const result = await running;
    // Reported only once its group had ended (by the timeout): nothing may run beside it.
    const info = spawned as SpawnInfo | null;
    expect(isProcessGroupAlive(info!.pgid)).toBe(false);
    expect(result.timedOut).toBe(true);
    expect(result.stillRunning).toBeUndefined();
    expect(result.lost).toMatch(/the spawner .* ended with SIGKILL/);
    expect((await transport.run(request({ argv: ['echo', 'recovered'] }))).stdout).toBe('recovered\n');
  });

  it('treats a spawner that answers nonsense as dead, without crashing the engine', async () => {
    const starter = createSpawnerStarter(fakePerl(scratch(), `echo "READY ${SPAWNER_PROTOCOL_VERSION}"; echo "W - -"; read line <&3; echo "E nonsense"; sleep 5`));
    const result = await new LocalTransport({ starter }).run(request({ argv: ['true'] }));
    expect(result.stillRunning).toBe(true);
    expect(result.lost).toMatch(/unexpected: "E nonsense"/);
  });

  it('lets the engine exit while spawners sit idle', () => {
    const script = `
      import { LocalTransport } from ${JSON.stringify(join(__dirname, '../../dist/engine/run/transport/local-transport.js'))};
      const t = new LocalTransport();
      const r = await t.run({ argv: ['echo', 'done'], shell: null, env: {}, timeoutMs: 5000, killGraceMs: 100, maxOutputBytes: 1000 });
      process.stdout.write(r.stdout);`;
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(child.stdout).toBe('done\n');
    expect(child.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('runs a plan the same way with MIRRORPLAN_SPAWN=direct, and refuses an unknown mode before anything exists', async () => {
    const ws = workspace('spawn-mode');
    const plan = writePlan(ws, 'two.yaml', [
      'mirrorplan: 1', 'name: two', 'steps:',
      '  - id: parent', '    kind: task', '    read_only: true', '    command: [/bin/sh, -c, \'tr "\\000" " " < /proc/$PPID/cmdline\']',
      "    capture: { who: { regex: '^([^ ]+)' } }",
      '  - id: again', '    kind: task', '    read_only: true', '    command: [echo, "${steps.parent.who}"]',
    ].join('\n'));
    for (const [mode, parent] of [['spawner', /perl/], ['direct', /node/]] as const) {
      const done = await cli(['run', plan, '--state-dir', ws.state, '--json'], { env: { MIRRORPLAN_SPAWN: mode } });
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout).status).toBe('succeeded');
      const runDir = /journal in (.+?)\)/.exec(done.stderr)![1]!;
      const ends = readFileSync(join(runDir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l.slice(17))).filter((r) => r.type === 'step-end');
      expect(ends[0].captures.who).toMatch(parent);
    }
    const refused = await cli(['run', plan, '--state-dir', join(ws.root, 'fresh-state')], { env: { MIRRORPLAN_SPAWN: 'fork' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('SPAWN_MODE_INVALID: the environment variable MIRRORPLAN_SPAWN is "fork"');
    expect(existsSync(join(ws.root, 'fresh-state'))).toBe(false);
  });
});
