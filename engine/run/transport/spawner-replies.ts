/** The longest line the spawner sends; more is a spawner that is broken or not ours. */
const MAX_LINE_BYTES = 256;

export const isCount = (text: string | undefined) => text !== undefined && /^\d+$/.test(text);

/** A line of the spawner's (see spawner-script.ts), split into words; an E line comes with the output that follows it. */
export type SpawnerReply =
  | { kind: 'line'; words: string[] }
  | { kind: 'end'; words: string[]; stdout: Buffer; stderr: Buffer };

/**
 * Cuts what the spawner writes into replies. Bytes arrive in chunks of any size: a reply
 * is handed on only once it is complete. Returns an error text for anything that cannot
 * be the protocol; the reader is of no further use after one.
 */
export class SpawnerReplyReader {
  private input: Buffer = Buffer.alloc(0);

  read(chunk: Buffer, onReply: (reply: SpawnerReply) => boolean): string | null {
    this.input = this.input.length === 0 ? chunk : Buffer.concat([this.input, chunk]);
    for (;;) {
      const newline = this.input.indexOf(10);
      if (newline < 0) return this.input.length > MAX_LINE_BYTES ? 'a line too long' : null;
      if (newline > MAX_LINE_BYTES) return 'a line too long';
      const words = this.input.toString('latin1', 0, newline).split(' ');
      let reply: SpawnerReply;
      if (words[0] !== 'E') {
        this.input = this.input.subarray(newline + 1);
        reply = { kind: 'line', words };
      } else {
        if (words.length !== 8 || !isCount(words[4]) || !isCount(words[5])) return `"${words.join(' ')}"`;
        const outEnd = newline + 1 + Number(words[4]);
        const end = outEnd + Number(words[5]);
        if (this.input.length < end) return null;
        reply = { kind: 'end', words, stdout: this.input.subarray(newline + 1, outEnd), stderr: this.input.subarray(outEnd, end) };
        this.input = this.input.subarray(end);
      }
      // The receiver says whether it still listens (it stops when the spawner is dead).
      if (!onReply(reply)) return null;
    }
  }
}
