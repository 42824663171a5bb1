import { getopt, parseList } from '../args.js';
import { takeSnapshot } from '../content.js';
import { findClass } from '../model/gds.js';
import { done, startProgress } from '../progress.js';
import { R } from '../reconstructed-formats.js';
import type { GdsClass, GdsVolume } from '../state/types.js';
import { msg } from './aix-lvm.js';
import { ok, type CmdResult, type Ctx, type Handler } from './types.js';

// GDS proxy operations (ref F.1, seed 004 steps 3 and 8) and sdxvolume -F/-N
// (ref F.3). sdx* commands are silent on success (ref F.1 [R]).

const PROXY_SYN = 'sdxproxy Join -c class -m master -p proxy [-a ...] [-e delay=msec,softcopy,syncmode,waitsync] | Part -c class -p proxy,... [-a attribute=value] [-e instant,mode=val,unlock] | Rejoin -c class -p proxy,... [-e delay=msec,softcopy,waitsync] | Break -c class -p proxy';
const err = (cmd: string, text: string): CmdResult => msg(R.sdxError(cmd, text));

function inUse(ctx: Ctx, cls: string, vol: string): boolean {
  return Object.values(ctx.state.mounts).some((ms) => ms.some((m) => m.obj.kind === 'gds' && m.obj.cls === cls && m.obj.vol === vol));
}

function classHere(ctx: Ctx, cmd: string, name: string | undefined): GdsClass | CmdResult {
  const c = name ? findClass(ctx.state, name) : null;
  if (!c || !c.scope.includes(ctx.host)) return err(cmd, R.sdxText.noClass(name ?? ''));
  return c;
}

const isRes = (x: object): x is CmdResult => 'code' in x;

function waitCopies(c: GdsClass, names: string[]): (ctx: Ctx) => CmdResult {
  const again = (ctx: Ctx): CmdResult => {
    const cls = ctx.state.gds?.classes[c.name];
    const left = names.map((n) => cls?.volumes[n]?.proxy?.copy).filter((p) => p && !done(p, ctx.now));
    if (left.length === 0) return ok();
    const ms = Math.max(...left.map((p) => (p ? p.startedAt + p.durationMs - ctx.now : 0)));
    return { ...ok(), wait: { ms: Math.max(10, ms), then: again } };
  };
  return again;
}

const sdxproxy: Handler = (args, ctx) => {
  const [op = '', ...rest] = args;
  const p = getopt(rest, 'c:m:p:a:e:');
  if (p.error || p.operands.length) return msg(R.sdxUsage('sdxproxy', PROXY_SYN));
  const c = classHere(ctx, 'sdxproxy', p.opts.get('c'));
  if (isRes(c)) return c;
  const e = parseList(p.opts.get('e'));
  const a = parseList(p.opts.get('a'));
  const proxies = (p.opts.get('p') ?? '').split(',').filter(Boolean);
  if (proxies.length === 0) return msg(R.sdxUsage('sdxproxy', PROXY_SYN));
  const vols: GdsVolume[] = [];
  for (const n of proxies) {
    const v = c.volumes[n];
    if (!v) return err('sdxproxy', R.sdxText.noVolume(n));
    vols.push(v);
  }
  const now = ctx.now;
  if (op === 'Join') {
    const m = c.volumes[p.opts.get('m') ?? ''];
    const v = vols[0];
    if (!m || !v || vols.length !== 1) return err('sdxproxy', R.sdxText.noVolume(p.opts.get('m') ?? ''));
    if (v.proxy || m.proxy || Object.values(c.volumes).some((x) => x.proxy?.master === v.name)) return err('sdxproxy', R.sdxText.alreadyRelated(v.name));
    if (m.group === v.group) return err('sdxproxy', R.sdxText.sameGroup(m.name, v.name));
    if (inUse(ctx, c.name, v.name)) return err('sdxproxy', R.sdxText.inUse(v.name));
    v.proxy = { master: m.name, state: 'Join', copy: startProgress(ctx.state.timing.gdsCopyMs, null), pjrm: 'on' };
    v.started = false;
    v.content = m.content;
  } else if (op === 'Part') {
    for (const v of vols) {
      if (!v.proxy) return err('sdxproxy', R.sdxText.notProxy(v.name));
      if (v.proxy.state !== 'Join') return err('sdxproxy', R.sdxText.notJoined(v.name));
      if (v.proxy.copy && !done(v.proxy.copy, now)) return err('sdxproxy', R.sdxText.copying(v.name));
    }
    for (const v of vols) {
      const proxy = v.proxy;
      const master = proxy ? c.volumes[proxy.master] : undefined;
      if (!proxy || !master) continue;
      // "The parted proxy will be a snapshot of the master at that moment" (ref F.1 [V]).
      const snap = takeSnapshot(ctx.state, master.content, `${ctx.host}:sdxproxy Part ${c.name}/${v.name}`, inUse(ctx, c.name, master.name));
      proxy.state = 'Part';
      proxy.copy = null;
      const pjrm = a.get('pjrm');
      if (pjrm === 'on' || pjrm === 'off') proxy.pjrm = pjrm;
      v.content = { kind: 'snap', snapshot: snap };
      v.started = true;
    }
  } else if (op === 'Rejoin') {
    for (const v of vols) {
      if (!v.proxy) return err('sdxproxy', R.sdxText.notProxy(v.name));
      if (v.proxy.state !== 'Part') return err('sdxproxy', R.sdxText.notParted(v.name));
      if (inUse(ctx, c.name, v.name)) return err('sdxproxy', R.sdxText.inUse(v.name));
    }
    for (const v of vols) {
      const proxy = v.proxy;
      const master = proxy ? c.volumes[proxy.master] : undefined;
      if (!proxy || !master) continue;
      // JRM for proxies copies only changes when pjrm=on (ref F.1 [V]); otherwise a full copy.
      const ms = proxy.pjrm === 'on' ? Math.ceil(ctx.state.timing.gdsCopyMs / 4) : ctx.state.timing.gdsCopyMs;
      proxy.state = 'Join';
      proxy.copy = startProgress(ms, null);
      v.started = false;
      v.content = master.content;
    }
  } else if (op === 'Break') {
    for (const v of vols) {
      if (!v.proxy) return err('sdxproxy', R.sdxText.notProxy(v.name));
      if (v.proxy.state === 'Join') v.content = { kind: 'snap', snapshot: takeSnapshot(ctx.state, v.content, `${ctx.host}:sdxproxy Break ${v.name}`, true) };
      v.proxy = null;
    }
  } else if (['Cancel', 'RejoinRestore', 'Relate', 'Restore', 'Root', 'Swap', 'Update'].includes(op)) {
    return err('sdxproxy', R.sdxText.unsupported(`sdxproxy ${op}`));
  } else {
    return msg(R.sdxUsage('sdxproxy', PROXY_SYN));
  }
  ctx.state.events.push(`${new Date(now).toISOString()} ${ctx.host}: sdxproxy ${op} ${c.name} ${proxies.join(',')}`);
  if ((op === 'Join' || op === 'Rejoin') && e.has('waitsync')) return { ...ok(), wait: { ms: 10, then: waitCopies(c, proxies) } };
  return ok();
};

const VOL_SYN = 'sdxvolume -F -c class [-v volume,...] [-e {allnodes|node=node[:node:...]}] | -N -c class [-v volume,...] [-e [allnodes|node=node[:node:...]],delay=msec,mode=val,nosync,unlock]';

const sdxvolume: Handler = (args, ctx) => {
  const p = getopt(args, 'FNMRSc:v:e:g:d:s:a:');
  const op = ['F', 'N', 'M', 'R', 'S'].filter((k) => p.opts.has(k));
  if (p.error || op.length !== 1 || p.operands.length) return msg(R.sdxUsage('sdxvolume', VOL_SYN));
  if (op[0] !== 'F' && op[0] !== 'N') return err('sdxvolume', R.sdxText.unsupported(`sdxvolume -${op[0] ?? ''}`));
  const c = classHere(ctx, 'sdxvolume', p.opts.get('c'));
  if (isRes(c)) return c;
  const names = p.opts.has('v') ? (p.opts.get('v') ?? '').split(',') : Object.keys(c.volumes);
  const vols: GdsVolume[] = [];
  for (const n of names) {
    const v = c.volumes[n];
    if (!v) return err('sdxvolume', R.sdxText.noVolume(n));
    vols.push(v);
  }
  for (const v of vols) {
    if (op[0] === 'F') {
      if (v.proxy?.copy && !done(v.proxy.copy, ctx.now)) return err('sdxvolume', R.sdxText.copying(v.name));
      if (inUse(ctx, c.name, v.name)) return err('sdxvolume', R.sdxText.inUse(v.name));
    } else if (v.proxy?.state === 'Join' && p.opts.has('v')) {
      return err('sdxvolume', R.sdxText.joinedNoStart(v.name));
    }
  }
  for (const v of vols) {
    if (op[0] === 'F') v.started = false;
    else if (v.proxy?.state !== 'Join') v.started = true;
  }
  return ok();
};

export const handlers: Record<string, Handler> = { sdxproxy, sdxvolume };
