import { hasErrors } from '../../errors/diagnostic.js';
import { MirrorplanError } from '../../errors/mirrorplan-error.js';
import { preparePlanCached } from '../../prepare-plan-cached.js';
import { compileMachine } from '../../compile/compile-machine.js';
import { renderDot } from '../../report/graph-dot.js';
import { buildPlanGraph } from '../../report/graph-model.js';
import { renderMermaid } from '../../report/graph-mermaid.js';
import { printDiagnostics, type CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { parameterOverrides, parseCommandLine, PLAN_INPUT_OPTIONS, stringOption } from '../parse-command-line.js';

export const graphCommand: Command = {
  name: 'graph',
  summary: 'draw the compiled plan (forward path and rollback states) as Mermaid or DOT',
  usage: `usage: mirrorplan graph PLAN [--format mermaid|dot] [--site FILE] [-p NAME=VALUE ...]

Prints the state machine the plan compiles to, read from the compiled machine itself:
the guard and preflight, every step (choices with their conditions on the edges, each
foreach as one state with its body), and the precomputed rollback path (the rollback
router and one undo state per obligation, dashed red), with every transition.

  mirrorplan graph plan.yaml > plan.mmd                 # Mermaid flowchart (default)
  mirrorplan graph plan.yaml --format dot | dot -Tsvg > plan.svg

The graph does not depend on parameter values; --site and -p are accepted so the same
command line as for preview works.

options:
      --format FORMAT     mermaid (default) or dot
  -s, --site FILE         site file
  -p, --param NAME=VALUE  set a parameter (repeatable)

exit codes: 0 graph printed, 2 bad command line, 3 plan invalid.`,
  async run(args: string[], io: CliIo) {
    const { values, positionals } = parseCommandLine(args, { ...PLAN_INPUT_OPTIONS, format: { type: 'string' } }, { min: 1, max: 1, names: 'PLAN' });
    const format = stringOption(values, 'format') ?? 'mermaid';
    if (format !== 'mermaid' && format !== 'dot') throw new MirrorplanError('USAGE', `--format ${format}: expected mermaid or dot`, { hint: 'see --help' });
    // Values are not required: the machine's shape does not depend on them. Through the plan
    // cache, as validate, preview and run: a plan seen before is not parsed again.
    const result = await preparePlanCached(positionals[0] as string, { siteFile: stringOption(values, 'site'), overrides: parameterOverrides(values), requireValues: false });
    printDiagnostics(io, result.diagnostics.filter((d) => d.severity === 'error'));
    if (!result.analyzed || hasErrors(result.diagnostics)) return EXIT.planInvalid;
    const graph = buildPlanGraph(result.analyzed, compileMachine(result.analyzed));
    io.out(format === 'dot' ? renderDot(graph) : renderMermaid(graph));
    return EXIT.ok;
  },
};
