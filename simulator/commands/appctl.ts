import { getopt } from '../args.js';
import type { App } from '../state/types.js';
import { fail, lines, ok, type Ctx, type Handler } from './types.js';

// The simulated application (not a vendor command): what the procedures' "stop
// or quiesce the application" steps act on (seed 001 8.7.1, seed 003 pre-offline
// script, seed 004 3-2). A running app writes to its data on every simulated
// command while its file system is mounted read-write on its host.

const USAGE = 'usage: appctl {status [app] | quiesce app | resume app | stop app | start app}';

function find(ctx: Ctx, name: string | undefined): App | null {
  const app = name ? ctx.state.apps[name] : undefined;
  return app ?? null;
}

const appctl: Handler = (args, ctx) => {
  const p = getopt(args, '');
  const [verb, name] = p.operands;
  if (p.error || !verb) return fail(2, USAGE);
  if (verb === 'status') {
    const apps = name ? [find(ctx, name)] : Object.values(ctx.state.apps);
    if (apps.some((a) => a === null)) return fail(1, `appctl: unknown application ${name ?? ''}`);
    return { ...ok(lines(apps.map((a) => `${a?.name} ${a?.status} host=${a?.host} dataset=${a?.dataset} generation=${ctx.state.datasets[a?.dataset ?? '']?.generation ?? 0}`))), readOnly: true };
  }
  const app = find(ctx, name);
  if (!app) return fail(name ? 1 : 2, name ? `appctl: unknown application ${name}` : USAGE);
  if (app.host !== ctx.host) return fail(1, `appctl: ${app.name} runs on ${app.host}, not on ${ctx.host}`);
  const from = app.status;
  if (verb === 'quiesce') {
    if (from !== 'running') return fail(1, `appctl: ${app.name} is ${from}, cannot quiesce`);
    app.status = 'quiesced';
  } else if (verb === 'resume') {
    if (from !== 'quiesced') return fail(1, `appctl: ${app.name} is ${from}, cannot resume`);
    app.status = 'running';
  } else if (verb === 'stop') {
    app.status = 'stopped';
  } else if (verb === 'start') {
    app.status = 'running';
  } else {
    return fail(2, USAGE);
  }
  ctx.state.events.push(`${new Date(ctx.now).toISOString()} ${ctx.host}: appctl ${verb} ${app.name}`);
  return ok();
};

export const handlers: Record<string, Handler> = { appctl };
