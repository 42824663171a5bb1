import { getopt, parseList } from '../args.js';
import { R } from '../reconstructed-formats.js';
import type { ShadowClass } from '../state/types.js';
import { msg } from './aix-lvm.js';
import { ok, type CmdResult, type Ctx, type Handler } from './types.js';

// GDS Snapshot shadow objects on the backup server (ref F.6, seed 004 steps 5
// and 7). They exist only in that host's memory (cleared by reboot, ref F.6 [V]);
// the data they read is the physical disk's, i.e. whatever volume of the primary
// domain sits on that disk.

const err = (cmd: string, text: string): CmdResult => msg(R.sdxError(cmd, text));

function space(ctx: Ctx): Record<string, ShadowClass> {
  const gds = (ctx.state.gds ??= { classes: {}, shadows: {} });
  return (gds.shadows[ctx.host] ??= {});
}

function tidy(ctx: Ctx, name: string): void {
  const sp = space(ctx);
  const c = sp[name];
  if (c && !Object.keys(c.disks).length && !Object.keys(c.groups).length && !Object.keys(c.volumes).length) delete sp[name];
}

function knownPhysical(ctx: Ctx, dev: string): boolean {
  return Object.values(ctx.state.gds?.classes ?? {}).some((c) => Object.values(c.disks).some((d) => d.physical === dev));
}

const DISK_SYN = 'sdxshadowdisk -M -c class -d device=disk[,...] | -C -c class -g group -d disk,... | -D -c class -g group -d disk | -R -c class -d disk';
const sdxshadowdisk: Handler = (args, ctx) => {
  const p = getopt(args, 'MCDRc:d:g:a:e:');
  const op = ['M', 'C', 'D', 'R'].filter((k) => p.opts.has(k))[0];
  const cname = p.opts.get('c');
  if (p.error || !op || !cname || !p.opts.has('d') || p.operands.length) return msg(R.sdxUsage('sdxshadowdisk', DISK_SYN));
  const sp = space(ctx);
  const c = (sp[cname] ??= { disks: {}, groups: {}, volumes: {} });
  const items = (p.opts.get('d') ?? '').split(',').filter(Boolean);
  const group = p.opts.get('g');
  for (const item of items) {
    if (op === 'M') {
      const [dev = '', disk = dev] = item.split('=');
      if (!knownPhysical(ctx, dev)) return tidyErr(ctx, cname, 'sdxshadowdisk', R.sdxText.noDisk(dev));
      if (c.disks[disk]) return err('sdxshadowdisk', R.sdxText.shadowExists(disk));
      c.disks[disk] = { physical: dev, group: null };
      continue;
    }
    const d = c.disks[item];
    if (!d) return tidyErr(ctx, cname, 'sdxshadowdisk', R.sdxText.shadowMissing(item));
    if (op === 'C') {
      if (!group) return msg(R.sdxUsage('sdxshadowdisk', DISK_SYN));
      const g = (c.groups[group] ??= { disks: [] });
      if (!g.disks.includes(item)) g.disks.push(item);
      d.group = group;
    } else if (op === 'D') {
      const g = d.group ? c.groups[d.group] : undefined;
      if (g && Object.values(c.volumes).some((v) => v.group === d.group)) return err('sdxshadowdisk', R.sdxText.shadowBusy(item));
      if (g) g.disks = g.disks.filter((x) => x !== item);
      d.group = null;
    } else {
      if (d.group) return err('sdxshadowdisk', R.sdxText.shadowBusy(item));
      delete c.disks[item];
    }
  }
  tidy(ctx, cname);
  return ok();
};

function tidyErr(ctx: Ctx, cname: string, cmd: string, text: string): CmdResult {
  tidy(ctx, cname);
  return err(cmd, text);
}

const sdxshadowgroup: Handler = (args, ctx) => {
  const p = getopt(args, 'CDRc:g:h:l:a:');
  const cname = p.opts.get('c');
  const gname = p.opts.get('g');
  if (p.error || !cname || p.operands.length) return msg(R.sdxUsage('sdxshadowgroup', 'sdxshadowgroup -R -c class -g group | -C -c class -h hgroup -l lgroup,... | -D -c class -h hgroup -l lgroup'));
  if (!p.opts.has('R')) return err('sdxshadowgroup', R.sdxText.unsupported('sdxshadowgroup -C/-D'));
  const c = space(ctx)[cname];
  const g = gname ? c?.groups[gname] : undefined;
  if (!c || !g || !gname) return err('sdxshadowgroup', R.sdxText.shadowMissing(gname ?? ''));
  if (Object.values(c.volumes).some((v) => v.group === gname)) return err('sdxshadowgroup', R.sdxText.shadowBusy(gname));
  for (const d of g.disks) {
    const disk = c.disks[d];
    if (disk) disk.group = null;
  }
  delete c.groups[gname];
  tidy(ctx, cname);
  return ok();
};

function mounted(ctx: Ctx, cls: string, vol: string): boolean {
  return (ctx.state.mounts[ctx.host] ?? []).some((m) => m.obj.kind === 'shadow' && m.obj.cls === cls && m.obj.vol === vol);
}

const VOL_SYN = 'sdxshadowvolume -M -c class {-g group | -d disk} -v volume -s size | -F -c class [-v volume,...] | -N -c class [-v volume,...] [-e mode=val] | -R -c class -v volume';
const sdxshadowvolume: Handler = (args, ctx) => {
  const p = getopt(args, 'MFNRc:g:d:v:s:e:');
  const op = ['M', 'F', 'N', 'R'].filter((k) => p.opts.has(k))[0];
  const cname = p.opts.get('c');
  if (p.error || !op || !cname || p.operands.length) return msg(R.sdxUsage('sdxshadowvolume', VOL_SYN));
  const c = space(ctx)[cname];
  if (!c) return err('sdxshadowvolume', R.sdxText.noClass(cname));
  const names = p.opts.has('v') ? (p.opts.get('v') ?? '').split(',') : Object.keys(c.volumes);
  if (op === 'M') {
    const vname = p.opts.get('v') ?? '';
    const group = p.opts.get('g') ?? c.disks[p.opts.get('d') ?? '']?.group ?? '';
    const blocks = Number(p.opts.get('s'));
    if (!vname || !c.groups[group]) return err('sdxshadowvolume', R.sdxText.shadowMissing(group));
    if (!Number.isInteger(blocks) || blocks <= 0) return err('sdxshadowvolume', R.sdxText.sizeMismatch(vname));
    if (c.volumes[vname]) return err('sdxshadowvolume', R.sdxText.shadowExists(vname));
    // "The access mode of the created shadow volume is ro" (ref F.6 [V]).
    c.volumes[vname] = { group, blocks, started: true, mode: 'ro' };
    return ok();
  }
  for (const n of names) {
    const v = c.volumes[n];
    if (!v) return err('sdxshadowvolume', R.sdxText.shadowMissing(n));
    if ((op === 'F' || op === 'R') && mounted(ctx, cname, n)) return err('sdxshadowvolume', R.sdxText.shadowBusy(n));
    if (op === 'R' && v.started) return err('sdxshadowvolume', R.sdxText.shadowBusy(n));
  }
  for (const n of names) {
    const v = c.volumes[n];
    if (!v) continue;
    if (op === 'F') v.started = false;
    else if (op === 'N') {
      v.started = true;
      const mode = parseList(p.opts.get('e')).get('mode');
      if (mode === 'rw' || mode === 'ro') v.mode = mode;
    } else delete c.volumes[n];
  }
  return ok();
};

export const handlers: Record<string, Handler> = { sdxshadowdisk, sdxshadowgroup, sdxshadowvolume };
