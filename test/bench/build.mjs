// Bundle the library from src/ for the benchmark (test-output/bench/lib-{node,web}.mjs), with the same
// build switch as tsup (src/runtime/aliases.mjs): node:crypto for Node and Bun, Web Crypto for browsers. Deno measures the package itself, resolved as a Deno user
// resolves it (node_modules, the `deno` export condition): test-output/bench/deno/lib.mjs imports
// `huaweicloud-signer` from a node_modules that links this repository (build it first: `npm run
// bench:deno` does), and only the pure SM3 kernels, which the package does not export, are bundled.
// Peers stay external and load from node_modules at run time.
import { build } from 'esbuild';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { aliasPlugin } from '../../src/runtime/aliases.mjs';

const root = new URL('../../', import.meta.url);
const at = (p) => fileURLToPath(new URL(p, root));

for (const kind of ['node', 'web']) {
  await build({
    entryPoints: [at('test/bench/lib.ts')],
    outfile: at(`test-output/bench/lib-${kind}.mjs`),
    bundle: true,
    format: 'esm',
    platform: kind === 'node' ? 'node' : 'neutral',
    target: 'es2022',
    logLevel: 'warning',
    plugins: [aliasPlugin(kind)],
  });
}

const deno = at('test-output/bench/deno/');
rmSync(deno, { recursive: true, force: true });
mkdirSync(`${deno}node_modules`, { recursive: true });
symlinkSync(at('.'), `${deno}node_modules/huaweicloud-signer`, 'dir');
await build({
  stdin: { contents: `export { sm3Pure, hmacSm3Pure } from './src/crypto/sm3-pure.ts';`, resolveDir: at('.'), loader: 'ts' },
  outfile: `${deno}sm3-pure.mjs`,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  logLevel: 'warning',
});
writeFileSync(
  `${deno}lib.mjs`,
  `// The package as a Deno user imports it (the \`deno\` condition), plus the pure SM3 kernels.\nexport * from 'huaweicloud-signer';\nexport * from './sm3-pure.mjs';\n`,
);
