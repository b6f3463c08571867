// Bundles every node target into dist/. `tsc` only type-checks (npm run typecheck);
// esbuild does the bundling because it is fast enough to run before every test run.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20' };

/** Node entry points: [source, output, format]. Entries whose source does not exist yet are skipped. */
const nodeTargets = [
  ['cli/main.ts', 'dist/cli.js', 'esm'],
  ['server/main.ts', 'dist/server.cjs', 'cjs'],
  ['client/extension.ts', 'dist/extension.cjs', 'cjs'],
  // The extension host's simulation worker (a worker_thread: runs for exports and seed sweeps).
  ['client/run-worker.ts', 'dist/run-worker.cjs', 'cjs'],
  // The CLI's seed-sweep worker thread, loaded by dist/cli.js from next to itself.
  ['cli/sweep/worker.ts', 'dist/sweep-worker.js', 'esm'],
];

const builds = nodeTargets
  .filter(([entry]) => existsSync(entry))
  .map(([entry, outfile, format]) =>
    build({
      ...common,
      entryPoints: [entry],
      outfile,
      platform: 'node',
      format,
      external: ['vscode'],
      // ESM bundles still meet CommonJS dependencies that call require().
      banner: format === 'esm' ? { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } : {},
    }),
  );

// The playground webview (UI and its simulation worker): browser bundles, self-contained IIFEs so
// the HTML report can inline them. webview/main.ts imports its stylesheet → dist/webview.css.
const browserTargets = [
  ['webview/main.ts', 'dist/webview.js'],
  ['webview/worker.ts', 'dist/webview-worker.js'],
];
for (const [entry, outfile] of browserTargets.filter(([entry]) => existsSync(entry))) {
  builds.push(build({ ...common, entryPoints: [entry], outfile, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false, minify: true }));
}

await Promise.all(builds);
if (watch) console.log('watch mode is not implemented; re-run npm run build');
