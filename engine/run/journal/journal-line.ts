import * as crypto from 'node:crypto';

/*
 * One record per line: `<first 16 hex of sha256(json)> <json>\n`. The checksum
 * detects torn and bit-flipped lines; 64 bits is plenty against accidents (this
 * is not a defence against someone who can write the file).
 */

export const CHECKSUM_HEX_LENGTH = 16;

// crypto.hash (Node >= 20.12) is one-shot and ~2x faster than createHash per line,
// which matters when reading 10,000 records on resume; fall back on older Node.
const sha256Hex: (text: string) => string = typeof crypto.hash === 'function'
  ? (text) => crypto.hash('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text).digest('hex');

export function checksumOf(json: string): string {
  return sha256Hex(json).slice(0, CHECKSUM_HEX_LENGTH);
}

export function encodeJournalLine(record: object): string {
  const json = JSON.stringify(record);
  return `${checksumOf(json)} ${json}\n`;
}

export type DecodedLine = { ok: true; value: Record<string, unknown> } | { ok: false; problem: string };

/** Checks the frame and checksum, then parses; `line` excludes the newline. */
export function decodeJournalLine(line: string): DecodedLine {
  if (line.length < CHECKSUM_HEX_LENGTH + 3 || line.charCodeAt(CHECKSUM_HEX_LENGTH) !== 32) {
    return { ok: false, problem: 'no `<checksum> <json>` frame' };
  }
  const json = line.slice(CHECKSUM_HEX_LENGTH + 1);
  if (checksumOf(json) !== line.slice(0, CHECKSUM_HEX_LENGTH)) return { ok: false, problem: 'checksum mismatch' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'invalid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'not a JSON object' };
  return { ok: true, value: value as Record<string, unknown> };
}
