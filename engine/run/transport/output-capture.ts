import type { Readable } from 'node:stream';

/**
 * Keeps the first `limit` bytes of a stream and drains (drops) the rest: a
 * command that prints 10 GB must neither fill the engine's memory nor block on
 * a full pipe.
 */
export interface BoundedCapture {
  text(): string;
  readonly truncated: boolean;
}

export function captureBounded(stream: Readable | null, limit: number): BoundedCapture {
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  if (stream !== null) {
    stream.on('data', (chunk: Buffer) => {
      if (kept >= limit) {
        truncated = true;
        return;
      }
      const room = limit - kept;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        kept = limit;
        truncated = true;
      } else {
        chunks.push(chunk);
        kept += chunk.length;
      }
    });
    // A stream error (EPIPE after the group was killed) must not crash the engine.
    stream.on('error', () => {});
  }
  return {
    text: () => decodeUtf8Prefix(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), truncated),
    get truncated() {
      return truncated;
    },
  };
}

/** When cut at the limit, drop a trailing partial UTF-8 sequence instead of emitting U+FFFD. */
export function decodeUtf8Prefix(bytes: Buffer, truncated: boolean): string {
  if (!truncated || bytes.length === 0) return bytes.toString('utf8');
  let end = bytes.length;
  let back = 0;
  // Walk back over continuation bytes (10xxxxxx) to the lead byte of the last character.
  while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1]! & 0xc0) === 0x80) back++;
  const leadIndex = end - back - 1;
  if (leadIndex >= 0) {
    const lead = bytes[leadIndex]!;
    const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (needed > back + 1) end = leadIndex;
  }
  return bytes.subarray(0, end).toString('utf8');
}
