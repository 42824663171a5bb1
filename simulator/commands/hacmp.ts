import { getopt } from '../args.js';
import { R } from '../reconstructed-formats.js';
import type { ResourceGroup } from '../state/types.js';
import { msg } from './aix-lvm.js';
import { fail, lines, ok, pad, type Ctx, type Handler } from './types.js';

// HACMP / PowerHA: clRGinfo (ref B.2) and clstat (ref B.3).

function groups(ctx: Ctx, names: string[]): ResourceGroup[] | string {
  const all = ctx.state.hacmp?.rgs ?? {};
  if (names.length === 0) return Object.values(all);
  const out: ResourceGroup[] = [];
  for (const n of names) {
    const rg = all[n];
    if (!rg) return n;
    out.push(rg);
  }
  return out;
}

function anyNodeUp(ctx: Ctx): boolean {
  return Object.values(ctx.state.hosts).some((h) => h.up && h.os === 'aix');
}

const clRGinfo: Handler = (args, ctx) => {
  const p = getopt(args, 'hvsctpami');
  if (p.error) return fail(1, `clRGinfo: ${p.error}\nUsage: clRGinfo [-h][-v][-s|-c][-t][-p][-a][-m][-i] [resgroup1] [resgroup2]...`);
  if (p.opts.has('h')) return ok('Usage: clRGinfo [-h][-v][-s|-c][-t][-p][-a][-m][-i] [resgroup1] [resgroup2]...\n');
  if (!ctx.state.hacmp || !anyNodeUp(ctx)) return msg(R.clRGinfoDown());
  const rgs = groups(ctx, p.operands);
  if (typeof rgs === 'string') return msg(R.clRGinfoNoRg(rgs));
  const stateOn = (rg: ResourceGroup, node: string): string =>
    ctx.state.hosts[node]?.up === false ? 'OFFLINE' : (rg.state[node] ?? 'OFFLINE');
  if (p.opts.has('s') || p.opts.has('c')) {
    // ref B.2 [D]: colon-separated group:state:node rows.
    return { ...ok(lines(rgs.flatMap((rg) => rg.nodes.map((n) => R.clRGinfoColon(rg.name, stateOn(rg, n), n))))), readOnly: true };
  }
  if (p.opts.has('m')) {
    const out = [R.clRGinfoRule, `${pad('Group Name', 15)}${pad('Application', 18)}${pad('Node', 17)}State`, R.clRGinfoRule];
    for (const rg of rgs) for (const a of rg.apps) {
      const node = rg.nodes.find((n) => stateOn(rg, n) === 'ONLINE') ?? rg.nodes[0] ?? '';
      out.push(`${pad(rg.name, 15)}${pad(`${a}Monitor`, 18)}${pad(node, 17)}${stateOn(rg, node)}`);
    }
    return { ...ok(lines(out)), readOnly: true };
  }
  // ref B.2 [V-ish] tabular form; dashed rules [R].
  const out = [R.clRGinfoRule, `${pad('Group Name', 15)}${pad('Group State', 29)}Node`, R.clRGinfoRule];
  for (const rg of rgs) {
    rg.nodes.forEach((n, i) => out.push(`${pad(i === 0 ? rg.name : '', 15)}${pad(stateOn(rg, n), 29)}${n}`));
    out.push('');
  }
  return { ...ok(lines(out)), readOnly: true };
};

const clstat: Handler = (args, ctx) => {
  const p = getopt(args, 'aoic:n:r:s');
  if (p.error) return fail(1, `clstat: ${p.error}\nUsage: clstat [-c cluster ID | -n cluster name] [-i] [-r seconds] [-a] [-o] [-s]`);
  const h = ctx.state.hacmp;
  if (!h || !anyNodeUp(ctx)) return fail(1, 'clstat: Cannot get cluster information. Is clinfoES running?');
  const nodes = Object.values(ctx.state.hosts).filter((x) => x.os === 'aix');
  // ref B.3: whole layout [R].
  const out = R.clstatHeader(h.cluster, h.clusterId, nodes.filter((n) => n.up).length);
  for (const n of nodes) {
    out.push(`Node: ${pad(n.name, 16)}State: ${n.up ? 'UP' : 'DOWN'}`);
    for (const rg of Object.values(h.rgs)) {
      if (rg.state[n.name] === 'ONLINE' && n.up) out.push(`   Resource Group: ${pad(rg.name, 16)}State:  On line`);
    }
    out.push('');
  }
  return { ...ok(lines(out)), readOnly: true };
};

export const handlers: Record<string, Handler> = { clRGinfo, clstat };
