// Build the signature debugger page: esbuild bundles main.ts with the WEB runtime (Web Crypto, as the
// browser build of the package does) into app.js, beside index.html and style.css.
// Usage: node src/debugger/build.mjs [--out DIR]   (default: dist/debugger)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aliasPlugin } from '../runtime/aliases.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');

/** The build switch (src/runtime/aliases.mjs): here always the Web Crypto build. */
const webRuntime = aliasPlugin('web');

export async function buildDebugger(outDir = resolve(root, 'dist/debugger')) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [resolve(here, 'main.ts')],
    outfile: resolve(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [webRuntime],
  });
  for (const f of ['index.html', 'style.css']) copyFileSync(resolve(here, f), resolve(outDir, f));
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const out = await buildDebugger(i > 0 ? resolve(process.argv[i + 1]) : undefined);
  console.log(`debugger built in ${out}`);
}
