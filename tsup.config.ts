import { defineConfig, type Options } from 'tsup';

import { aliasPlugin } from './src/runtime/aliases.mjs';

// One source tree, three builds. The runtime switch (src/runtime/aliases.mjs) is the only difference:
// node:crypto for Node and Bun, Deno's node:crypto for Deno, Web Crypto for browsers and Workers.
// package.json's `exports` conditions pick the build.
const protocols = {
  index: 'src/index.ts',
  apig: 'src/apig/index.ts',
  koogallery: 'src/koogallery/index.ts',
  crypto: 'src/crypto/index.ts',
};
// Framework adapters: typed structurally, no framework imported.
const adapters = {
  express: 'src/adapters/express.ts',
  koa: 'src/adapters/koa.ts',
  fastify: 'src/adapters/fastify.ts',
  hono: 'src/adapters/hono.ts',
};
const entry = { ...protocols, ...adapters };

// The framework adapters use the package's own `./apig` and `./koogallery` (verifyRequest, SignerError,
// createSellerHandler): at run time there is one copy of each (an adapter's SignerError is the one
// isSignerError knows), and the adapters share no chunk with the other entries, so adding them changes no
// byte of those bundles.
const adaptersUseApig = {
  name: 'adapters-use-apig',
  setup(build: { onResolve: (o: { filter: RegExp }, cb: (args: { importer: string; path: string }) => { path: string; external: boolean } | undefined) => void }) {
    build.onResolve({ filter: /^\.\.\/(apig|koogallery)\/index\.js$/ }, (args: { importer: string; path: string }) =>
      args.importer.replaceAll('\\', '/').includes('/src/adapters/') ? { path: `huaweicloud-signer/${args.path.split('/')[1]}`, external: true } : undefined,
    );
  },
};

const common: Options = {
  entry,
  format: ['esm', 'cjs'],
  target: 'es2022',
  sourcemap: false,
  splitting: true,
  treeshake: true,
  minify: false,
};

export default defineConfig([
  {
    ...common,
    outDir: 'dist/node',
    platform: 'node',
    // Declarations of the root come from src/index.types.ts (see there); the subpaths from their modules.
    // The adapters' come from a build of their own (below): sharing declaration chunks with the root's
    // makes the .d.ts bundler turn types the root re-exports into values.
    dts: { entry: { ...protocols, index: 'src/index.types.ts' } },
    clean: true,
    esbuildPlugins: [adaptersUseApig, aliasPlugin('node')],
  },
  {
    ...common,
    outDir: 'dist/web',
    platform: 'neutral',
    dts: false,
    clean: true,
    esbuildPlugins: [adaptersUseApig, aliasPlugin('web')],
  },
  {
    // Deno resolves the `deno` condition for `import` (npm: specifiers and node_modules alike); its
    // `require` applies `node` instead, so there is no CommonJS file here. Types are the node build's.
    ...common,
    format: ['esm'],
    outDir: 'dist/deno',
    platform: 'node',
    dts: false,
    clean: true,
    esbuildPlugins: [adaptersUseApig, aliasPlugin('deno')],
  },
  {
    // The adapters' declarations only (their code is in the builds above). Written after the builds
    // above have cleaned dist/node: a declaration build takes seconds, the cleaning none.
    entry: adapters,
    outDir: 'dist/node',
    format: ['esm', 'cjs'],
    dts: { only: true },
    clean: false,
  },
  {
    // The `hcsign` CLI (Node only): one ESM file bundled from src with the node runtime.
    entry: { cli: 'src/cli/main.ts' },
    outDir: 'dist',
    format: ['esm'],
    platform: 'node',
    target: 'node18',
    sourcemap: false,
    splitting: false,
    treeshake: true,
    minify: false,
    dts: false,
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
    esbuildPlugins: [aliasPlugin('node')],
  },
]);
