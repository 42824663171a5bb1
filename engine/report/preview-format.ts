import { formatCoverage } from './coverage-report.js';
import type { PreviewStep } from './preview-plan.js';
import type { PreviewProbe } from './preview-probes.js';
import type { PreviewReport } from './preview-report.js';
import { formatDuration, type PreviewCommand } from './preview-render.js';
import type { RollbackPath } from './preview-rollback.js';

const MARK: Record<PreviewStep['marker'], string> = { mutating: 'MUTATING', 'read-only': 'read-only', decision: 'decision', operator: 'operator gate' };

function commandLine(c: PreviewCommand): string {
  return `on ${c.host}${c.shell ? ' [SHELL]' : ''}: ${c.env.length ? `${c.env.join(' ')} ` : ''}${c.display}`;
}

function probeLines(p: PreviewProbe): string[] {
  const status = { ok: 'ok', blocker: 'BLOCKER', declines: 'DECLINES', 'not-run': 'not run' }[p.status];
  const lines = [`  ${status.padEnd(8)} ${p.role === 'guard' ? 'guard' : p.id} ${commandLine(p.command)}`, `           expects: ${p.expect}`];
  if (p.reason) lines.push(`           failed: ${p.reason}`);
  if (p.evidence) lines.push(`           evidence: ${p.evidence}`);
  if (p.hint && p.status !== 'ok') lines.push(`           hint: ${p.hint}`);
  return lines;
}

function rollbackLines(paths: readonly RollbackPath[], indent: string): string[] {
  const lines: string[] = [];
  paths.forEach((path, i) => {
    const intro = paths.length > 1 ? `if stopped right after this step (path ${i + 1} of ${paths.length}, open: ${path.open.join(', ') || 'none'}), rollback runs:` : 'if stopped right after this step, rollback runs:';
    lines.push(`${indent}${intro}`);
    if (path.commands.length === 0) lines.push(`${indent}  nothing: no change is open at this point`);
    path.commands.forEach((c, n) => {
      lines.push(`${indent}  ${n + 1}. undo ${c.undoes}${c.item === null ? '' : ` [${c.item}]`} ${commandLine(c.command)}`);
      if (c.wait) lines.push(`${indent}     ${c.wait}`);
    });
  });
  return lines;
}

function stepLines(s: PreviewStep, label: string, indent: string): string[] {
  const lines = [`${indent}${label} ${s.id}  ${s.kind}  ${MARK[s.marker]}${s.command?.shell ? ', SHELL' : ''}${s.description ? `  (${s.description})` : ''}`];
  const inner = `${indent}     `;
  if (s.command) lines.push(`${inner}${commandLine(s.command)}`);
  if (s.wait) lines.push(`${inner}polls every ${formatDuration(s.wait.intervalMs)} until ${s.wait.until}; gives up after ${formatDuration(s.wait.deadlineMs)}`);
  if (s.manual) lines.push(`${inner}asks the operator: "${s.manual.prompt}" (run --yes answers yes)`);
  for (const c of s.choices ?? []) {
    const taken = c.taken === true ? '  <- taken' : c.taken === null ? '  (decided during the run)' : '';
    lines.push(`${inner}${c.when === 'otherwise' ? 'otherwise' : `if ${c.when}`} -> ${c.next}${taken}`);
  }
  if (s.foreach) {
    const f = s.foreach;
    const items = f.items ? `${f.items.length} item(s): ${f.items.join(', ')}` : 'items known only during the run';
    lines.push(`${inner}over ${f.source} -> ${items}; ${f.concurrency} at a time`);
    if (f.perItem.length) {
      for (const item of f.perItem) for (const [i, b] of item.steps.entries()) lines.push(...stepLines(b, `[${item.item}] ${i + 1}.`, inner));
      if (f.items && f.items.length > f.perItem.length) lines.push(`${inner}... and ${f.items.length - f.perItem.length} more item(s), the same steps each`);
    } else {
      for (const [i, b] of f.body.entries()) lines.push(...stepLines(b, `[each item] ${i + 1}.`, inner));
    }
  }
  if (s.rollback) lines.push(...rollbackLines(s.rollback, inner));
  return lines;
}

const VERDICT: Record<PreviewReport['outcome'], (r: PreviewReport) => string> = {
  ready: () => 'READY: the guard and every preflight probe passed; a run could start now.',
  blocked: (r) => `BLOCKED: ${r.blockers} preflight blocker(s); a run would stop before changing anything. Fix them and preview again.`,
  declined: () => 'DECLINED: the guard says this node does not run the plan; a run here would change nothing and exit 0.',
  offline: () => 'OFFLINE: the guard and preflight probes were not run, so preview cannot say whether a run could start.',
};

/** The preview as a person reads it, top to bottom in the order a run would go. */
export function formatPreview(r: PreviewReport): string {
  const lines = [`Preview of plan "${r.plan}" (${r.file}): nothing below has been run except the read-only probes.`];
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`);
  lines.push(`parameters: ${params.join(' ') || '(none)'}`);
  lines.push(`hosts: ${r.hosts.map((h) => `${h.name} (${h.transport}${h.address ? ` ${h.address}` : ''})`).join(', ')}`, '');
  if (r.guard) lines.push('Guard (read-only, decides whether this node runs the plan):', ...probeLines(r.guard), '');
  if (r.preflight.length) lines.push('Preflight (read-only probes, run before any change):', ...r.preflight.flatMap(probeLines), '');
  lines.push('Steps, in execution order:');
  r.steps.forEach((s, i) => lines.push(...stepLines(s, `${String(i + 1).padStart(2)}.`, '  ')));
  lines.push('', 'Rollback coverage (every step that changes something):', ...formatCoverage(r.coverage));
  if (r.unknown.length) {
    lines.push('', 'Preview cannot know (shown as ${...} above):');
    for (const u of r.unknown) lines.push(`  ${u.reference}: ${u.why}; used by ${u.steps.join(', ')}`);
  }
  lines.push('', VERDICT[r.outcome](r));
  return lines.join('\n');
}
