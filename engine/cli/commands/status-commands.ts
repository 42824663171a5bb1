import { MirrorplanError } from '../../errors/mirrorplan-error.js';
import { describeInFlight, listRunIds, NEEDS_ATTENTION } from '../../run/inspect-run.js';
import { readRunSummary, type RunSummary } from '../../run/run-summary.js';
import { findRunFileExposures } from '../../run/check-run-files-private.js';
import { runDirOf } from '../../run/run-files.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { parseCommandLine } from '../parse-command-line.js';
import { existingStateDirOf } from '../run-services.js';

function age(iso: string | null): string {
  if (!iso) return '?';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : s < 172800 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86400)}d`;
}

export const statusCommand: Command = {
  name: 'status', summary: 'show a run (default: the runs that need attention, else the latest)',
  usage: 'usage: mirrorplan status [RUN] [--state-dir DIR] [--json]\n\nShows state, the step in flight, open obligations and what to do next.',
  async run(args: string[], io: CliIo) {
    const { values, positionals } = parseCommandLine(args, { 'state-dir': { type: 'string' } }, { min: 0, max: 1, names: 'RUN' });
    const stateDir = existingStateDirOf(values);
    let views: RunSummary[];
    const unreadable: Array<{ runId: string; error: string; hint: string }> = [];
    if (positionals[0]) views = [readRunSummary(stateDir, positionals[0])];
    else {
      // Every run is looked at: an unfinished one must show however many runs came after it
      // (an ended run costs one small read, its stored summary). One that cannot be read may
      // be unfinished too: it is shown, never left out.
      const all: RunSummary[] = [];
      for (const id of listRunIds(stateDir)) {
        try { all.push(readRunSummary(stateDir, id)); } catch (error) {
          unreadable.push({ runId: id, error: (error as Error).message, hint: String((error as MirrorplanError).details?.hint ?? '') });
        }
      }
      const attention = all.filter((v) => NEEDS_ATTENTION.has(v.state));
      views = attention.length || unreadable.length ? attention : all.slice(0, 1);
    }
    // What resume and recover would refuse, said before anyone tries them (only the runs they apply to).
    const exposuresOf = (s: RunSummary) => (NEEDS_ATTENTION.has(s.state) ? findRunFileExposures(runDirOf(stateDir, s.runId)) : []);
    if (values.json) { io.out(JSON.stringify([...views.map((s) => ({ ...s, notPrivate: exposuresOf(s) })), ...unreadable.map((u) => ({ ...u, state: 'unreadable' }))], null, 2)); return EXIT.ok; }
    if (views.length === 0 && unreadable.length === 0) { io.out(`no runs in ${stateDir}`); return EXIT.ok; }
    for (const u of unreadable) io.out(`run ${u.runId}  UNREADABLE (it may not have finished): ${u.error}\n  next: ${u.hint}`);
    for (const s of views) {
      io.out(`run ${s.runId}  plan ${s.plan}  ${s.state.toUpperCase()}  started ${age(s.startedAt)} ago, last record ${age(s.lastAt)} ago`);
      for (const f of s.inFlight) io.out(`  in flight: ${describeInFlight(f)}${f.display ? `: ${f.display}` : ''}${f.host ? ` on ${f.host}` : ''}${f.pgid ? ` (process group ${f.pgid})` : ''}`);
      if (s.failure) io.out(`  failure: ${s.failure}`);
      io.out(`  open obligations (undone by recover, newest last): ${s.openObligations.map((o) => (o.items.length ? `${o.step} [${o.items.join(', ')}]` : o.step)).join(', ') || 'none'}`);
      if (s.tornTail) io.out('  the end of the journal was torn (a crash while writing it) and is ignored');
      const exposures = exposuresOf(s);
      if (exposures.length) io.out(`  FILES NOT PRIVATE (resume and recover refuse the run until they are checked and restored): ${exposures.join('; ')}`);
      if (s.corruption) {
        io.out(`  JOURNAL CORRUPT: ${s.corruption.message}; the above is what the ${s.corruption.line - 1} record(s) before line ${s.corruption.line} say, later ones are unknown`);
        io.out(`  next: ${s.corruption.hint}`);
      } else if (NEEDS_ATTENTION.has(s.state)) io.out(`  next: mirrorplan resume ${s.runId}   or   mirrorplan recover ${s.runId} [--print]`);
    }
    return EXIT.ok;
  },
};

export const runsCommand: Command = {
  name: 'runs', summary: 'list runs with their state and age',
  usage: 'usage: mirrorplan runs [--state-dir DIR] [--json] [--limit N]',
  async run(args: string[], io: CliIo) {
    const { values } = parseCommandLine(args, { 'state-dir': { type: 'string' }, limit: { type: 'string' } }, { min: 0, max: 0, names: '' });
    const limit = Number(values.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1) throw new MirrorplanError('USAGE', `--limit ${String(values.limit)}: expected a whole number of runs, 1 or more`, { hint: 'for example --limit 20' });
    const stateDir = existingStateDirOf(values);
    const rows = listRunIds(stateDir).slice(0, limit).map((id) => {
      try { const v = readRunSummary(stateDir, id); return { runId: id, plan: v.plan, state: v.state as string, startedAt: v.startedAt }; } catch (error) { return { runId: id, plan: '?', state: `unreadable: ${(error as Error).message}`, startedAt: null }; }
    });
    if (values.json) { io.out(JSON.stringify(rows, null, 2)); return EXIT.ok; }
    if (rows.length === 0) { io.out(`no runs in ${stateDir}`); return EXIT.ok; }
    for (const r of rows) io.out(`${r.runId.padEnd(48)} ${r.plan.padEnd(24)} ${r.state.padEnd(16)} ${age(r.startedAt)} ago`);
    return EXIT.ok;
  },
};
