import { getopt } from '../args.js';
import { takeSnapshot } from '../content.js';
import { findLv, lvOpen, totalStale, usedOnPv, vgHere, type LvRef } from '../model/aix.js';
import { BEAT_MS, startProgress } from '../progress.js';
import { R } from '../reconstructed-formats.js';
import type { Lv } from '../state/types.js';
import { msg, usage } from './aix-lvm.js';
import { confirmed, readAnswer } from './prompt.js';
import { fail, ok, type CmdResult, type Ctx, type Handler } from './types.js';

// Changing AIX LVM commands: mklvcopy (ref A.3), syncvg (A.4), splitlvcopy
// (A.5), rmlv (A.8). All are silent on success except rmlv (ref A.8 [V]).

const MKLVCOPY = 'mklvcopy [ -a Position ] [ -e Range ] [ -k ] [ -m MapFile ] [ -s Strict ] [ -u UpperBound ] LogicalVolume Copies [ PhysicalVolume ... ]';
const SYNCVG = 'syncvg [ -f ] [ -i ] [ -H ] [ -P NumParallelLps ] { -l | -p | -v } Name ...';
const SPLIT = 'splitlvcopy [ -f ] [ -y NewLogicalVolumeName ] [ -Y Prefix ] LogicalVolume Copies [ PhysicalVolume ... ]';
const RMLV = 'rmlv [ -B ] [ -f ] [ -w ] [ -p PhysicalVolume ] LogicalVolume ...';

function lvHere(ctx: Ctx, cmd: string, name: string): LvRef | CmdResult {
  const ref = findLv(ctx.state, name);
  if (!ref || !ref.vg.definedOn.includes(ctx.host)) return msg(R.noLv(cmd, name));
  if (!vgHere(ctx.state, ctx.host, ref.vg)) return msg(R.vgNotVariedOn(cmd, ref.vg.name));
  return ref;
}

function isResult(x: LvRef | CmdResult): x is CmdResult {
  return 'code' in x;
}

/** Start syncing stale copies of lvs; the returned wait finishes them. */
function syncLvs(ctx: Ctx, lvs: Lv[]): CmdResult {
  const mine = lvs.filter((lv) => totalStale(lv, ctx.now) > 0);
  if (mine.length === 0) return ok();
  for (const lv of mine) {
    if (lv.copies.every((c) => c.stale > 0)) return msg(R.syncvgNoGoodCopy(lv.name));
    // A sync already driven by another live syncvg is joined, not restarted.
    if (!lv.sync) lv.sync = { ...startProgress(ctx.state.timing.syncvgMs, process.pid), initial: lv.copies.map((c) => c.stale) };
  }
  const names = new Set(mine.map((lv) => lv.name));
  // Wait in short steps, checking in each time, so that a killed syncvg leaves
  // the partitions it had not reached stale (as the real command would).
  const step = (c: Ctx): CmdResult => {
    let remaining = 0;
    for (const vg of Object.values(c.state.vgs)) {
      for (const lv of Object.values(vg.lvs)) {
        if (!names.has(lv.name) || !lv.sync) continue;
        if (lv.sync.pid === process.pid) lv.sync.beat = c.now;
        remaining = Math.max(remaining, lv.sync.startedAt + lv.sync.durationMs - c.now);
      }
    }
    if (remaining > 0) return { ...ok(), wait: { ms: Math.min(remaining, BEAT_MS), then: step } };
    return ok();
  };
  return step(ctx);
}

const mklvcopy: Handler = (args, ctx) => {
  const p = getopt(args, 'a:e:km:s:u:');
  if (p.error || p.operands.length < 2) return usage('mklvcopy', MKLVCOPY, p.error);
  const [name = '', copiesText = '', ...pvs] = p.operands;
  const want = Number(copiesText);
  if (!Number.isInteger(want) || want < 1) return usage('mklvcopy', MKLVCOPY, `invalid Copies ${copiesText}`);
  const ref = lvHere(ctx, 'mklvcopy', name);
  if (isResult(ref)) return ref;
  const { vg, lv } = ref;
  if (want > 3) return msg(R.mklvcopyTooMany());
  if (want <= lv.copies.length) return msg(R.mklvcopyNotMore(name));
  const candidates = (pvs.length ? pvs : vg.pvs).filter((pv) =>
    vg.pvs.includes(pv) && !lv.copies.some((c) => c.pv === pv) && vg.ppsPerPv - usedOnPv(vg, pv) >= lv.lps);
  const add = want - lv.copies.length;
  if (candidates.length < add || pvs.some((pv) => !vg.pvs.includes(pv))) return msg(R.mklvcopyNoSpace());
  // New copies are stale until synchronized (ref A.3 [V]).
  for (const pv of candidates.slice(0, add)) lv.copies.push({ pv, stale: lv.lps });
  if (lv.sync) lv.sync = null;
  ctx.state.events.push(`${new Date(ctx.now).toISOString()} ${ctx.host}: mklvcopy ${name} now ${lv.copies.length} copies (stale)`);
  return p.opts.has('k') ? syncLvs(ctx, [lv]) : ok();
};

const syncvg: Handler = (args, ctx) => {
  const p = getopt(args, 'fiHP:lpvT:');
  const kinds = ['l', 'p', 'v'].filter((k) => p.opts.has(k));
  if (p.error || kinds.length !== 1 || p.operands.length === 0) return usage('syncvg', SYNCVG, p.error);
  const lvs: Lv[] = [];
  for (const name of p.operands) {
    if (kinds[0] === 'l') {
      const ref = lvHere(ctx, 'syncvg', name);
      if (isResult(ref)) return ref;
      lvs.push(ref.lv);
    } else if (kinds[0] === 'v') {
      const vg = ctx.state.vgs[name];
      if (!vg || !vg.definedOn.includes(ctx.host)) return msg(R.lsvgNoVg(name));
      if (!vgHere(ctx.state, ctx.host, vg)) return msg(R.vgNotVariedOn('syncvg', name));
      lvs.push(...Object.values(vg.lvs));
    } else {
      const vg = Object.values(ctx.state.vgs).find((v) => v.pvs.includes(name) && vgHere(ctx.state, ctx.host, v));
      if (!vg) return fail(1, `0516-304 syncvg: Unable to find device id ${name} in the Device Configuration Database.`);
      lvs.push(...Object.values(vg.lvs).filter((lv) => lv.copies.some((c) => c.pv === name)));
    }
  }
  return syncLvs(ctx, lvs);
};

function uniqueName(ctx: Ctx, prefix: string): string {
  const used = new Set(Object.values(ctx.state.vgs).flatMap((vg) => Object.keys(vg.lvs)));
  for (let i = 0; ; i++) {
    const n = `${prefix}${String(i).padStart(2, '0')}`;
    if (!used.has(n)) return n;
  }
}

const splitlvcopy: Handler = (args, ctx) => {
  const p = getopt(args, 'fky:Y:p:');
  if (p.error || p.operands.length < 2) return usage('splitlvcopy', SPLIT, p.error);
  const [name = '', copiesText = '', ...pvs] = p.operands;
  const keep = Number(copiesText);
  if (!Number.isInteger(keep) || keep < 1) return usage('splitlvcopy', SPLIT, `invalid Copies ${copiesText}`);
  const ref = lvHere(ctx, 'splitlvcopy', name);
  if (isResult(ref)) return ref;
  const { vg, lv } = ref;
  if (lv.copies.length <= keep) return msg(R.splitNoCopies(name));
  if (totalStale(lv, ctx.now) > 0 || lv.sync) return msg(R.splitStale(name));
  const newName = p.opts.get('y') ?? uniqueName(ctx, p.opts.get('Y') ?? 'lv');
  if (newName.length > 15 || Object.values(ctx.state.vgs).some((v) => v.lvs[newName])) return msg(R.splitNameUsed(newName));
  let leaving = lv.copies.slice(keep);
  if (pvs.length) {
    const missing = pvs.find((pv) => !lv.copies.some((c) => c.pv === pv));
    if (missing) return msg(R.splitNoPv(name, missing));
    leaving = lv.copies.filter((c) => pvs.includes(c.pv)).slice(0, lv.copies.length - keep);
  }
  const open = lvOpen(ctx.state, vg, lv);
  let prompt = '';
  if (open && !p.opts.has('f')) {
    prompt = R.splitOpenPrompt(name);
    if (!confirmed(readAnswer())) return { ...msg(R.splitDeclined()), stdout: `${prompt}\n` };
  }
  // The new LV is a frozen image of the original at this moment (ref A.5).
  const snap = takeSnapshot(ctx.state, lv.content, `${ctx.host}:splitlvcopy ${name} -> ${newName}`, open);
  lv.copies = lv.copies.filter((c) => !leaving.includes(c));
  vg.lvs[newName] = {
    name: newName, type: lv.type, lps: lv.lps, copies: leaving.map((c) => ({ pv: c.pv, stale: 0 })),
    sync: null, content: { kind: 'snap', snapshot: snap }, label: null,
  };
  ctx.state.events.push(`${new Date(ctx.now).toISOString()} ${ctx.host}: splitlvcopy ${name} -> ${newName} (${snap})`);
  return ok(prompt ? `${prompt}\n` : '');
};

const rmlv: Handler = (args, ctx) => {
  const p = getopt(args, 'Bfwp:');
  if (p.error || p.operands.length === 0) return usage('rmlv', RMLV, p.error);
  const out: string[] = [];
  for (const name of p.operands) {
    const ref = lvHere(ctx, 'rmlv', name);
    if (isResult(ref)) return { ...ref, stdout: out.join('') };
    const { vg, lv } = ref;
    if (lvOpen(ctx.state, vg, lv)) return { ...msg(R.rmlvOpen(name)), stdout: out.join('') };
    if (!p.opts.has('f')) {
      // ref A.8 [V] interactive text.
      out.push(`Warning, all data contained on logical volume ${name} will be destroyed.\nrmlv: Do you wish to continue? y(es) n(o)? `);
      if (!confirmed(readAnswer())) return { code: 1, stdout: `${out.join('')}\n`, stderr: '' };
      out.push('\n');
    }
    const pv = p.opts.get('p');
    if (pv !== undefined) {
      lv.copies = lv.copies.filter((c) => c.pv !== pv);
      if (lv.copies.length > 0) continue;
    }
    delete vg.lvs[name];
    out.push(`rmlv: Logical volume ${name} is removed.\n`);
  }
  return ok(out.join(''));
};

export const handlers: Record<string, Handler> = { mklvcopy, syncvg, splitlvcopy, rmlv };
