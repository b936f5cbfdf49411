import { defineConfig, type Options } from 'tsup';
import { fileURLToPath } from 'node:url';

// One source tree, two builds. `#runtime` is the only switch: node:crypto for Node and Bun,
// Web Crypto for browsers, Workers and Deno. package.json's `exports` conditions pick the build.
const entry = {
  index: 'src/index.ts',
  apig: 'src/apig/index.ts',
  koogallery: 'src/koogallery/index.ts',
  crypto: 'src/crypto/index.ts',
};

function runtimeAlias(kind: 'node' | 'web') {
  const target = fileURLToPath(new URL(`./src/runtime/${kind}.ts`, import.meta.url));
  return {
    name: `runtime-${kind}`,
    setup(build: { onResolve: (o: { filter: RegExp }, cb: () => { path: string }) => void }) {
      build.onResolve({ filter: /^#runtime$/ }, () => ({ path: target }));
    },
  };
}

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
    dts: { entry: { ...entry, index: 'src/index.types.ts' } },
    clean: true,
    esbuildPlugins: [runtimeAlias('node')],
  },
  {
    ...common,
    outDir: 'dist/web',
    platform: 'neutral',
    dts: false,
    clean: true,
    esbuildPlugins: [runtimeAlias('web')],
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
    esbuildPlugins: [runtimeAlias('node')],
  },
]);
