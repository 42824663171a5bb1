// Bundles the CLI's start-up path into a few ESM files in dist/engine/cli/, replacing
// tsc's dist/engine/cli/main.js. Why: yaml and the generated validators loaded as ~100
// separate modules cost more than node's own start-up (DESIGN: keep start-up fast).
//  - main.js (+ chunks): the entry, `validate`, resolve, analyze and the plan cache;
//  - bundle-prepare-plan.js: the YAML front end (yaml, validators, loader), loaded only
//    on a plan-cache miss or to locate a diagnostic. A separate build, because esbuild's
//    code splitting put yaml into a chunk that the validate chunk imported eagerly.
// Other project modules (other engineers' commands) and other packages (xstate, execa,
// pino) stay external and load lazily from tsc's output and node_modules as before.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// --outdir lets tests build a private copy; the default replaces tsc's CLI entry.
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > 0 ? resolve(process.argv[outdirAt + 1]) : resolve(root, 'dist/engine/cli');
const version = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).version;
const FULL_PIPELINE = 'bundle-prepare-plan.js';
// Source files and folders bundled; any other project module is imported from tsc's output.
const BUNDLED = ['engine/cli/main.ts', 'engine/cli/command.ts', 'engine/cli/cli-io.ts', 'engine/cli/exit-codes.ts',
  'engine/cli/parse-command-line.ts', 'engine/cli/commands/validate-command.ts', 'engine/cli/commands/validate-report.ts',
  'engine/prepare-plan.ts', 'engine/prepare-plan-cached.ts', 'engine/resolve-and-analyze.ts',
  'engine/load/', 'engine/validate/', 'engine/resolve/', 'engine/analyze/', 'engine/errors/'];
const BUNDLED_PACKAGES = /^(yaml|ajv|fast-deep-equal|fast-uri|json-schema-traverse)(\/|$)/;

const externals = (splitOffFullPipeline) => ({
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined;
      if (!args.path.startsWith('.')) return BUNDLED_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true };
      const source = relative(root, resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')));
      if (splitOffFullPipeline && source === 'engine/prepare-plan.ts' && args.kind === 'dynamic-import') return { path: `./${FULL_PIPELINE}`, external: true };
      if (BUNDLED.some((p) => source === p || (p.endsWith('/') && source.startsWith(p)))) return undefined;
      if (!source.startsWith('engine/')) return undefined;
      // Point at tsc's output of the module, as seen from the bundle's folder.
      const path = relative(outdir, resolve(root, 'dist', source.replace(/\.ts$/, '.js')));
      return { path: path.startsWith('.') ? path : `./${path}`, external: true };
    });
  },
});

const common = {
  bundle: true, format: 'esm', platform: 'node', target: 'node20', legalComments: 'none', logLevel: 'warning',
  // Whitespace and syntax only: identifiers keep their names for readable stack traces.
  minifyWhitespace: true, minifySyntax: true,
  define: { MIRRORPLAN_VERSION: JSON.stringify(version) },
  // ajv's runtime helpers are CommonJS; esbuild's wrapper needs a require in an ESM bundle.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};

mkdirSync(outdir, { recursive: true });
for (const name of readdirSync(outdir, { withFileTypes: true })) {
  if (name.isFile() && name.name.startsWith('bundle-')) rmSync(resolve(outdir, name.name));
}
await build({
  ...common, entryPoints: { main: resolve(root, 'engine/cli/main.ts') }, outdir, splitting: true,
  chunkNames: 'bundle-[name]-[hash]', entryNames: '[name]', plugins: [externals(true)],
});
await build({ ...common, entryPoints: [resolve(root, 'engine/prepare-plan.ts')], outfile: resolve(outdir, FULL_PIPELINE), plugins: [externals(false)] });
