/**
 * resume and recover run the commands of a run's stored plan, as root: a run directory,
 * plan.json or journal.jsonl that someone other than its owner could have written is
 * refused (exit 10) before anything runs or is appended, and recover --print says so above
 * the runbook. Restored to owner-only, the same run is recovered.
 */
import { chmodSync, chownSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cli, fixture, journalText, runIds, runPlan, siteFiles, workspace } from './cli-harness.js';

test('a run whose files others could write is not resumed or recovered, and recover --print warns', async () => {
  const ws = workspace('not-private');
  const crash = await runPlan(ws, fixture('site-backup.yaml'), [], { env: { MIRRORPLAN_TEST_KILL_AT_RECORD: '10' } });
  expect(crash.signal).toBe('SIGKILL');
  const runId = runIds(ws)[0] as string;
  const dir = join(ws.state, 'runs', runId);
  const journalFile = join(dir, 'journal.jsonl');
  const before = { journal: journalText(ws, runId), site: siteFiles(ws) };
  expect(before.site.length).toBeGreaterThan(0);

  chmodSync(journalFile, 0o666);
  chmodSync(dir, 0o770);
  for (const command of ['resume', 'recover']) {
    const refused = await cli([command, runId, '--state-dir', ws.state]);
    expect(refused.code, refused.stderr).toBe(10);
    expect(refused.stderr).toContain('RUN_FILES_NOT_PRIVATE');
    expect(refused.stderr).toContain(`${journalFile} can be written by anyone (mode 0666)`);
    expect(refused.stderr).toContain(`${dir} can be written by its group (mode 0770)`);
    expect(refused.stderr).toMatch(/hint: .*recover .* --print.*chmod 700/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  }
  // Nothing ran and nothing was written.
  expect(journalText(ws, runId)).toBe(before.journal);
  expect(siteFiles(ws)).toEqual(before.site);
  // status says so before anyone tries.
  const status = await cli(['status', '--state-dir', ws.state]);
  expect(status.stdout).toContain(`FILES NOT PRIVATE (resume and recover refuse the run until they are checked and restored): ${dir} can be written by its group (mode 0770); ${journalFile} can be written by anyone (mode 0666)`);
  const statusJson = JSON.parse((await cli(['status', '--state-dir', ws.state, '--json'])).stdout) as Array<{ notPrivate: string[] }>;
  expect(statusJson[0]!.notPrivate).toHaveLength(2);

  const printed = await cli(['recover', '--print', runId, '--state-dir', ws.state]);
  expect(printed.code, printed.stderr).toBe(0);
  expect(printed.stdout).toMatch(new RegExp(`# THE FILES OF RUN ${runId} ARE NOT PRIVATE`));
  expect(printed.stdout).toContain(`#   ${journalFile} can be written by anyone (mode 0666)`);
  expect(printed.stdout).toMatch(/Rollback of run/);
  const json = JSON.parse((await cli(['recover', '--print', runId, '--state-dir', ws.state, '--json'])).stdout) as { notPrivate: string[] };
  expect(json.notPrivate).toHaveLength(2);

  // The stored plan swapped for a link to a file of the same content: a link is refused too.
  chmodSync(journalFile, 0o600);
  chmodSync(dir, 0o700);
  const plan = join(dir, 'plan.json');
  renameSync(plan, join(ws.root, 'plan.json'));
  symlinkSync(join(ws.root, 'plan.json'), plan);
  const linked = await cli(['resume', runId, '--state-dir', ws.state]);
  expect(linked.code, linked.stderr).toBe(10);
  expect(linked.stderr).toContain(`${plan} is a symbolic link`);
  renameSync(join(ws.root, 'plan.json'), plan);

  // Owned by another user (only root can make such a file; these tests run as root in CI).
  if (process.geteuid?.() === 0) {
    chownSync(journalFile, 65534, 65534);
    const foreign = await cli(['recover', runId, '--state-dir', ws.state]);
    expect(foreign.code, foreign.stderr).toBe(10);
    expect(foreign.stderr).toContain(`${journalFile} is owned by uid 65534, not by uid 0 who runs mirrorplan`);
    chownSync(journalFile, 0, 0);
  }

  const recovered = await cli(['recover', runId, '--state-dir', ws.state]);
  expect(recovered.code, recovered.stderr).toBe(5);
  expect(siteFiles(ws)).toEqual([]);
});
