import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MirrorplanError } from '../errors/mirrorplan-error.js';
import type { ResolvedPlan } from '../resolve/resolved-plan.js';
import { runsDirOf } from './system/state-dir.js';
import { writeFileAtomic } from './system/write-file-atomic.js';

/** What a run directory holds besides its journal: the resolved plan it was started with. */
export interface StoredPlan {
  format: 1;
  planFile: string;
  /** Resume compares this with the plan file on disk and reports a change instead of using it. */
  planHash: string;
  resolved: ResolvedPlan;
}

export const RUN_FILES = { plan: 'plan.json', journal: 'journal.jsonl', log: 'log.jsonl' } as const;

export function storePlan(dir: string, plan: ResolvedPlan): void {
  // Absolute: resume and recover may run from another directory (cron's is /), and compare this file.
  const stored: StoredPlan = { format: 1, planFile: resolve(plan.file), planHash: plan.planHash, resolved: plan };
  // Holds secret parameter values (resume needs them): owner-only, like the whole run directory.
  writeFileAtomic(join(dir, RUN_FILES.plan), `${JSON.stringify(stored)}\n`, { mode: 0o600 });
}

export function runDirOf(stateDir: string, runId: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(runId) || runId.startsWith('.')) throw new MirrorplanError('RUN_ID_INVALID', `"${runId}" is not a run id`, { hint: 'mirrorplan runs lists them' });
  return join(runsDirOf(stateDir), runId);
}

export function readStoredPlan(dir: string): StoredPlan {
  const file = join(dir, RUN_FILES.plan);
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MirrorplanError(code === 'ENOENT' ? 'RUN_NOT_FOUND' : 'RUN_UNREADABLE', code === 'ENOENT' ? `no run at ${dir}` : `cannot read ${file}: ${code}`, { file, hint: 'mirrorplan runs lists the runs in this state directory (see --state-dir)' });
  }
  try {
    const stored = JSON.parse(text) as StoredPlan;
    if (stored.format !== 1 || !stored.resolved) throw new Error('unknown format');
    return stored;
  } catch (error) {
    // Every command of the run (forward and undo) comes from this file: nothing can be built without it.
    throw new MirrorplanError('RUN_PLAN_CORRUPT', `${file} is not a stored plan: ${(error as Error).message}`, {
      file, hint: `resume, recover and recover --print all need it; ${join(dir, RUN_FILES.journal)} still lists the steps that ran (step-start, step-end): undo those by hand from the plan file, then remove the plan's lock file under the state directory's locks/`,
    });
  }
}
