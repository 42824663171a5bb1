import { getopt } from '../args.js';
import { percent } from '../progress.js';
import { R } from '../reconstructed-formats.js';
import type { AcmVolume } from '../state/types.js';
import { msg } from './aix-lvm.js';
import { lines, ok, type Ctx, type Handler } from './types.js';

// ACM status displays (ref E.3 swstsyncstat, E.5 swstbackstat/swsthistdisp):
// table layouts [R], status words executing/equivalent/suspend [V].

function volumes(ctx: Ctx, cmd: string, args: string[]): AcmVolume[] | ReturnType<typeof msg> {
  const p = getopt(args, 'h:');
  if (p.error || p.operands.length > 1) return msg(R.swstUsage(cmd, '[-h Server-Name] [Device-Name]'));
  const all = Object.values(ctx.state.acm?.volumes ?? {});
  if (p.operands.length === 0) return all;
  const tv = all.find((v) => v.device === p.operands[0]);
  return tv ? [tv] : msg(R.swstNoDevice(cmd, p.operands[0] ?? ''));
}

const swstsyncstat: Handler = (args, ctx) => {
  const tvs = volumes(ctx, 'swstsyncstat', args);
  if (!Array.isArray(tvs)) return tvs;
  const out: string[] = [R.swstTableHeader];
  for (const tv of tvs) {
    const ec = Object.entries(tv.sessions).filter(([, s]) => s.kind === 'EC');
    if (ec.length === 0) out.push(R.swstRow(tv.server, tv.device, '----', '----', '----'));
    for (const [bv, s] of ec) {
      const ex = s.status === 'executing' ? `${percent(s, ctx.now)}%` : s.status === 'equivalent' ? '100%' : '----';
      out.push(R.swstRow(tv.server, tv.device, bv, s.status, ex));
    }
  }
  return { ...ok(lines(out)), readOnly: true };
};

const swstbackstat: Handler = (args, ctx) => {
  const tvs = volumes(ctx, 'swstbackstat', args);
  if (!Array.isArray(tvs)) return tvs;
  const out: string[] = [R.swstTableHeader];
  for (const tv of tvs) {
    for (const bv of tv.bvs) {
      const s = tv.sessions[bv];
      const used = tv.history.some((h) => h.bv === bv);
      if (s?.kind === 'OPC') out.push(R.swstRow(tv.server, tv.device, bv, s.status, s.status === 'executing' ? `${percent(s, ctx.now)}%` : '----'));
      else if (used) out.push(R.swstRow(tv.server, tv.device, bv, 'succeeded', '----'));
    }
    if (!tv.bvs.some((bv) => tv.sessions[bv]?.kind === 'OPC' || tv.history.some((h) => h.bv === bv))) {
      out.push(R.swstRow(tv.server, tv.device, '----', '----', '----'));
    }
  }
  return { ...ok(lines(out)), readOnly: true };
};

const swsthistdisp: Handler = (args, ctx) => {
  const tvs = volumes(ctx, 'swsthistdisp', args);
  if (!Array.isArray(tvs)) return tvs;
  const out: string[] = [];
  const date = (t: number): string => {
    const d = new Date(t);
    const two = (n: number): string => String(n).padStart(2, '0');
    return `${d.getFullYear()}/${two(d.getMonth() + 1)}/${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
  };
  for (const tv of tvs) {
    out.push(...R.swsthistHeader(tv.server, tv.device, tv.mountPoint ?? '----'));
    for (const h of tv.history) {
      const s = tv.sessions[h.bv];
      const st = s?.kind === 'OPC' ? s.status : 'succeeded';
      const ex = s?.kind === 'OPC' && s.status === 'executing' ? `${percent(s, ctx.now)}%` : '----';
      out.push(`${String(h.generation).padEnd(10)} ${String(h.version).padEnd(7)} ${date(h.date).padEnd(16)} ${h.bv.padEnd(17)} ${st.padEnd(10)} ${ex}`);
    }
  }
  return { ...ok(lines(out)), readOnly: true };
};

export const handlers: Record<string, Handler> = { swstsyncstat, swstbackstat, swsthistdisp };
