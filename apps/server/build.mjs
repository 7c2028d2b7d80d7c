// Bundles the server into one ESM file, dist/server.js.
// npm packages stay external (loaded from node_modules at run time), but the
// workspace packages are bundled: they ship TypeScript sources that Node
// cannot load. Bundling our own code is what keeps cold start short.
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/** Resolves @lmtp-wizard/* to their sources so esbuild bundles them despite packages: 'external'. */
const bundleWorkspace = {
  name: 'bundle-workspace',
  setup(b) {
    b.onResolve({ filter: /^@lmtp-wizard\// }, (args) => ({ path: require.resolve(args.path) }));
  },
};

await build({
  entryPoints: ['src/server.ts'],
  outfile: 'dist/server.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [bundleWorkspace],
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'info',
});
