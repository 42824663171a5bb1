import { gunzipSync } from 'node:zlib';

// Just enough of a tar reader (ustar, GNU long names, pax path) to list an
// archive and read its files, so `check` can compare a backup with the split
// it claims to come from. Throws on a truncated or corrupt archive.

export interface TarEntry {
  path: string;
  type: 'file' | 'dir' | 'other';
  data: Buffer;
}

function str(b: Buffer, start: number, len: number): string {
  const s = b.subarray(start, start + len);
  const nul = s.indexOf(0);
  return s.subarray(0, nul < 0 ? s.length : nul).toString('utf8');
}

function octal(b: Buffer, start: number, len: number): number {
  const t = str(b, start, len).trim();
  return t === '' ? 0 : parseInt(t, 8);
}

export function readTar(raw: Buffer): TarEntry[] {
  const buf = raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  const out: TarEntry[] = [];
  let off = 0;
  let longName: string | null = null;
  let ended = false;
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((x) => x === 0)) {
      ended = true;
      break;
    }
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] ?? 0);
    if (sum !== octal(h, 148, 8)) throw new Error(`bad header checksum at offset ${off}`);
    const size = octal(h, 124, 12);
    const flag = String.fromCharCode(h[156] ?? 48);
    const dataStart = off + 512;
    if (dataStart + size > buf.length) throw new Error('archive is truncated');
    const data = buf.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / 512) * 512;
    if (flag === 'L') {
      longName = str(data, 0, data.length);
      continue;
    }
    if (flag === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m) longName = m[1] ?? null;
      continue;
    }
    if (flag === 'g') continue;
    const prefix = str(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100));
    longName = null;
    const type = flag === '0' || flag === '\0' ? 'file' : flag === '5' ? 'dir' : 'other';
    out.push({ path: name, type, data: Buffer.from(data) });
  }
  if (!ended) throw new Error('archive is incomplete (no end-of-archive marker)');
  return out;
}
