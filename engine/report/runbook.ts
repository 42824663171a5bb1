import type { Obligation } from '../compile/obligations.js';
import type { RenderScope } from '../resolve/render-template.js';
import type { ResolvedPlan } from '../resolve/resolved-plan.js';
import { createMasker } from '../run/execute/create-masker.js';
import { renderAction } from '../run/execute/run-action.js';
import type { RunEnvironment } from '../run/execute/run-environment.js';
import { undoKey, undoUnitsOf } from '../run/execute/run-undo.js';
import type { Transport } from '../run/transport/transport.js';

export interface RunbookEntry { order: number; step: string; item: string | null; host: string; transport: string; command: string; wait: string | null; done: boolean }

/**
 * The rollback still to do, as commands a person can type: obligations newest first,
 * each undo action rendered with the run's parameters and captures, secrets masked.
 */
export function buildRunbook(plan: ResolvedPlan, obligations: readonly Obligation[], scope: RenderScope, describe: (host: string) => Transport, undone: ReadonlySet<string> = new Set()): RunbookEntry[] {
  const mask = createMasker(plan);
  const env = { plan, run: scope.run ?? { id: '', dir: '' }, mask, maxOutputBytes: 0 } as unknown as RunEnvironment;
  const entries: RunbookEntry[] = [];
  for (const obligation of [...obligations].reverse()) {
    for (const unit of undoUnitsOf({ plan }, obligation)) {
      const rendered = renderAction(env, unit.action, { ...scope, item: unit.item }, undefined);
      const transport = describe(unit.action.host);
      const command = mask(transport.describe({ ...rendered.request, env: Object.fromEntries(Object.entries(rendered.request.env).filter(([k]) => unit.action.env[k] !== undefined)) }));
      const wait = unit.action.wait ? `repeat every ${unit.action.wait.intervalMs / 1000} s until it succeeds${unit.action.wait.until.stdoutMatches ? ` and prints /${unit.action.wait.until.stdoutMatches}/` : ''} (give up after ${unit.action.wait.deadlineMs / 1000} s)` : null;
      entries.push({ order: entries.length + 1, step: unit.step.id, item: unit.item, host: unit.action.host, transport: transport.name, command, wait, done: undone.has(undoKey(unit.step.id, unit.item, unit.index)) });
    }
  }
  return entries;
}

export function formatRunbook(entries: readonly RunbookEntry[], heading: string): string {
  if (entries.length === 0) return `${heading}\n  nothing to undo: no open obligations.`;
  const lines = [heading];
  for (const e of entries) {
    lines.push(`  ${String(e.order).padStart(2)}. [${e.done ? 'done' : 'todo'}] on ${e.host} (${e.transport}), undo of ${e.step}${e.item === null ? '' : ` [${e.item}]`}:`);
    lines.push(`        ${e.command}`);
    if (e.wait) lines.push(`        ${e.wait}`);
  }
  return lines.join('\n');
}
