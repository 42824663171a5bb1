import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getopt } from '../args.js';
import { dataDir, MANIFEST_NAME, snapshotDir, takeSnapshot } from '../content.js';
import { ecSession, findTv } from '../model/acm.js';
import { startProgress } from '../progress.js';
import { R } from '../reconstructed-formats.js';
import type { AcmVolume } from '../state/types.js';
import { msg } from './aix-lvm.js';
import { ok, type CmdResult, type Ctx, type Handler } from './types.js';

// ETERNUS SF ACM backup management (ref E.1-E.5, E.7; seed 002). The
// "<dev> swstbackup completed" style lines are verbatim in seed 002.

function target(ctx: Ctx, cmd: string, synopsis: string, args: string[], spec: string): { tv: AcmVolume; opts: Map<string, string> } | CmdResult {
  // -Xgds-softcopy and -suspend are long single-dash words: take them out first.
  const words = new Map<string, string>();
  const rest = args.filter((a) => (/^-(suspend|emergency|all|Xgds-softcopy|Xgds-selectcopy)$/.test(a) ? (words.set(a.slice(1), ''), false) : true));
  const p = getopt(rest.map((a) => (a === '-bd' ? '-b' : a === '-Xdevmap' ? '-X' : a)), `${spec}h:X:`);
  if (p.error || p.operands.length !== 1) return msg(R.swstUsage(cmd, synopsis));
  for (const [k, v] of words) p.opts.set(k, v);
  const dev = p.operands[0] ?? '';
  const tv = findTv(ctx.state, dev);
  if (!tv) return msg(R.swstNoDevice(cmd, dev));
  if (tv.lnode) {
    // ref E (ACM-cluster [V]): cluster transactions need SWSTGNODE; seed 002 9.1.7.1:
    // backup runs on the active node, or anywhere when the userApplication is stopped.
    const ua = tv.userApp ? ctx.state.rms?.apps[tv.userApp] : undefined;
    const hereOk = !ua || ua.onlineNode === ctx.host || ua.onlineNode === null;
    if (ctx.env.SWSTGNODE !== tv.lnode || !hereOk) return msg(R.swstWrongNode(dev, tv.lnode));
  }
  return { tv, opts: p.opts };
}

function isResult(x: object): x is CmdResult {
  return 'code' in x;
}

function freeBackupVolume(tv: AcmVolume): string | null {
  const busy = new Set([...Object.keys(tv.sessions).filter((b) => tv.sessions[b]?.kind === 'EC'), ...tv.history.map((h) => h.bv)]);
  const free = tv.bvs.find((b) => !busy.has(b));
  if (free) return free;
  // Generation overflow: the oldest history's volume is reused (ref E.1, 15.x [V]).
  const oldest = tv.history[tv.history.length - 1];
  if (!oldest || tv.sessions[oldest.bv]?.kind === 'EC') return null;
  tv.history.pop();
  return oldest.bv;
}

const SYN_BACKUP = '[-h Server-Name] [-suspend|-T] Device-Name [-Xdevmap Device-Map-File]';
const swstbackup: Handler = (args, ctx) => {
  const t = target(ctx, 'swstbackup', SYN_BACKUP, args, 'Tk');
  if (isResult(t)) return t;
  const { tv, opts } = t;
  const ec = ecSession(tv);
  if (ec && ec[1].status !== 'equivalent') return msg(R.swstNotEquivalent(tv.device));
  let bv = ec ? ec[0] : freeBackupVolume(tv);
  if (!bv) return msg(R.swstNoBackupVolume(tv.device));
  // Pre-processing script unmounts a mounted transaction volume, post remounts it
  // (ref E.6 [V]). Under RMS outside maintenance mode that unmount faults the app.
  const mounts = ctx.state.mounts[ctx.host] ?? [];
  const mi = mounts.findIndex((m) => m.obj.kind === 'acm' && m.obj.dev === tv.device);
  const held = mi >= 0 ? mounts.splice(mi, 1) : [];
  const ua = tv.userApp ? ctx.state.rms?.apps[tv.userApp] : undefined;
  if (held.length && ua && ua.state === 'Online' && !ua.maintenance) {
    ua.state = 'Faulted';
    const app = ua.app ? ctx.state.apps[ua.app] : undefined;
    if (app) app.status = 'stopped';
    ctx.state.events.push(`${new Date(ctx.now).toISOString()} RMS: ${ua.name} Faulted (OpcBackup.pre unmounted ${tv.mountPoint ?? tv.device} outside maintenance mode)`);
  }
  const snap = takeSnapshot(ctx.state, { kind: 'live', dataset: tv.dataset }, `${ctx.host}:swstbackup ${tv.device} -> ${bv}`, false);
  mounts.push(...held);
  if (ec) {
    if (opts.has('suspend')) ec[1].status = 'suspend';
    else delete tv.sessions[bv];
  } else {
    tv.sessions[bv] = { kind: 'OPC', status: 'executing', ...startProgress(ctx.state.timing.opcCopyMs, null) };
  }
  tv.history.unshift({ generation: 1, version: tv.nextVersion++, date: ctx.now, bv, snapshot: snap });
  while (tv.history.length > tv.maxGenerations) tv.history.pop();
  tv.history.forEach((h, i) => (h.generation = i + 1));
  ctx.state.acm!.bvContent[bv] = { kind: 'snap', snapshot: snap };
  return ok(`${tv.device} swstbackup completed\n`);
};

const swstrestore: Handler = (args, ctx) => {
  const t = target(ctx, 'swstrestore', '[-h Server-Name] [-g Generation-No | -v Version-No] [-r Restore-Device-Name] Device-Name', args, 'g:v:r:');
  if (isResult(t)) return t;
  const { tv, opts } = t;
  const g = opts.get('g');
  const v = opts.get('v');
  const h = tv.history.find((x) => (g ? x.generation === Number(g) : v ? x.version === Number(v) : true));
  if (!h) return msg(R.swstNoHistory(tv.device));
  if (Object.values(ctx.state.mounts).some((ms) => ms.some((m) => m.obj.kind === 'acm' && m.obj.dev === tv.device))) return msg(R.swstPreFailed(tv.device));
  const d = dataDir(ctx.state.dir, tv.dataset);
  rmSync(d, { recursive: true, force: true });
  cpSync(snapshotDir(ctx.state.dir, h.snapshot), d, { recursive: true });
  rmSync(join(d, MANIFEST_NAME), { force: true });
  const ds = ctx.state.datasets[tv.dataset];
  if (ds) ds.generation = ctx.state.snapshots[h.snapshot]?.generation ?? ds.generation;
  return ok(`${tv.device} swstrestore completed\n`);
};

const swststartsync: Handler = (args, ctx) => {
  const t = target(ctx, 'swststartsync', '[-h Server-Name] [-Xgds-softcopy | -Xgds-selectcopy] Device-Name [-Xdevmap Device-Map-File]', args, '');
  if (isResult(t)) return t;
  const { tv } = t;
  if (ecSession(tv)) return msg(R.swstAlreadySync(tv.device));
  // A suspended backup volume is resumed first: differential copy (ref E.2 [V]).
  const suspended = Object.entries(tv.sessions).find(([, s]) => s.kind === 'EC' && s.status === 'suspend');
  const bv = suspended ? suspended[0] : freeBackupVolume(tv);
  if (!bv) return msg(R.swstNoBackupVolume(tv.device));
  const ms = suspended ? Math.ceil(ctx.state.timing.ecCopyMs / 4) : ctx.state.timing.ecCopyMs;
  tv.history = tv.history.filter((h) => h.bv !== bv);
  tv.sessions[bv] = { kind: 'EC', status: 'executing', ...startProgress(ms, null) };
  ctx.state.acm!.bvContent[bv] = { kind: 'live', dataset: tv.dataset };
  return ok(`${tv.device} swststartsync completed\n`);
};

const swstcancelsync: Handler = (args, ctx) => {
  const t = target(ctx, 'swstcancelsync', '[-h Server-Name] [-emergency] [-bd Backup-Device-Name | -all] Device-Name', args, 'b:');
  if (isResult(t)) return t;
  const { tv, opts } = t;
  const bd = opts.get('b');
  const victims = Object.entries(tv.sessions).filter(([bv, s]) =>
    s.kind === 'EC' && (bd !== undefined ? bv === bd : opts.has('all') || s.status !== 'suspend'));
  if (victims.length === 0) return msg(R.swstNoSync(tv.device));
  for (const [bv] of victims) {
    delete tv.sessions[bv];
    if (!tv.history.some((h) => h.bv === bv)) ctx.state.acm!.bvContent[bv] = { kind: 'empty' };
  }
  return ok(`${R.swstCancelDone(tv.device)}\n`);
};

export const handlers: Record<string, Handler> = { swstbackup, swstrestore, swststartsync, swstcancelsync };
