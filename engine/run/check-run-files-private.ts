import { exposureOfPath, MISSING } from '../load/file-exposure.js';
import { join } from 'node:path';
import { MirrorplanError } from '../errors/mirrorplan-error.js';
import { RUN_FILES } from './run-files.js';
import { SECRET_CAPTURES_FILE } from './execute/keep-secret-captures.js';

/**
 * The problems that make a run's directory, stored plan, journal and kept secret captures
 * untrustworthy, as sentences: resume and recover run the stored plan's commands (as root,
 * at 2 a.m.), so a file someone else could have written is as good as their command. The
 * engine creates them owner-only (0700, 0600); anything else was changed after the fact.
 */
export function findRunFileExposures(dir: string): string[] {
  const problems: string[] = [];
  for (const [path, directory] of [[dir, true], [join(dir, RUN_FILES.plan), false], [join(dir, RUN_FILES.journal), false], [join(dir, SECRET_CAPTURES_FILE), false]] as const) {
    const exposure = exposureOfPath(path, directory);
    // A missing file has its own error further on.
    if (exposure !== null && exposure !== MISSING) problems.push(`${path} ${exposure}`);
  }
  return problems;
}

/** Refuses to continue a run whose files someone other than its owner could have changed. */
export function checkRunFilesPrivate(runId: string, dir: string): void {
  const problems = findRunFileExposures(dir);
  if (problems.length === 0) return;
  throw new MirrorplanError('RUN_FILES_NOT_PRIVATE', `run ${runId} is not continued: ${problems.join('; ')}`, {
    file: dir,
    found: problems.join('; '),
    expected: 'the run directory (0700) and its plan.json, journal.jsonl and secret-captures.json (0600), owned by the user who runs mirrorplan',
    hint: `check that nobody changed them (mirrorplan recover ${runId} --print shows what they say), then restore the modes with chmod 700 ${dir} && chmod 600 ${dir}/*`,
  });
}
