// Cold start of `mirrorplan validate` against `node -e 0`, measured in the same run:
// a small plan and a generated 1000-step plan, each run as a fresh process, alternating
// with node -e 0 so that machine noise hits both alike. Median of N runs.
//   node bench/validate-cold-start.mjs [--runs N] [--json]
// bench/run-bench.mjs imports measureValidateColdStart().
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Measured as users run it: the launcher (sh exec'ing node with the engine's heap options).
const cli = fileURLToPath(new URL('../bin/mirrorplan', import.meta.url));

/** A plan of `count` steps in the shape of the shipped ones (commands, undo, resolves, captures). */
export function generatePlan(count) {
  const lines = ['mirrorplan: 1', `name: generated-${count}`, 'parameters:', '  vg: {type: string, default: datavg}', 'steps:'];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0 && i + 1 < count) {
      lines.push(`  - id: split-${i}`, '    kind: task', `    description: split copy ${i}`,
        `    command: [splitlvcopy, -y, "bk${i}", "\${params.vg}", "1"]`, '    timeout: 5m',
        `    capture: {lv: {regex: "created (\\\\w+)"}}`, '    undo:', `      - command: [rmlv, -f, "bk${i}"]`);
    } else {
      lines.push(`  - id: join-${i}`, '    kind: task', `    command: [mklvcopy, "\${steps.split-${i - 1}.lv}", "2"]`,
        `    resolves: [split-${i - 1}]`, '    expect: {exit: [0], stdout_not_matches: "STALE"}');
    }
  }
  return `${lines.join('\n')}\n`;
}

function timeOnce(file, args, cacheDir = process.env.MIRRORPLAN_CACHE_DIR) {
  const start = process.hrtime.bigint();
  const result = spawnSync(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MIRRORPLAN_CACHE_DIR: cacheDir } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (values) => { const s = [...values].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/**
 * Returns { nodeMs, small: { ms, ratio, uncachedMs, uncachedRatio }, large: { steps, firstMs, ms, ratio } }:
 * medians in milliseconds; `ms` with the plan cache warm, `uncached`/`first` parsing the YAML.
 */
export function measureValidateColdStart({ runs = 15 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mirrorplan-cold-'));
  try {
    const small = join(dir, 'small.yaml');
    const large = join(dir, 'large.yaml');
    writeFileSync(small, generatePlan(4));
    writeFileSync(large, generatePlan(1000));
    const cacheDir = join(dir, 'cache');
    process.env.MIRRORPLAN_CACHE_DIR = cacheDir;
    // The first run of a plan parses YAML and fills the plan cache; later runs hit it.
    const largeFirst = timeOnce(cli, ['validate', large]);
    const node = [], smallRuns = [], smallUncached = [], largeRuns = [];
    timeOnce(process.execPath, ['-e', '0']); timeOnce(cli, ['validate', small]);
    for (let i = 0; i < runs; i++) {
      node.push(timeOnce(process.execPath, ['-e', '0']));
      smallRuns.push(timeOnce(cli, ['validate', small]));
      smallUncached.push(timeOnce(cli, ['validate', small], 'off'));
      largeRuns.push(timeOnce(cli, ['validate', large]));
    }
    const nodeMs = median(node);
    const round = (x) => Math.round(x * 10) / 10;
    const ratio = (runs) => Math.round((median(runs) / nodeMs) * 100) / 100;
    return {
      nodeMs: round(nodeMs),
      small: { ms: round(median(smallRuns)), ratio: ratio(smallRuns), uncachedMs: round(median(smallUncached)), uncachedRatio: ratio(smallUncached) },
      large: { steps: 1000, firstMs: round(largeFirst), ms: round(median(largeRuns)), ratio: ratio(largeRuns) },
    };
  } finally {
    delete process.env.MIRRORPLAN_CACHE_DIR;
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runsAt = process.argv.indexOf('--runs');
  const figures = measureValidateColdStart({ runs: runsAt > 0 ? Number(process.argv[runsAt + 1]) : 15 });
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures, null, 2));
  else {
    console.log(`node -e 0:                 ${figures.nodeMs} ms`);
    console.log(`validate, small plan:      ${figures.small.ms} ms (${figures.small.ratio}x node -e 0); without the plan cache ${figures.small.uncachedMs} ms (${figures.small.uncachedRatio}x)`);
    console.log(`validate, 1000-step plan:  ${figures.large.ms} ms (${figures.large.ratio}x), first run (cache miss) ${figures.large.firstMs} ms`);
  }
}
