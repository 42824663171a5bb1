import type { Writable } from 'node:stream';
import { constants } from 'node:os';
import { decodeUtf8Prefix } from './output-capture.js';
import { linuxStartTime } from './process-liveness.js';
import { isCount, SpawnerReplyReader } from './spawner-replies.js';
import { SPAWNER_PROTOCOL_VERSION } from './spawner-script.js';
import { launchPerlSpawner, type LaunchSpawner, type SpawnerChild } from './spawner-child.js';
import type { Launch, ProcessControl, ProcessEnding, ProcessEvents } from './process-starter.js';

const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, number]) => [number, name]));
const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]));

/**
 * What takes the next command (a W line): a process the spawner forked ahead, which runs it
 * as its own group, or (pid null, "W - -") the spawner itself, which only says it did not start.
 */
interface ForkedAhead { pid: number | null; ticks: string }

interface Command {
  id: number; file: string; events: ProcessEvents; started: boolean; startTimeSent: boolean;
  runsAs: ForkedAhead | null;
  /** Held until a W says what takes it: the engine knows the pid before anything can exec it. */
  unsent: Buffer | null;
}

export interface SpawnerCallbacks {
  /** It died before it was ready: nothing sent to it has run, so the command it holds (if any) is started another way. */
  failedToStart(reason: string, startElsewhere: (() => void) | null): void;
  /** Its command ended and it can take the next one. */
  idle(spawner: SpawnerProcess): void;
}

const ending = (code: string | undefined, signal: string | undefined): ProcessEnding =>
  code === '-' ? { code: null, signal: SIGNAL_NAMES.get(Number(signal)) ?? `SIG${signal}` } : { code: Number(code), signal: null };

/** One running spawner (see spawner-script.ts) and the one command it runs at a time. */
export class SpawnerProcess {
  private readonly child: SpawnerChild;
  private ready = false;
  private dead = false;
  /** Stdin closed: it takes no more commands and what it still says is ignored. */
  private retired = false;
  private nextId = 1;
  private command: Command | null = null;
  /** Before READY: how to start the command another way should this spawner never get ready. */
  private startElsewhere: (() => void) | null = null;
  private readonly replies = new SpawnerReplyReader();
  private diagnostics = '';
  private held = true;
  /** fd 3: the commands, read by the process the spawner forked ahead. */
  private readonly commands: Writable;
  /** Announced and not yet given a command. */
  private ahead: ForkedAhead | null = null;

  constructor(perlPath: string, private readonly callbacks: SpawnerCallbacks, launch: LaunchSpawner = launchPerlSpawner) {
    this.child = launch(perlPath);
    this.commands = this.child.commands;
    this.commands.on('error', () => { /* it died: onClose says so */ });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => { this.diagnostics = `${this.diagnostics}${chunk.toString('utf8')}`.slice(-2000); });
    this.child.stdin.on('error', () => { /* it died: onClose says so */ });
    this.child.onError((error) => this.die(`cannot start ${perlPath}: ${error.message}`));
    this.child.onClose((code, signal) => this.die(`the spawner (${perlPath}) ended with ${signal ?? `exit code ${code}`}${this.diagnostics ? `: ${this.diagnostics.trim()}` : ''}`));
    this.hold(false);
  }

  /** Whether it can take a command now. */
  get available(): boolean {
    return !this.dead && !this.retired && this.command === null;
  }

  start(launch: Launch, events: ProcessEvents, commit: () => void, startElsewhere: () => void): ProcessControl {
    if (!this.available) throw new Error('spawner is not available');
    const id = this.nextId;
    const fields = [String(id), String(launch.maxOutputBytes), launch.cwd ?? '', String(Object.keys(launch.env).length)];
    for (const [name, value] of Object.entries(launch.env)) fields.push(name, value);
    fields.push(launch.file, ...launch.args);
    const body = Buffer.from(fields.join('\0'), 'utf8');
    const message = Buffer.concat([Buffer.from(`${String(body.length).padStart(10, '0')}\n`, 'latin1'), body]);
    // The process forked ahead execs the command as soon as it reads it: it is sent only
    // once commit() has made the start record durable. A commit that throws sends nothing.
    commit();
    this.nextId++;
    const command: Command = { id, file: launch.file, events, started: false, startTimeSent: false, runsAs: null, unsent: message };
    this.command = command;
    if (!this.ready) this.startElsewhere = startElsewhere;
    this.hold(true);
    if (this.ahead !== null) this.send(command, this.ahead);
    return {
      acknowledgeStart: () => { if (this.command === command && !this.dead && !command.startTimeSent) this.child.stdin.write(`A ${command.id}\n`); },
      // Grandchildren still hold the output: the spawner stays blocked until they end, so it is
      // retired. It sends the output only at the end: nothing of it to return.
      abandon: () => { if (this.command === command) { this.command = null; this.retire(); } return null; },
    };
  }

  /** Ends the spawner once it is idle (EOF on fd 3 ends the process waiting there, then the spawner); a command it still runs is not touched. */
  retire(): void {
    this.retired = true;
    if (!this.dead) { this.child.stdin.end(); this.commands.end(); }
    this.hold(false);
  }

  /** While it runs a command it keeps the engine's event loop alive; idle, it does not. */
  private hold(held: boolean): void {
    if (held === this.held) return;
    this.held = held;
    if (held) this.child.ref(); else this.child.unref();
  }

  private receive(chunk: Buffer): void {
    if (this.retired || this.dead) return;
    const error = this.replies.read(chunk, (reply) => {
      if (reply.kind === 'line') this.onLine(reply.words);
      else this.onEnd(reply.words, reply.stdout, reply.stderr);
      return !this.dead;
    });
    if (error !== null && !this.dead) this.protocolError(error);
  }

  private onLine(words: string[]): void {
    const [kind, first, second, third] = words;
    if (kind === 'READY' && !this.ready) {
      if (first !== String(SPAWNER_PROTOCOL_VERSION)) return this.protocolError(`protocol version ${first}`);
      this.ready = true;
      this.startElsewhere = null;
      return;
    }
    if (kind === 'W') return this.onForkedAhead(first, second);
    const command = this.command;
    if (!command || first !== String(command.id)) return this.protocolError(`"${words.join(' ')}" for no running command`);
    if (kind === 'F' && isCount(second) && !command.started) {
      const code = ERRNO_NAMES.get(Number(second)) ?? `E${second}`;
      this.endCommand();
      command.events.failed({ code, message: `spawn ${command.file} ${code}` });
    } else if (kind === 'S' && command.runsAs !== null && String(command.runsAs.pid) !== second) {
      // It exec'd another process than the one it announced: which one runs it is not known.
      const announced = command.runsAs.pid ?? '-';
      command.runsAs = null;
      this.protocolError(`"${words.join(' ')}" after announcing ${announced} for it`);
    } else if (kind === 'S' && isCount(second) && !command.started && (third === '-' || isCount(third))) {
      command.started = true;
      command.startTimeSent = third !== '-';
      command.events.started(Number(second), command.startTimeSent ? linuxStartTime(third!) : undefined);
    } else if (kind === 'X' && command.started && third !== undefined) {
      command.events.exited(ending(second, third));
    } else {
      this.protocolError(`"${words.join(' ')}"`);
    }
  }

  /** A W line: what takes the next command, sent now if one waits for it. */
  private onForkedAhead(pid: string | undefined, ticks: string | undefined): void {
    const bySpawner = pid === '-' && ticks === '-';
    if (!bySpawner && (!isCount(pid) || !(ticks === '-' || isCount(ticks)))) return this.protocolError(`"W ${pid} ${ticks}"`);
    // Before READY nothing is sent: a spawner that dies then has run nothing (startElsewhere).
    if (!this.ready) return this.protocolError('W before READY');
    if (this.ahead !== null) return this.protocolError('a second W before a command was sent');
    const forked = { pid: bySpawner ? null : Number(pid), ticks: ticks! };
    if (this.command?.unsent) this.send(this.command, forked);
    else this.ahead = forked;
  }

  private send(command: Command, to: ForkedAhead): void {
    command.runsAs = to;
    this.ahead = null;
    this.commands.write(command.unsent!);
    command.unsent = null;
  }

  private onEnd(words: string[], stdout: Buffer, stderr: Buffer): void {
    const command = this.command;
    if (!command || words[1] !== String(command.id) || !command.started) return this.protocolError(`"${words.join(' ')}" for no running command`);
    const [outCut, errCut] = [words[6] === '1', words[7] === '1'];
    this.endCommand();
    command.events.exited(ending(words[2], words[3]));
    command.events.closed({
      stdout: decodeUtf8Prefix(stdout, outCut), stderr: decodeUtf8Prefix(stderr, errCut),
      stdoutTruncated: outCut, stderrTruncated: errCut,
    });
  }

  private endCommand(): void {
    this.command = null;
    this.hold(false);
    this.callbacks.idle(this);
  }

  private protocolError(what: string): void {
    this.child.kill('SIGKILL');
    this.die(`the spawner said something unexpected: ${what}`);
  }

  private die(reason: string): void {
    if (this.dead) return;
    this.dead = true;
    // A process it forked ahead may wait on fd 3: EOF ends it.
    this.commands.destroy();
    this.hold(false);
    const { command, startElsewhere } = this;
    this.command = null;
    this.startElsewhere = null;
    if (!this.ready) return this.callbacks.failedToStart(reason, startElsewhere);
    if (!command) return;
    if (command.unsent) return command.events.failed({ code: 'ESPAWNER', message: `${reason}, before it took ${command.file}` });
    // Sent, so it may have been exec'd even without an S. The process that took it is known
    // from its W: its group is watched like any started command's, so nothing runs beside it.
    if (!command.started && command.runsAs?.pid != null) {
      const { pid, ticks } = command.runsAs;
      command.started = true;
      command.events.started(pid, ticks === '-' ? undefined : linuxStartTime(ticks));
    }
    command.events.lost(reason);
  }
}
