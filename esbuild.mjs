// Bundles every node target into dist/. `tsc` only type-checks (npm run typecheck);
// esbuild does the bundling because it is fast enough to run before every test run.
// Run as a script it builds; imported (bench/engine.bench.ts), it only lends `nodeBundleOptions`,
// so the benchmark measures the engine exactly as the product's bundle compiles it.
import { build } from 'esbuild';
import { existsSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20' };

/**
 * How a node entry point is bundled (dist/cli.js and the other node targets below).
 * `minifySyntax`: a bundle turns every module's top-level `const` into a `var` (esbuild does this
 * on purpose), and V8 treats a `var` as a variable — it loads it on every use and cannot fold it
 * into the code. Syntax minification puts the literal values of those constants back where they
 * are used. Names are kept (no identifier minification), so stack traces stay readable.
 */
export function nodeBundleOptions(format) {
  return {
    ...common,
    platform: 'node',
    format,
    minifySyntax: true,
    external: ['vscode'],
    // ESM bundles still meet CommonJS dependencies that call require().
    banner: format === 'esm' ? { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } : {},
  };
}

/** Node entry points: [source, output, format]. Entries whose source does not exist yet are skipped. */
const nodeTargets = [
  ['cli/main.ts', 'dist/cli.js', 'esm'],
  // `faultline check` alone, for a fast cold start (see cli/check-main.ts); bin/faultline picks it.
  ['cli/check-main.ts', 'dist/check.cjs', 'cjs'],
  ['server/main.ts', 'dist/server.cjs', 'cjs'],
  ['client/extension.ts', 'dist/extension.cjs', 'cjs'],
  // The extension host's simulation worker (a worker_thread: runs for exports and seed sweeps).
  ['client/run-worker.ts', 'dist/run-worker.cjs', 'cjs'],
  // The debug adapter the extension starts per debug session (`faultline dap` runs the same one).
  ['cli/dap/main.ts', 'dist/dap.cjs', 'cjs'],
  // The CLI's seed-sweep worker thread, loaded by dist/cli.js from next to itself.
  ['cli/sweep/worker.ts', 'dist/sweep-worker.js', 'esm'],
  // The CLI's exploration worker thread (`faultline explore --jobs J`): one shard each.
  ['cli/explore/worker.ts', 'dist/explore-worker.js', 'esm'],
];

// The playground webview (UI and its simulation worker): browser bundles, self-contained IIFEs so
// the HTML report can inline them. webview/main.ts imports its stylesheet → dist/webview.css.
const browserTargets = [
  ['webview/main.ts', 'dist/webview.js'],
  ['webview/worker.ts', 'dist/webview-worker.js'],
];

/**
 * The CLI is split: dist/cli.js holds the command table, and each command's `import()` becomes its
 * own chunk next to it (dist/cli-*.js), so `faultline check` never parses the simulator or the
 * language server. Chunks sit beside cli.js, so `new URL('./x', import.meta.url)` still finds
 * the worker and webview files.
 */
function splitOptions(entry, outfile) {
  const name = outfile.replace(/^dist\//, '').replace(/\.js$/, '');
  return { entryPoints: { [name]: entry }, outdir: 'dist', splitting: true, chunkNames: `${name}-[name]-[hash]` };
}

/** The CLI's chunks of earlier builds: their names carry a content hash, so each build would add to them. */
function removeOldCliChunks() {
  if (!existsSync('dist')) return;
  for (const file of readdirSync('dist')) if (/^cli-.+\.js(\.map)?$/.test(file)) rmSync(`dist/${file}`);
}

async function buildAll() {
  removeOldCliChunks();
  const builds = nodeTargets
    .filter(([entry]) => existsSync(entry))
    .map(([entry, outfile, format]) =>
      build({ ...nodeBundleOptions(format), ...(entry === 'cli/main.ts' ? splitOptions(entry, outfile) : { entryPoints: [entry], outfile }) }),
    );
  for (const [entry, outfile] of browserTargets.filter(([entry]) => existsSync(entry))) {
    builds.push(build({ ...common, entryPoints: [entry], outfile, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false, minify: true }));
  }
  await Promise.all(builds);
  if (process.argv.includes('--watch')) console.log('watch mode is not implemented; re-run npm run build');
}

/** True when node runs this file itself (`node esbuild.mjs`), false when another module imports it. */
function runAsScript() {
  const script = process.argv[1];
  return script !== undefined && existsSync(script) && realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
}

if (runAsScript()) await buildAll();
