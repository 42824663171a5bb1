import { getopt, parseList } from '../args.js';
import { sliceStatus } from '../model/gds.js';
import { R } from '../reconstructed-formats.js';
import type { GdsClass, ShadowClass } from '../state/types.js';
import { msg } from './aix-lvm.js';
import { lines, ok, pad, type Ctx, type Handler } from './types.js';

// sdxinfo (ref F.2; the -S layout and the -V -e long leading columns are
// verbatim in seed 004, the other columns are [R]).

const RULE = (ws: number[]): string => ws.map((w) => '-'.repeat(w - 1)).join(' ');
const row = (vals: string[], ws: number[]): string => vals.map((v, i) => (i === vals.length - 1 ? v : pad(v, ws[i] ?? 8))).join('');

interface View {
  name: string;
  shadow: boolean;
  cls: GdsClass | null;
  sh: ShadowClass | null;
}

function views(ctx: Ctx, only: string | undefined): View[] {
  const out: View[] = [];
  for (const c of Object.values(ctx.state.gds?.classes ?? {})) {
    if (c.scope.includes(ctx.host) && (!only || only === c.name)) out.push({ name: c.name, shadow: false, cls: c, sh: null });
  }
  for (const [name, sh] of Object.entries(ctx.state.gds?.shadows[ctx.host] ?? {})) {
    if (!only || only === name) out.push({ name, shadow: true, cls: null, sh });
  }
  return out;
}

const sdxinfo: Handler = (args, ctx) => {
  const p = getopt(args, 'ACDGSVIc:o:e:');
  if (p.error || p.operands.length > 0) return msg(R.sdxUsage('sdxinfo', 'sdxinfo [-ACDGSV] [-c class] [-o object] [-e label,long]'));
  const cls = p.opts.get('c');
  const obj = p.opts.get('o');
  const long = parseList(p.opts.get('e')).has('long');
  const vs = views(ctx, cls);
  if (cls && vs.length === 0) return msg(R.sdxError('sdxinfo', R.sdxText.noClass(cls)));
  const sel = ['C', 'D', 'G', 'V', 'S'].filter((k) => p.opts.has(k));
  const want = (k: string): boolean => p.opts.has('A') || sel.length === 0 || sel.includes(k);
  const out: string[] = [];
  const now = ctx.now;
  if (want('C')) {
    const ws = [6, 8, 7, 13, 5];
    out.push(R.sdxClassHeader, RULE(ws));
    for (const v of vs) out.push(row(['class', v.name, v.shadow ? 'shadow' : 'shared', v.cls ? v.cls.scope.join(':') : ctx.host, '0'], ws));
    out.push('');
  }
  if (want('D')) {
    const ws = [7, 8, 7, 8, 8, 8, 9, 14, 6];
    out.push(R.sdxDiskHeader, RULE(ws));
    for (const v of vs) {
      const disks = v.cls ? v.cls.disks : v.sh?.disks ?? {};
      for (const [d, info] of Object.entries(disks)) {
        if (obj && obj !== d) continue;
        out.push(row(['disk', d, 'mirror', v.name, info.group ?? '*', info.physical, '17773440', v.shadow ? ctx.host : (v.cls?.scope ?? []).map((n) => `${n}:${info.physical}`).join(','), 'ENABLE'], ws));
      }
    }
    out.push('');
  }
  if (want('G')) {
    const ws = [7, 8, 8, 24, 9, 9, 5];
    out.push(R.sdxGroupHeader, RULE(ws));
    for (const v of vs) {
      for (const [g, info] of Object.entries(v.cls ? v.cls.groups : v.sh?.groups ?? {})) {
        if (obj && obj !== g) continue;
        out.push(row(['group', g, v.name, info.disks.join(':'), '17773440', '16000000', '0'], ws));
      }
    }
    out.push('');
  }
  if (want('V')) out.push(...volumeRows(vs, obj, long, now), '');
  if (want('S')) {
    // seed 004 [V] layout.
    const ws = [7, 8, 8, 8, 8, 8];
    out.push('OBJ    CLASS   GROUP   DISK    VOLUME  STATUS', '------ ------- ------- ------- ------- --------');
    for (const v of vs) {
      if (v.cls) {
        for (const vol of Object.values(v.cls.volumes)) {
          if (obj && obj !== vol.name) continue;
          for (const d of v.cls.groups[vol.group]?.disks ?? []) out.push(row(['slice', v.name, vol.group, d, vol.name, sliceStatus(vol, now)], ws));
        }
      } else {
        for (const [name, sv] of Object.entries(v.sh?.volumes ?? {})) {
          if (obj && obj !== name) continue;
          for (const d of v.sh?.groups[sv.group]?.disks ?? []) out.push(row(['slice', v.name, sv.group, d, name, sv.started ? 'ACTIVE' : 'STOP'], ws));
        }
      }
    }
    out.push('');
  }
  while (out[out.length - 1] === '') out.pop();
  return { ...ok(lines(out)), readOnly: true };
};

function volumeRows(vs: View[], obj: string | undefined, long: boolean, now: number): string[] {
  const wsShort = [7, 8, 8, 8, 5, 4, 9, 9, 9, 8];
  const wsLong = [7, 8, 7, 8, 8, 7, 7, 6, 5, 5, 5, 8];
  const out: string[] = long
    ? [`${row(['OBJ', 'NAME', 'TYPE', 'CLASS', 'GROUP', 'DISK', 'MASTER', 'PROXY'], wsLong)} ${R.sdxLongTail.join(' ')}`, RULE(wsLong)]
    : [R.sdxVolumeHeader, R.sdxVolumeRule];
  for (const v of vs) {
    const vols = v.cls
      ? Object.values(v.cls.volumes).map((x) => ({ name: x.name, group: x.group, blocks: x.blocks, first: x.firstBlock, master: x.proxy?.master ?? '*', proxy: x.proxy?.state ?? '*', pjrm: x.proxy?.pjrm ?? '*', status: x.proxy?.state === 'Join' ? sliceStatus(x, now) : x.started ? 'ACTIVE' : 'STOP', mode: 'rw' }))
      : Object.entries(v.sh?.volumes ?? {}).map(([name, x]) => ({ name, group: x.group, blocks: x.blocks, first: 65536, master: '*', proxy: '*', pjrm: '*', status: x.started ? 'ACTIVE' : 'STOP', mode: x.mode }));
    const groups = [...new Set(vols.filter((x) => !obj || x.name === obj).map((x) => x.group))];
    for (const g of groups) {
      const mine = vols.filter((x) => x.group === g && (!obj || x.name === obj));
      const last = Math.max(...vols.filter((x) => x.group === g).map((x) => x.first + x.blocks));
      const star = (status: string, first: number, lastBlk: number): string => long
        ? row(['volume', '*', 'mirror', v.name, g, '*', '*', '*', '*', '*', '*', status], wsLong)
        : row(['volume', '*', v.name, g, '*', '*', String(first), String(lastBlk), String(lastBlk - first + 1), status], wsShort);
      out.push(star('PRIVATE', 0, 65535));
      for (const x of mine) {
        out.push(long
          ? row(['volume', x.name, 'mirror', v.name, g, '*', x.master, x.proxy, x.pjrm, 'EC', x.mode, x.status], wsLong)
          : row(['volume', x.name, v.name, g, 'off', 'on', String(x.first), String(x.first + x.blocks - 1), String(x.blocks), x.status], wsShort));
      }
      out.push(star('FREE', last, 17773439));
    }
  }
  return out;
}

export const handlers: Record<string, Handler> = { sdxinfo };
