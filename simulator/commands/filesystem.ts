import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { getopt } from '../args.js';
import { dematerialize, isEmptyDir, materialize, takeSnapshot } from '../content.js';
import { resolveDevice, sameObj } from '../devices.js';
import { noteMountChange } from '../model/rms.js';
import { R } from '../reconstructed-formats.js';
import type { Mount, Stanza } from '../state/types.js';
import { msg } from './aix-lvm.js';
import { fail, lines, ok, type CmdResult, type Ctx, type Handler } from './types.js';

// mount / umount / fsck (ref A.9; Solaris forms from seed 004 6b). A mount of
// the live file system is logical (the data stays in DIR/data); a mount of a
// split copy, parted proxy, shadow volume or ACM backup volume copies the frozen
// files onto the real mount-point directory, so tar/cp of it really works, and
// umount removes them again.

function hostStanzas(ctx: Ctx): Record<string, Stanza> {
  return ctx.state.stanzas[ctx.host] ?? {};
}

function mountTable(ctx: Ctx): string {
  const mounts = ctx.state.mounts[ctx.host] ?? [];
  const date = (t: number): string => new Date(t).toString().slice(4, 16);
  if (ctx.state.hosts[ctx.host]?.os === 'aix') {
    // ref A.9 [V] header; rows [R].
    return lines([
      '  node       mounted        mounted over    vfs       date        options',
      '-------- ---------------  ---------------  ------ ------------ ---------------',
      ...mounts.map((m) => R.mountRow(m.device, m.mountPoint, m.vfs, date(m.at), m.readOnly ? 'ro,log=INLINE' : 'rw,log=INLINE')),
    ]);
  }
  return lines(mounts.map((m) => `${m.mountPoint} on ${m.device} ${m.readOnly ? 'read only' : 'read/write'} on ${new Date(m.at).toString().slice(0, 24)}`));
}

const mount: Handler = (args, ctx) => {
  const p = getopt(args, 'o:v:F:t:rpn');
  if (p.error) return fail(1, `mount: ${p.error}\nUsage: mount [-o options] [-v vfs] [device] [directory]`);
  if (p.operands.length === 0) return { ...ok(mountTable(ctx)), readOnly: true };
  const opts = (p.opts.get('o') ?? '').split(',');
  let readOnly = opts.includes('ro') || p.opts.has('r');
  let [device = '', mp = ''] = p.operands;
  if (p.operands.length === 1) {
    // `mount /fs` or `mount /dev/lv`: look the stanza up (/etc/filesystems, vfstab).
    const st = Object.values(hostStanzas(ctx)).find((s) => s.mountPoint === device || s.dev === device);
    if (!st) return msg(R.mountUnknown(device));
    device = st.dev;
    mp = st.mountPoint;
  }
  const dev = resolveDevice(ctx.state, ctx.host, device);
  if (!dev) return fail(1, `mount: 0506-324 Cannot mount ${device} on ${mp}: No such device or address`);
  if (dev.unusable) return fail(1, `mount: 0506-324 Cannot mount ${device} on ${mp}: ${dev.unusable}`);
  const mounts = (ctx.state.mounts[ctx.host] ??= []);
  if (mounts.some((m) => m.mountPoint === mp)) return msg(R.mountAlready(device, mp));
  const elsewhere = Object.values(ctx.state.mounts).some((ms) => ms.some((m) => sameObj(m.obj, dev.obj)));
  if (elsewhere) return msg(R.mountBusy(device, mp));
  readOnly ||= dev.readOnlyDevice;
  let materialized = false;
  if (!(dev.home && dev.content.kind === 'live')) {
    if (!isAbsolute(mp) || !existsSync(mp) || !statSync(mp).isDirectory()) return msg(R.mountNoPoint(device, mp));
    if (!isEmptyDir(mp)) return msg(R.mountNotEmpty(mp));
    if (dev.content.kind === 'empty') return msg(R.mountUnknown(device));
    const snapId = takeSnapshot(ctx.state, dev.content, `${ctx.host}:read of ${device}`, true);
    const snap = ctx.state.snapshots[snapId];
    // A copy taken while open needs fsck first (ref A.5 [V]; seed 004 6b-2).
    if (snap?.dirty && dev.content.kind === 'snap') return msg(R.mountDirty(device, mp));
    materialize(ctx.state, snapId, mp, readOnly);
    materialized = true;
  }
  const vfs = p.opts.get('v') ?? p.opts.get('F') ?? p.opts.get('t') ?? dev.vfs;
  const m: Mount = { mountPoint: mp, device, vfs, readOnly, obj: dev.obj, materialized, at: ctx.now };
  mounts.push(m);
  noteMountChange(ctx.state, ctx.host, mp, 'Online', ctx.now);
  return ok();
};

const umount: Handler = (args, ctx) => {
  const p = getopt(args, 'fF:t:v:');
  if (p.error || p.operands.length !== 1) return fail(1, 'Usage: umount [-f] {device | directory}');
  const what = p.operands[0] ?? '';
  const mounts = ctx.state.mounts[ctx.host] ?? [];
  const i = mounts.findIndex((m) => m.mountPoint === what || m.device === what);
  const m = mounts[i];
  if (!m) return msg(R.umountNothing(what));
  if (m.materialized) dematerialize(m.mountPoint);
  mounts.splice(i, 1);
  noteMountChange(ctx.state, ctx.host, m.mountPoint, 'Offline', ctx.now);
  return ok();
};

const fsck: Handler = (args, ctx): CmdResult => {
  const p = getopt(args, 'yYnNpfF:t:V:o:');
  if (p.error || p.operands.length === 0) return fail(8, 'Usage: fsck [-F type] [-y|-n] [-p] [-f] device ...');
  const out: string[] = [];
  for (const device of p.operands) {
    const dev = resolveDevice(ctx.state, ctx.host, device);
    if (!dev || dev.unusable) return { ...msg(R.fsckNoDev(device)), stdout: lines(out) };
    if (Object.values(ctx.state.mounts).some((ms) => ms.some((m) => sameObj(m.obj, dev.obj)))) return { ...msg(R.fsckMounted(device)), stdout: lines(out) };
    const repair = !p.opts.has('n') && !p.opts.has('N');
    if (dev.readOnlyDevice && repair) return { ...msg(R.fsckReadOnly(device)), stdout: lines(out) };
    let files = 3;
    if (dev.content.kind === 'snap') {
      const snap = ctx.state.snapshots[dev.content.snapshot];
      if (snap) {
        if (repair) snap.dirty = false;
        files = Object.keys(snap.files).length;
      }
    }
    const mp = Object.values(hostStanzas(ctx)).find((s) => s.dev === device)?.mountPoint ?? '';
    out.push(R.fsckReport(device, mp, files));
  }
  return ok(lines(out));
};

export const handlers: Record<string, Handler> = { mount, umount, fsck };
