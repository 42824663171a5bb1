import { rmSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from '../../run/system/write-file-atomic.js';
import { hasErrors } from '../../errors/diagnostic.js';
import { MirrorplanError } from '../../errors/mirrorplan-error.js';
import type { MirrorplanPlan } from '../../load/plan-types.generated.js';
import { preparePlan } from '../../prepare-plan.js';
import { renderSiteTemplate, siteSchemaPath } from '../../report/site-template.js';
import { printDiagnostics, type CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { parseCommandLine, stringOption } from '../parse-command-line.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'write a commented site file for a plan',
  usage: `usage: mirrorplan init PLAN --site FILE [--force]

Writes a site file for PLAN: every parameter with its description, type, default and an
example (required ones as "name: null" to replace), every host with its transport and
commented address, user, port and env, and a yaml-language-server modeline pointing at
the site schema so editors complete and check it. Then:

  mirrorplan validate PLAN --site FILE    # says exactly what is still missing
  mirrorplan preview PLAN --site FILE

options:
  -s, --site FILE   the site file to write
      --force       overwrite FILE if it exists

exit codes: 0 written, 2 bad command line or FILE exists (without --force), 3 plan invalid.`,
  async run(args: string[], io: CliIo) {
    const { values, positionals } = parseCommandLine(args, { site: { type: 'string', short: 's' }, force: { type: 'boolean' } }, { min: 1, max: 1, names: 'PLAN' });
    const planFile = positionals[0] as string;
    const siteFile = stringOption(values, 'site');
    if (!siteFile) throw new MirrorplanError('USAGE', 'missing --site FILE: the site file to write', { hint: `mirrorplan init ${planFile} --site site.yaml` });
    let plan: MirrorplanPlan | null = null;
    // The template needs the plan as written (descriptions, examples), which the validated stage sees.
    const result = preparePlan(planFile, { requireValues: false }, (_loaded, validated) => { plan = validated; });
    printDiagnostics(io, result.diagnostics.filter((d) => d.severity === 'error'));
    if (!plan || hasErrors(result.diagnostics)) return EXIT.planInvalid;
    const validated: MirrorplanPlan = plan;
    const text = renderSiteTemplate(validated, { planFile, siteFile, schema: siteSchemaPath() });
    const secret = Object.values(validated.parameters ?? {}).some((p) => p?.secret === true);
    const mode = secret ? 0o600 : 0o644;
    try {
      // 'wx' refuses an existing file atomically; --force replaces it whole or not at all. A
      // site file for a plan with secrets is private.
      if (values.force) writeFileAtomic(siteFile, text, { mode });
      else writeFileSync(siteFile, text, { flag: 'wx', mode });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A full disk: no half-written file is left to be refused as existing next time.
      if (code !== 'EEXIST' && !values.force) rmSync(siteFile, { force: true });
      if (code === 'EEXIST') { io.err(`mirrorplan init: ${siteFile} exists; not overwritten (pass --force to replace it)`); return EXIT.usage; }
      throw new MirrorplanError('WRITE_FAILED', `cannot write ${siteFile}: ${code ?? String(error)}`, { file: siteFile, hint: '--site names the file to create: its directory must exist, be writable and have space; nothing is left behind' });
    }
    const required = Object.entries(validated.parameters ?? {}).filter(([, p]) => p?.default === undefined).map(([n]) => n);
    io.err(`wrote ${siteFile} for plan "${validated.name}"${required.length ? `; fill in: ${required.join(', ')}` : ''}\nnext: mirrorplan validate ${planFile} --site ${siteFile}`);
    return EXIT.ok;
  },
};
