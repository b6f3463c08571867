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

await Promise.all(builds);
if (watch) console.log('watch mode is not implemented; re-run npm run build');
