/**
 * The spawner's replies arrive through a pipe in chunks of any size; an E reply carries
 * the command's output, which may contain newlines and anything else. The reader must hand
 * on each reply whole, wherever the chunks are cut, and name what is not the protocol.
 */
import { describe, expect, it } from 'vitest';
import { SpawnerReplyReader, type SpawnerReply } from '../../engine/run/transport/spawner-replies.js';

const STREAM = Buffer.concat([
  Buffer.from('READY 1\nS 1 4242 987\n'),
  Buffer.from('E 1 0 - 9 3 0 0\n'), Buffer.from('out\nE 2 x'), Buffer.from('e\r\n'),
  Buffer.from('X 2 - 15\nE 2 - 9 0 0 0 1\n'),
]);
const summary = (r: SpawnerReply) => (r.kind === 'line' ? r.words.join(' ') : `${r.words.join(' ')} | ${r.stdout.toString('latin1')} | ${r.stderr.toString('latin1')}`);
const EXPECTED = ['READY 1', 'S 1 4242 987', 'E 1 0 - 9 3 0 0 | out\nE 2 x | e\r\n', 'X 2 - 15', 'E 2 - 9 0 0 0 1 |  | '];

function readAll(chunks: Buffer[]): { replies: string[]; errors: (string | null)[] } {
  const reader = new SpawnerReplyReader();
  const replies: string[] = [];
  const errors = chunks.map((chunk) => reader.read(chunk, (reply) => { replies.push(summary(reply)); return true; }));
  return { replies, errors };
}

describe('spawner replies', () => {
  it('come out whole wherever the stream is cut: in one chunk, byte by byte, and at every split point', () => {
    expect(readAll([STREAM])).toEqual({ replies: EXPECTED, errors: [null] });
    expect(readAll([...STREAM].map((byte) => Buffer.from([byte]))).replies).toEqual(EXPECTED);
    for (let cut = 1; cut < STREAM.length; cut++) {
      expect(readAll([STREAM.subarray(0, cut), STREAM.subarray(cut)]).replies, `cut at ${cut}`).toEqual(EXPECTED);
    }
  });

  it('stop being read when the receiver stops listening', () => {
    const reader = new SpawnerReplyReader();
    const seen: string[] = [];
    reader.read(STREAM, (reply) => { seen.push(summary(reply)); return seen.length < 2; });
    expect(seen).toEqual(EXPECTED.slice(0, 2));
  });

  it('name what is not the protocol: a line too long (complete or not yet) and an E line without byte counts', () => {
    expect(readAll([Buffer.from(`S ${'9'.repeat(300)}\n`)]).errors).toEqual(['a line too long']);
    expect(readAll([Buffer.from('S '.repeat(200))]).errors).toEqual(['a line too long']);
    expect(readAll([Buffer.from('E 1 0 - many 0 0 0\n')]).errors).toEqual(['"E 1 0 - many 0 0 0"']);
    expect(readAll([Buffer.from('S 1 2 3')]).errors).toEqual([null]);
  });
});
