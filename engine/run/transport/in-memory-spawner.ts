import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import type { LaunchSpawner } from './spawner-child.js';
import { SPAWNER_PROTOCOL_VERSION } from './spawner-script.js';

/**
 * A spawner that starts nothing: it answers the protocol of spawner-script.ts in memory,
 * each reply on a later turn of the event loop as the real one's would come, and every
 * command exits 0 at once, printing `stdout` whole (no output bound). The step-path
 * rehearsal sends its commands through it, so that the engine's side of the protocol is
 * compiled before a run's first real command. It reports pid 0, which no process has and
 * which the engine never signals (isCommandGroup).
 */
export function inMemorySpawner(stdout: string): LaunchSpawner {
  const output = Buffer.from(stdout, 'utf8');
  return () => {
    const out = new PassThrough();
    const ends = new EventEmitter();
    const later = (reply: Buffer | string) => setImmediate(() => out.write(reply));
    // Its stdin carries only acks, which need no answer here.
    const stdin = new Writable({
      write(_chunk: Buffer, _encoding, done) { done(); },
      final(done) {
        done();
        setImmediate(() => ends.emit('close', 0, null));
      },
    });
    // One write per command: `<10-digit bytes>\n` then its fields, the id first.
    const commands = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const start = chunk.indexOf(10) + 1;
        const id = chunk.toString('latin1', start, chunk.indexOf(0, start));
        later(`S ${id} 0 1\n`);
        later('W 0 1\n');
        later(Buffer.concat([Buffer.from(`E ${id} 0 - ${output.length} 0 0 0\n`, 'latin1'), output]));
        done();
      },
    });
    later(`READY ${SPAWNER_PROTOCOL_VERSION}\nW 0 1\n`);
    return {
      stdin, stdout: out, stderr: new PassThrough(), commands,
      onError() {},
      onClose: (listener) => { ends.on('close', listener); },
      kill: (signal) => { setImmediate(() => ends.emit('close', null, signal)); },
      ref() {},
      unref() {},
    };
  };
}
