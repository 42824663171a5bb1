import { createHash } from 'node:crypto';
import {
  appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import type { ContentRef, SiteState, Snapshot } from './state/types.js';

// Real files behind the simulated volumes. A dataset's live data is
// DIR/data/<dataset>/ (README.txt, ledger.dat with one line per application
// write, index.dat with the committed generation). A split/part/backup freezes
// it into DIR/snapshots/<id>/ plus a manifest, MANIFEST_NAME, that lets `check`
// tie a backup archive back to the split it came from.

export const MANIFEST_NAME = '.mirrorplan-snapshot';

export function dataDir(dir: string, dataset: string): string {
  return join(dir, 'data', dataset);
}

export function snapshotDir(dir: string, id: string): string {
  return join(dir, 'snapshots', id);
}

export function ledgerLine(dataset: string, gen: number): string {
  const digest = createHash('sha256').update(`${dataset}:${gen}`).digest('hex').slice(0, 16);
  return `${String(gen).padStart(6, '0')} ${dataset} record ${digest}\n`;
}

export function initDataset(dir: string, dataset: string, generation: number): void {
  const d = dataDir(dir, dataset);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'README.txt'), `Simulated application data of dataset ${dataset}.\n`);
  let ledger = '';
  for (let g = 1; g <= generation; g++) ledger += ledgerLine(dataset, g);
  writeFileSync(join(d, 'ledger.dat'), ledger);
  writeFileSync(join(d, 'index.dat'), `generation=${generation}\n`);
}

/** The dataset is being written right now: its app runs and can reach the data. */
export function isWriting(state: SiteState, dataset: string): boolean {
  for (const app of Object.values(state.apps)) {
    if (app.dataset !== dataset || app.status !== 'running') continue;
    if (!state.hosts[app.host]?.up) continue;
    if (app.mountPoint === null) return true;
    const m = (state.mounts[app.host] ?? []).find((x) => x.mountPoint === app.mountPoint);
    if (m && !m.readOnly) return true;
  }
  return false;
}

/** One application write per command invocation for every app that is writing. */
export function appTick(state: SiteState): void {
  for (const ds of Object.values(state.datasets)) {
    if (!isWriting(state, ds.name)) continue;
    ds.generation += 1;
    const d = dataDir(state.dir, ds.name);
    appendFileSync(join(d, 'ledger.dat'), ledgerLine(ds.name, ds.generation));
    writeFileSync(join(d, 'index.dat'), `generation=${ds.generation}\n`);
  }
}

function listFiles(root: string, base = root): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, base));
    else out.push(relative(base, p));
  }
  return out;
}

export function hashTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of listFiles(root)) {
    if (f === MANIFEST_NAME) continue;
    files[f] = createHash('sha256').update(readFileSync(join(root, f))).digest('hex');
  }
  return files;
}

/**
 * Freeze the current content of a dataset. If the application is writing at
 * this moment the copy catches a write half done: a partial ledger line that
 * index.dat does not account for. That is what an unquiesced split looks like.
 */
export function takeSnapshot(state: SiteState, content: ContentRef, origin: string, dirty: boolean): string {
  if (content.kind === 'snap') return content.snapshot;
  const id = `snap-${String(state.nextId++).padStart(4, '0')}`;
  const target = snapshotDir(state.dir, id);
  mkdirSync(target, { recursive: true });
  let consistent = true;
  let generation = 0;
  let dataset: string | null = null;
  if (content.kind === 'live') {
    dataset = content.dataset;
    cpSync(dataDir(state.dir, dataset), target, { recursive: true });
    generation = state.datasets[dataset]?.generation ?? 0;
    if (isWriting(state, dataset)) {
      consistent = false;
      appendFileSync(join(target, 'ledger.dat'), ledgerLine(dataset, generation + 1).slice(0, 20));
    }
  }
  const snap: Snapshot = {
    id, dataset, generation, takenAt: Date.now(), consistent, dirty, origin, files: hashTree(target),
  };
  writeFileSync(join(target, MANIFEST_NAME), `${JSON.stringify(snap, null, 1)}\n`);
  state.snapshots[id] = snap;
  state.events.push(`${new Date().toISOString()} snapshot ${id} of ${dataset ?? 'nothing'} from ${origin} consistent=${consistent}`);
  return id;
}

/** Put the files of a (frozen) content on a real directory, as a mount does. */
export function materialize(state: SiteState, snapshot: string, mountPoint: string, readOnly: boolean): void {
  cpSync(snapshotDir(state.dir, snapshot), mountPoint, { recursive: true });
  if (readOnly) {
    for (const f of listFiles(mountPoint)) chmodSync(join(mountPoint, f), 0o444);
  }
}

export function dematerialize(mountPoint: string): void {
  if (!existsSync(mountPoint)) return;
  for (const name of readdirSync(mountPoint)) rmSync(join(mountPoint, name), { recursive: true, force: true });
}

export function isEmptyDir(path: string): boolean {
  return readdirSync(path).length === 0;
}
