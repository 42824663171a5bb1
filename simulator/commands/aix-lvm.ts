import { getopt } from '../args.js';
import { findLv, lvOpen, stanzaMountPoint, staleByCopy, totalStale, usedOnPv, vgHere } from '../model/aix.js';
import { R } from '../reconstructed-formats.js';
import type { Lv, SiteState, Vg } from '../state/types.js';
import { fail, lines, ok, pad, type CmdResult, type Ctx, type Handler } from './types.js';

// Read-only AIX LVM listings: lsvg (ref A.1) and lslv (ref A.2).

const LSVG_SYNOPSIS = 'lsvg [-L] [-o] [-n PhysicalVolume] [-i] [-l | -p | -M] VolumeGroup ...';
const LSLV_SYNOPSIS = 'lslv [-L] [-l | -m] [-n PhysicalVolume] LogicalVolume';

/** Two label/value columns: label to col 20, value to col 45 (ref A.1 [V] layout). */
function pair(l1: string, v1: string, l2?: string, v2?: string, w1 = 20, w2 = 25, w3 = 16): string {
  const left = pad(l1, w1) + (l2 === undefined ? v1 : pad(v1, w2));
  return l2 === undefined ? left : left + pad(l2, w3) + (v2 ?? '');
}

function lvDistinctPvs(lv: Lv): number {
  return new Set(lv.copies.map((c) => c.pv)).size;
}

function lvStateWord(state: SiteState, vg: Vg, lv: Lv, now: number, opened: string): string {
  return `${lvOpen(state, vg, lv) ? opened : 'closed'}/${totalStale(lv, now) > 0 ? 'stale' : 'syncd'}`;
}

function vgInfo(state: SiteState, vg: Vg, now: number): string[] {
  const total = vg.pvs.length * vg.ppsPerPv;
  const used = vg.pvs.reduce((a, pv) => a + usedOnPv(vg, pv), 0);
  const mb = (n: number): string => `${n} (${n * vg.ppSizeMb} megabytes)`;
  const lvs = Object.values(vg.lvs);
  const stalePps = lvs.reduce((a, lv) => a + totalStale(lv, now), 0);
  const stalePvs = new Set(lvs.flatMap((lv) => lv.copies.filter((_, i) => (staleByCopy(lv, now)[i] ?? 0) > 0).map((c) => c.pv))).size;
  const open = lvs.filter((lv) => lvOpen(state, vg, lv)).length;
  return [
    pair('VOLUME GROUP:', vg.name, 'VG IDENTIFIER:', vg.id),
    pair('VG STATE:', 'active', 'PP SIZE:', `${vg.ppSizeMb} megabyte(s)`),
    pair('VG PERMISSION:', 'read/write', 'TOTAL PPs:', mb(total)),
    pair('MAX LVs:', '256', 'FREE PPs:', mb(total - used)),
    pair('LVs:', String(lvs.length), 'USED PPs:', mb(used)),
    pair('OPEN LVs:', String(open), 'QUORUM:', `${Math.floor(vg.pvs.length / 2) + 1} (Enabled)`),
    pair('TOTAL PVs:', String(vg.pvs.length), 'VG DESCRIPTORS:', String(vg.pvs.length === 1 ? 2 : vg.pvs.length === 2 ? 3 : vg.pvs.length)),
    pair('STALE PVs:', String(stalePvs), 'STALE PPs:', String(stalePps)),
    pair('ACTIVE PVs:', String(vg.pvs.length), 'AUTO ON:', 'no'),
    pair('MAX PPs per VG:', '32512'),
    pair('MAX PPs per PV:', '1016', 'MAX PVs:', '32'),
    pair('LTG size (Dynamic):', '256 kilobyte(s)', 'AUTO SYNC:', 'no'),
    pair('HOT SPARE:', 'no', 'BB POLICY:', 'relocatable'),
  ];
}

function vgLvList(state: SiteState, host: string, vg: Vg, now: number): string[] {
  // Column widths from real samples (ref A.1 `lsvg -l` [V]).
  const row = (a: string, b: string, c: string, d: string, e: string, f: string, g: string): string =>
    pad(a, 20) + pad(b, 11) + pad(c, 8) + pad(d, 8) + pad(e, 5) + pad(f, 14) + g;
  const out = [`${vg.name}:`, row('LV NAME', 'TYPE', 'LPs', 'PPs', 'PVs', 'LV STATE', 'MOUNT POINT')];
  for (const lv of Object.values(vg.lvs)) {
    out.push(row(lv.name, lv.type, String(lv.lps), String(lv.lps * lv.copies.length), String(lvDistinctPvs(lv)),
      lvStateWord(state, vg, lv, now, 'open'), stanzaMountPoint(state, host, lv.name) ?? 'N/A'));
  }
  return out;
}

function vgPvList(vg: Vg): string[] {
  // ref A.1 `lsvg -p` [V].
  const out = [`${vg.name}:`, `${pad('PV_NAME', 18)}${pad('PV STATE', 18)}${pad('TOTAL PPs', 12)}${pad('FREE PPs', 12)}FREE DISTRIBUTION`];
  for (const pv of vg.pvs) {
    const free = vg.ppsPerPv - usedOnPv(vg, pv);
    const fifth = Math.floor(free / 5);
    const dist = [0, 1, 2, 3, 4].map((i) => (i < free % 5 ? fifth + 1 : fifth)).join('..');
    out.push(`${pad(pv, 18)}${pad('active', 18)}${pad(String(vg.ppsPerPv), 12)}${pad(String(free), 12)}${dist}`);
  }
  return out;
}

function vgMap(vg: Vg, now: number): string[] {
  // ref A.1 `lsvg -M` [V]: PV:PP  LV:LP[:copy]  [stale]; free ranges as PV:first-last.
  const out = [vg.name];
  for (const pv of vg.pvs) {
    let pp = 1;
    for (const lv of Object.values(vg.lvs)) {
      const stale = staleByCopy(lv, now);
      lv.copies.forEach((c, ci) => {
        if (c.pv !== pv) return;
        for (let lp = 1; lp <= lv.lps; lp++, pp++) {
          const name = lv.copies.length > 1 ? `${lv.name}:${lp}:${ci + 1}` : `${lv.name}:${lp}`;
          const isStale = lp <= (stale[ci] ?? 0);
          out.push(`${pad(`${pv}:${pp}`, 16)}${isStale ? `${pad(name, 16)}stale` : name}`);
        }
      });
    }
    if (pp <= vg.ppsPerPv) out.push(`${pv}:${pp}-${vg.ppsPerPv}`);
  }
  return out;
}

const lsvg: Handler = (args, ctx) => {
  const p = getopt(args, 'LoilpMn:');
  if (p.error) return usage('lsvg', LSVG_SYNOPSIS, p.error);
  const { state, host, now } = ctx;
  const known = Object.values(state.vgs).filter((vg) => vg.definedOn.includes(host));
  if (p.opts.has('o')) return ok(lines(known.filter((vg) => vgHere(state, host, vg)).map((vg) => vg.name)));
  if (p.operands.length === 0) return ok(lines(known.map((vg) => vg.name)));
  const out: string[] = [];
  const err: string[] = [];
  for (const name of p.operands) {
    const vg = known.find((v) => v.name === name);
    if (!vg) {
      err.push(R.lsvgNoVg(name).text);
      continue;
    }
    if (!vgHere(state, host, vg)) {
      err.push(R.vgNotVariedOn('lsvg', name).text);
      continue;
    }
    if (p.opts.has('l')) out.push(...vgLvList(state, host, vg, now));
    else if (p.opts.has('p')) out.push(...vgPvList(vg));
    else if (p.opts.has('M')) out.push(...vgMap(vg, now));
    else out.push(...vgInfo(state, vg, now));
  }
  return { code: err.length ? 1 : 0, stdout: lines(out), stderr: lines(err), readOnly: true };
};

function lslvInfo(state: SiteState, host: string, vg: Vg, lv: Lv, now: number): string[] {
  const index = Object.keys(vg.lvs).indexOf(lv.name) + 1;
  const q = (l1: string, v1: string, l2?: string, v2?: string): string => pair(l1, v1, l2, v2, 20, 23, 16);
  const mp = stanzaMountPoint(state, host, lv.name);
  return [
    q('LOGICAL VOLUME:', lv.name, 'VOLUME GROUP:', vg.name),
    q('LV IDENTIFIER:', `${vg.id}.${index}`, 'PERMISSION:', 'read/write'),
    q('VG STATE:', 'active/complete', 'LV STATE:', lvStateWord(state, vg, lv, now, 'opened')),
    q('TYPE:', lv.type, 'WRITE VERIFY:', 'off'),
    q('MAX LPs:', '512', 'PP SIZE:', `${vg.ppSizeMb} megabyte(s)`),
    q('COPIES:', String(lv.copies.length), 'SCHED POLICY:', 'parallel'),
    q('LPs:', String(lv.lps), 'PPs:', String(lv.lps * lv.copies.length)),
    q('STALE PPs:', String(totalStale(lv, now)), 'BB POLICY:', 'relocatable'),
    q('INTER-POLICY:', 'minimum', 'RELOCATABLE:', 'yes'),
    q('INTRA-POLICY:', 'middle', 'UPPER BOUND:', '32'),
    q('MOUNT POINT:', mp ?? 'N/A', 'LABEL:', lv.label ?? 'None'),
    'MIRROR WRITE CONSISTENCY: on/ACTIVE',
    'EACH LP COPY ON A SEPARATE PV ?: yes',
    pair('Serialize IO ?:', 'NO'),
    pair('INFINITE RETRY:', 'no'),
  ];
}

function lslvPvs(lv: Lv, mp: string | null): string[] {
  // ref A.2 -l: COPIES rendering is [R] (R.lslvCopies).
  const out = [`${lv.name}:${mp ?? 'N/A'}`, `${pad('PV', 18)}${pad('COPIES', 14)}${pad('IN BAND', 14)}DISTRIBUTION`];
  const pvs = [...new Set(lv.copies.map((c) => c.pv))];
  for (const pv of pvs) {
    const counts = [0, 1, 2].map((i) => (lv.copies[i]?.pv === pv ? lv.lps : 0));
    out.push(`${pad(pv, 18)}${pad(R.lslvCopies(counts), 14)}${pad('100%', 14)}000:${String(lv.lps).padStart(3, '0')}:000:000:000`);
  }
  return out;
}

function lslvMap(lv: Lv): string[] {
  // ref A.2 -m: layout [R].
  const out = [`${lv.name}:N/A`, 'LP    PP1  PV1               PP2  PV2               PP3  PV3'];
  for (let lp = 1; lp <= lv.lps; lp++) {
    let row = String(lp).padStart(4, '0').padEnd(6);
    for (const c of lv.copies) row += `${String(lp).padStart(4, '0')} ${pad(c.pv, 18)}`;
    out.push(row.trimEnd());
  }
  return out;
}

const lslv: Handler = (args, ctx): CmdResult => {
  const p = getopt(args, 'Llmn:p:');
  if (p.error || p.operands.length !== 1) return usage('lslv', LSLV_SYNOPSIS, p.error);
  const name = p.operands[0] ?? '';
  const ref = findLv(ctx.state, name);
  if (!ref || !ref.vg.definedOn.includes(ctx.host)) return msg(R.lslvNoLv(name));
  if (!vgHere(ctx.state, ctx.host, ref.vg)) return msg(R.vgNotVariedOn('lslv', ref.vg.name));
  const mp = stanzaMountPoint(ctx.state, ctx.host, name);
  if (p.opts.has('l')) return { ...ok(lines(lslvPvs(ref.lv, mp))), readOnly: true };
  if (p.opts.has('m')) return { ...ok(lines(lslvMap(ref.lv))), readOnly: true };
  return { ...ok(lines(lslvInfo(ctx.state, ctx.host, ref.vg, ref.lv, ctx.now))), readOnly: true };
};

export function usage(cmd: string, synopsis: string, detail: string | null): CmdResult {
  const u = R.usage(cmd, synopsis);
  return fail(u.code, (detail ? `${R.illegalOption(cmd, detail)}\n` : '') + u.text);
}

export function msg(m: { code: number; text: string }): CmdResult {
  return fail(m.code, m.text);
}

export const handlers: Record<string, Handler> = { lsvg, lslv };
export type { Ctx };
