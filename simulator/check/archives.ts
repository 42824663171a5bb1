import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hashTree, MANIFEST_NAME } from '../content.js';
import type { SiteState } from '../state/types.js';
import { readTar } from './tar.js';

// Backups the plans produced: every entry of DIR/backups/ (a tar archive, maybe
// gzipped, or a directory copy) must contain the manifest of a recorded split
// snapshot that was consistent, and exactly that snapshot's file contents.

function norm(p: string): string {
  return p.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

function filesOf(path: string): Record<string, Buffer> | string {
  if (statSync(path).isDirectory()) {
    const out: Record<string, Buffer> = {};
    for (const f of Object.keys(hashTree(path))) out[f] = readFileSync(join(path, f));
    if (existsSync(join(path, MANIFEST_NAME))) out[MANIFEST_NAME] = readFileSync(join(path, MANIFEST_NAME));
    return out;
  }
  let entries;
  try {
    entries = readTar(readFileSync(path));
  } catch (e) {
    return `incomplete or unreadable archive (${(e as Error).message})`;
  }
  const manifest = entries.find((e) => e.type === 'file' && norm(e.path).split('/').pop() === MANIFEST_NAME);
  if (!manifest) return `not a backup of a recorded split (no ${MANIFEST_NAME} in the archive)`;
  const root = norm(manifest.path).slice(0, -MANIFEST_NAME.length);
  const out: Record<string, Buffer> = {};
  for (const e of entries) {
    const p = norm(e.path);
    if (e.type === 'file' && p.startsWith(root)) out[p.slice(root.length)] = e.data;
  }
  return out;
}

export function checkArchives(state: SiteState): string[] {
  const dir = join(state.dir, 'backups');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const where = `backups: ${name}`;
    const files = filesOf(join(dir, name));
    if (typeof files === 'string') {
      out.push(`${where}: ${files}`);
      continue;
    }
    const m = files[MANIFEST_NAME];
    if (!m) {
      out.push(`${where}: not a backup of a recorded split (no ${MANIFEST_NAME})`);
      continue;
    }
    let id = '';
    try {
      id = String((JSON.parse(m.toString('utf8')) as { id?: unknown }).id ?? '');
    } catch {
      out.push(`${where}: unreadable ${MANIFEST_NAME}`);
      continue;
    }
    const snap = state.snapshots[id];
    if (!snap) {
      out.push(`${where}: snapshot ${id} is not a split recorded by this site`);
      continue;
    }
    if (!snap.consistent) out.push(`${where}: snapshot ${id} of ${snap.dataset ?? '?'} (${snap.origin}) was taken while the application was writing: inconsistent`);
    for (const [f, hash] of Object.entries(snap.files)) {
      const data = files[f];
      if (!data) out.push(`${where}: incomplete: ${f} of snapshot ${id} is missing`);
      else if (createHash('sha256').update(data).digest('hex') !== hash) out.push(`${where}: ${f} differs from snapshot ${id}`);
    }
    for (const f of Object.keys(files)) {
      if (f !== MANIFEST_NAME && !(f in snap.files)) out.push(`${where}: ${f} is not part of snapshot ${id}`);
    }
  }
  return out;
}
