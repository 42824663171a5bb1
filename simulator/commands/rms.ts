import { getopt } from '../args.js';
import { resolveDevice } from '../devices.js';
import { actualResourceState, findResource, noteMountChange, reportedResourceState, sysNode } from '../model/rms.js';
import { R } from '../reconstructed-formats.js';
import type { UserApp } from '../state/types.js';
import { msg } from './aix-lvm.js';
import { fail, lines, ok, type CmdResult, type Ctx, type Handler } from './types.js';

// PRIMECLUSTER RMS: hvutil (ref D.2 [V] syntax), hvassert (D.4 [R]), hvdisp
// (D.3 [R] layout, StateDetails [V]), hvswitch (ref D.2 env-script list).

function appStateHere(ctx: Ctx, ua: UserApp): { state: string; details: string } {
  if (ua.onlineNode !== ctx.host) return { state: ua.state === 'Faulted' && ua.onlineNode === null ? 'Faulted' : 'Offline', details: '' };
  if (ua.maintenance) {
    const bad = ua.resources.some((r) => actualResourceState(ctx.state, ua, r) !== 'Online');
    return { state: 'Maintenance', details: bad ? 'Online !!' : 'Online intended' };
  }
  return { state: ua.state, details: ua.state === 'Faulted' ? 'Fault Occurred' : '' };
}

function stateOf(ctx: Ctx, name: string): { state: string; details: string } | null {
  const host = Object.values(ctx.state.hosts).find((h) => sysNode(h.name) === name);
  if (host) return { state: host.up ? 'Online' : 'Faulted', details: host.up ? '' : 'Shutdown' };
  const ua = ctx.state.rms?.apps[name];
  if (ua) return appStateHere(ctx, ua);
  const r = findResource(ctx.state, name);
  if (!r) return null;
  if (r.ua.onlineNode !== ctx.host) return { state: 'Offline', details: '' };
  return { state: reportedResourceState(ctx.state, r.ua, r.res, ctx.now), details: '' };
}

const hvdisp: Handler = (args, ctx) => {
  const p = getopt(args, 'aclnuhi:S:T:z:');
  if (p.error) return fail(2, `hvdisp: ${p.error}\nusage: hvdisp { -a | -c | -h | -i state | -l | -n | -S resource | -T resource_type | -u | -z resource | resource }`);
  const rows: Array<[string, string, string, string, string]> = [];
  const hosts = Object.values(ctx.state.hosts);
  for (const h of hosts) rows.push([sysNode(h.name), 'SysNode', '', h.up ? 'Online' : 'Faulted', h.up ? '' : 'Shutdown']);
  for (const ua of Object.values(ctx.state.rms?.apps ?? {})) {
    const here = appStateHere(ctx, ua);
    rows.push([ua.name, 'userApp', '', here.state, here.details]);
    for (const n of ua.nodes.filter((x) => x !== ctx.host)) {
      const remote = ua.onlineNode === n ? (ua.maintenance ? 'Maintenance' : ua.state) : 'Standby';
      rows.push([ua.name, 'userApp', sysNode(n), remote, '']);
    }
    ua.nodes.forEach((n, i) => rows.push([`Machine${String(i).padStart(3, '0')}_${ua.name}`, 'andOp', sysNode(n), ua.onlineNode === n ? 'Online' : '', '']));
    for (const r of ua.resources) {
      const st = ua.onlineNode === ctx.host ? reportedResourceState(ctx.state, ua, r, ctx.now) : 'Offline';
      rows.push([r.name, 'gRes', '', st, '']);
    }
  }
  const only = p.operands[0] ?? p.opts.get('z') ?? p.opts.get('S');
  const type = p.opts.get('T');
  const shown = rows.filter((r) => (!only || r[0] === only) && (!type || r[1] === type || (type === 'Fsystem' && r[0].startsWith('Fsystem'))));
  if (only && shown.length === 0) return msg(R.rmsNoResource('hvdisp', only));
  return { ...ok(lines([...R.hvdispHeader(sysNode(ctx.host)), ...shown.map((r) => R.hvdispRow(...r))])), readOnly: true };
};

const hvassert: Handler = (args, ctx) => {
  const p = getopt(args, 'qs:w:d:h:');
  const quiet = p.opts.has('q');
  const mode = ['s', 'w', 'd'].find((k) => p.opts.has(k));
  const need = mode === 'w' ? 2 : 1;
  if (p.error || !mode || p.operands.length !== need) return msg(R.hvassertUsage());
  const res = p.opts.get(mode) ?? '';
  const want = p.operands[0] ?? '';
  const check = (c: Ctx): CmdResult | null => {
    const st = stateOf(c, res);
    if (!st) return msg(R.rmsNoResource('hvassert', res));
    const have = mode === 'd' ? st.details : st.state;
    if (have === want) return ok();
    return null;
  };
  const failed = (c: Ctx): CmdResult => {
    const st = stateOf(c, res);
    return quiet ? { code: R.hvassertFalse, stdout: '', stderr: '' }
      : fail(R.hvassertFalse, `hvassert: Resource ${res} is ${st?.state ?? 'unknown'}, not ${want}.`);
  };
  const first = check(ctx);
  if (first || mode !== 'w') return first ?? failed(ctx);
  const timeout = Number(p.operands[1]);
  if (!Number.isFinite(timeout) || timeout < 0) return msg(R.hvassertUsage());
  const deadline = ctx.now + timeout * 1000;
  const poll = (c: Ctx): CmdResult => {
    const r = check(c);
    if (r) return r;
    if (c.now >= deadline) return failed(c);
    return { ...ok(), wait: { ms: Math.min(100, deadline - c.now), then: poll } };
  };
  return { ...ok(), wait: { ms: 100, then: poll } };
};

/** Mount the Fsystem resources and start the application on host (RMS Online scripts). */
function bringOnline(ctx: Ctx, ua: UserApp, host: string): void {
  for (const r of ua.resources) {
    if (r.type !== 'Fsystem' || !r.mountPoint) continue;
    const mounts = (ctx.state.mounts[host] ??= []);
    if (mounts.some((m) => m.mountPoint === r.mountPoint)) continue;
    const st = ctx.state.stanzas[host]?.[r.mountPoint];
    const dev = st ? resolveDevice(ctx.state, host, st.dev) : null;
    if (!st || !dev) continue;
    mounts.push({ mountPoint: r.mountPoint, device: st.dev, vfs: st.vfs, readOnly: false, obj: dev.obj, materialized: false, at: ctx.now });
    noteMountChange(ctx.state, host, r.mountPoint, 'Online', ctx.now - ctx.state.timing.rmsDetectMs);
  }
  ua.onlineNode = host;
  ua.state = 'Online';
  const app = ua.app ? ctx.state.apps[ua.app] : undefined;
  if (app) {
    app.host = host;
    app.status = 'running';
  }
}

function setMaintenance(ctx: Ctx, ua: UserApp, how: string): CmdResult | null {
  if (how === 'on') {
    if (ua.state === 'Faulted') return msg(R.hvutilFaulted(ua.name));
    ua.maintenance = true;
    return null;
  }
  if (!ua.maintenance) return msg(R.hvutilNotMaint(ua.name));
  if (how === 'off') {
    // ref D.2 [V]: off is refused unless resources are back in their pre-maintenance
    // state, as the detectors report it (seed 002: wait with hvassert first).
    const bad = ua.resources.filter((r) => ua.state === 'Online' && reportedResourceState(ctx.state, ua, r, ctx.now) !== 'Online');
    if (bad.length) return msg(R.hvutilOffRefused(ua.name, bad.map((r) => r.name)));
  }
  ua.maintenance = false;
  return null;
}

const hvutil: Handler = (args, ctx) => {
  const p = getopt(args, 'm:M:c:f:d:');
  const apps = ctx.state.rms?.apps ?? {};
  const how = p.opts.get('m') ?? p.opts.get('M');
  if (p.error) return msg(R.hvutilUsage());
  if (how !== undefined) {
    if (!['on', 'off', 'forceoff'].includes(how)) return msg(R.hvutilUsage());
    const targets = p.opts.has('M') ? Object.values(apps) : [apps[p.operands[0] ?? '']];
    if (p.opts.has('m') && p.operands.length !== 1) return msg(R.hvutilUsage());
    for (const ua of targets) {
      if (!ua) return msg(R.rmsNoResource('hvutil', p.operands[0] ?? ''));
      const r = setMaintenance(ctx, ua, how);
      if (r) return r;
    }
    return ok();
  }
  const name = p.opts.get('c') ?? p.opts.get('f') ?? p.opts.get('d');
  const ua = apps[name ?? ''];
  if (!name || !ua) return name ? msg(R.rmsNoResource('hvutil', name)) : msg(R.hvutilUsage());
  if (p.opts.has('c') && ua.state === 'Faulted') ua.state = 'Offline';
  else takeOffline(ctx, ua);
  return ok();
};

function takeOffline(ctx: Ctx, ua: UserApp): void {
  const host = ua.onlineNode;
  const app = ua.app ? ctx.state.apps[ua.app] : undefined;
  if (app) app.status = 'stopped';
  if (host) {
    const mps = new Set(ua.resources.map((r) => r.mountPoint));
    ctx.state.mounts[host] = (ctx.state.mounts[host] ?? []).filter((m) => !mps.has(m.mountPoint));
  }
  ua.onlineNode = null;
  ua.state = 'Offline';
}

const hvswitch: Handler = (args, ctx) => {
  const p = getopt(args, 'f');
  const ua = ctx.state.rms?.apps[p.operands[0] ?? ''];
  if (p.error || !ua) return ua ? msg(R.hvutilUsage()) : msg(R.rmsNoResource('hvswitch', p.operands[0] ?? ''));
  const target = (p.operands[1] ?? sysNode(ctx.host)).replace(/RMS$/, '');
  if (!ua.nodes.includes(target)) return msg(R.rmsNoResource('hvswitch', p.operands[1] ?? ''));
  if (ua.state === 'Faulted') return msg(R.hvutilFaulted(ua.name));
  if (ua.maintenance) return fail(1, `hvswitch: ${ua.name} is in maintenance mode.`);
  if (ua.onlineNode && ua.onlineNode !== target) takeOffline(ctx, ua);
  bringOnline(ctx, ua, target);
  return ok();
};

export const handlers: Record<string, Handler> = { hvdisp, hvassert, hvutil, hvswitch };
