import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { getopt } from '../args.js';
import { findLv, lvDevice, lvOpen, vgHere } from '../model/aix.js';
import { R } from '../reconstructed-formats.js';
import { msg, usage } from './aix-lvm.js';
import { fail, ok, type Handler } from './types.js';

// crfs / rmfs (ref A.9): the /etc/filesystems stanzas of one host.
// crfs -d on an existing (split-off) LV only registers the stanza and keeps the
// data, as the reference's procedure (H.1 step 6, [R]) expects.

const CRFS = 'crfs -v VfsType { -g VolumeGroup | -d Device } [ -l LogPartitions ] -m MountPoint [ -n NodeName ] [ -u MountGroup ] [ -A { yes | no } ] [ -p {ro | rw } ] [ -a Attribute=Value ... ] [ -t { yes | no } ]';
const RMFS = 'rmfs [ -r ] [ -i ] FileSystem';

const crfs: Handler = (args, ctx) => {
  const p = getopt(args, 'v:g:d:l:m:n:u:A:p:a:t:');
  const vfs = p.opts.get('v');
  const mp = p.opts.get('m');
  if (p.error || !vfs || !mp || p.operands.length > 0 || (p.opts.has('g') === p.opts.has('d'))) return usage('crfs', CRFS, p.error);
  const stanzas = (ctx.state.stanzas[ctx.host] ??= {});
  if (stanzas[mp]) return msg(R.crfsExists(mp));
  let lvName = (p.opts.get('d') ?? '').replace(/^\/dev\//, '');
  const sizeKb = (lps: number, ppMb: number): number => lps * ppMb * 1024;
  if (p.opts.has('g')) {
    // New LV for a new (empty) file system; size=NNN[M|G] in 512-byte blocks or units.
    const vg = ctx.state.vgs[p.opts.get('g') ?? ''];
    if (!vg || !vgHere(ctx.state, ctx.host, vg)) return msg(R.lsvgNoVg(p.opts.get('g') ?? ''));
    const size = p.all.find(([k, v]) => k === 'a' && v.startsWith('size='))?.[1].slice(5) ?? '1';
    const mb = /G$/i.test(size) ? parseFloat(size) * 1024 : /M$/i.test(size) ? parseFloat(size) : parseFloat(size) / 2048;
    let i = 0;
    while (Object.values(ctx.state.vgs).some((v) => v.lvs[`fslv${String(i).padStart(2, '0')}`])) i++;
    lvName = `fslv${String(i).padStart(2, '0')}`;
    vg.lvs[lvName] = {
      name: lvName, type: vfs, lps: Math.max(1, Math.ceil(mb / vg.ppSizeMb)), copies: [{ pv: vg.pvs[0] ?? 'hdisk0', stale: 0 }],
      sync: null, content: { kind: 'empty' }, label: mp,
    };
  }
  const ref = findLv(ctx.state, lvName);
  if (!ref || !vgHere(ctx.state, ctx.host, ref.vg)) return msg(R.crfsNoLv(lvName));
  const logLv = Object.values(ref.vg.lvs).find((l) => l.type === `${vfs}log`);
  stanzas[mp] = { mountPoint: mp, dev: lvDevice(lvName), vfs, log: logLv ? lvDevice(logLv.name) : null, automount: p.opts.get('A') === 'yes' };
  ref.lv.label = mp;
  const kb = sizeKb(ref.lv.lps, ref.vg.ppSizeMb);
  // ref A.9 [V] crfs success output.
  return ok(`File system created successfully.\n${kb - Math.floor(kb / 256)} kilobytes total disk space.\nNew File System size is ${kb * 2}\n`);
};

const rmfs: Handler = (args, ctx) => {
  const p = getopt(args, 'ri');
  if (p.error || p.operands.length !== 1) return usage('rmfs', RMFS, p.error);
  const mp = p.operands[0] ?? '';
  const stanzas = ctx.state.stanzas[ctx.host] ?? {};
  const st = stanzas[mp] ?? Object.values(stanzas).find((s) => s.dev === mp);
  if (!st) return msg(R.rmfsNoFs(mp));
  if ((ctx.state.mounts[ctx.host] ?? []).some((m) => m.mountPoint === st.mountPoint)) return msg(R.rmfsMounted(st.mountPoint));
  let out = '';
  const ref = findLv(ctx.state, st.dev.replace(/^\/dev\//, ''));
  if (ref) {
    if (lvOpen(ctx.state, ref.vg, ref.lv)) return msg(R.rmlvOpen(ref.lv.name));
    delete ref.vg.lvs[ref.lv.name];
    // ref A.9 [V]: rmfs prints rmlv's message.
    out = `rmlv: Logical volume ${ref.lv.name} is removed.\n`;
  }
  delete stanzas[st.mountPoint];
  if (p.opts.has('r') && isAbsolute(st.mountPoint) && existsSync(st.mountPoint)) {
    if (readdirSync(st.mountPoint).length === 0) rmdirSync(st.mountPoint);
    else return fail(1, `rmfs: 0506-936 Cannot remove ${st.mountPoint}: directory not empty.`, out);
  }
  return ok(out);
};

export const handlers: Record<string, Handler> = { crfs, rmfs };
