// Bundle the library from src/ for the benchmark (test-output/bench/lib-{node,web}.mjs), with the
// same `#runtime` switch as tsup: node:crypto for Node and Bun, Web Crypto for Deno (as the package's
// `exports` conditions pick). Peers stay external and load from node_modules at run time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const runtime = (kind) => ({
  name: `runtime-${kind}`,
  setup(b) {
    b.onResolve({ filter: /^#runtime$/ }, () => ({ path: fileURLToPath(new URL(`src/runtime/${kind}.ts`, root)) }));
  },
});

for (const kind of ['node', 'web']) {
  await build({
    entryPoints: [fileURLToPath(new URL('test/bench/lib.ts', root))],
    outfile: fileURLToPath(new URL(`test-output/bench/lib-${kind}.mjs`, root)),
    bundle: true,
    format: 'esm',
    platform: kind === 'node' ? 'node' : 'neutral',
    target: 'es2022',
    logLevel: 'warning',
    plugins: [runtime(kind)],
  });
}
