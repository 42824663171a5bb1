// Bundles the CLI into a few ESM files in dist/engine/cli/, replacing tsc's
// dist/engine/cli/main.js. Why: the engine and its packages loaded as ~150 separate
// modules cost more than node's own start-up (DESIGN: keep start-up fast), and
// `status` on a big run must stay under 200 ms.
//  - main.js: the entry (command table, error printing);
//  - bundle-<module>.js: one self-contained bundle per module loaded with import(): each
//    command (bundle-validate-command.js, ...), the YAML front end (bundle-prepare-plan.js,
//    loaded only on a plan-cache miss or to locate a diagnostic) and the plan loader (resume
//    and recover: did the plan file change?). So a command loads main.js and its own bundle,
//    two files, and the front end or the loader only when it needs them. Shared chunks (esbuild's code
//    splitting) made `validate` load ten, ~10 ms more at every start (npm run bench); the
//    price is code repeated between bundles on disk. Errors are told apart by brand, not
//    by class, so copies of a module in two bundles do not matter.
// pino is bundled too (its CommonJS modules took ~14 ms to load, ~7 ms bundled); the engine
// never uses pino's transports, the one part that loads files by path (worker threads).
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// --outdir lets tests build a private copy; the default replaces tsc's CLI entry.
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > 0 ? resolve(process.argv[outdirAt + 1]) : resolve(root, 'dist/engine/cli');
const version = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).version;
const BUNDLED_PACKAGES = /^(yaml|ajv|fast-deep-equal|fast-uri|json-schema-traverse|xstate|pino|pino-std-serializers|@pinojs\/redact|quick-format-unescaped|sonic-boom|atomic-sleep|on-exit-leak-free|thread-stream|real-require|safe-stable-stringify|process-warning)(\/|$)/;

/** The bundle of a module loaded with import(): engine/cli/commands/run-command.ts -> bundle-run-command.js. */
const bundleNameOf = (source) => `bundle-${source.split('/').pop().replace(/\.ts$/, '')}.js`;

/** Resolves imports; records each engine module imported with import() in `lazy` (source path, from the root). */
const externals = (lazy) => ({
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined;
      if (!args.path.startsWith('.')) return BUNDLED_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true };
      const source = relative(root, resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')));
      if (args.kind === 'dynamic-import' && source.startsWith('engine/')) {
        lazy.add(source);
        return { path: `./${bundleNameOf(source)}`, external: true };
      }
      // Every other project module is bundled in.
      return undefined;
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
// main.js first; then every module something imports with import(), until none is new.
const lazy = new Set();
await build({ ...common, entryPoints: { main: resolve(root, 'engine/cli/main.ts') }, outdir, plugins: [externals(lazy)] });
// Sources by bundle name: two modules of the same file name would overwrite each other.
const built = new Map();
for (let pending = [...lazy]; pending.length > 0; pending = [...lazy].filter((source) => built.get(bundleNameOf(source)) !== source)) {
  for (const source of pending) {
    const name = bundleNameOf(source);
    if (built.has(name)) throw new Error(`bundle-cli: ${source} and ${built.get(name)} would both be ${name}; rename one`);
    built.set(name, source);
    await build({ ...common, entryPoints: [resolve(root, source)], outfile: resolve(outdir, name), plugins: [externals(lazy)] });
  }
}
