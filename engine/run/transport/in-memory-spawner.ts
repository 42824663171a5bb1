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
    let waiting: string | null = null;
    const stdin = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const [kind, id] = chunk.toString('latin1', 0, Math.max(0, chunk.indexOf(10))).split(' ');
        if (kind === 'P' && id !== undefined) waiting = id;
        done();
      },
      final(done) {
        done();
        setImmediate(() => ends.emit('close', 0, null));
      },
    });
    const go = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const id = waiting;
        waiting = null;
        if (id !== null && chunk.toString('latin1') === 'g') {
          later(`S ${id} 0 1\n`);
          later(Buffer.concat([Buffer.from(`E ${id} 0 - ${output.length} 0 0 0\n`, 'latin1'), output]));
        } else if (id !== null) {
          later(`K ${id}\n`);
        }
        done();
      },
    });
    later(`READY ${SPAWNER_PROTOCOL_VERSION}\n`);
    return {
      stdin, stdout: out, stderr: new PassThrough(), go,
      onError() {},
      onClose: (listener) => { ends.on('close', listener); },
      kill: (signal) => { setImmediate(() => ends.emit('close', null, signal)); },
      ref() {},
      unref() {},
    };
  };
}
