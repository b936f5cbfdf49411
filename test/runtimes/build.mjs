// Bundles the runtime-agnostic harness (entry.ts + test/vectors/ with every JSON file that files.ts lists)
// into a consumer project where the packed package is installed. The library itself is never bundled into
// the Node/Bun/Deno mains: each runtime resolves `huaweicloud-signer` through the package's `exports`.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const LIB = /^huaweicloud-signer(\/.*)?$/;

/**
 * Resolves `huaweicloud-signer` from the consumer project with the build's own platform and conditions.
 * With `external`, the import stays as it is and `resolved` records the file it maps to (the page's
 * import map uses it); otherwise the installed build is bundled.
 */
export function libraryFrom(consumer, { external, resolved }) {
  return {
    name: 'library-from-consumer',
    setup(build) {
      build.onResolve({ filter: LIB }, async (args) => {
        if (args.pluginData === 'consumer') return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, resolveDir: consumer, pluginData: 'consumer' });
        if (r.errors.length > 0) return { errors: r.errors };
        if (resolved) resolved[args.path] = r.path;
        return external ? { path: args.path, external: true } : { path: r.path };
      });
    },
  };
}

// The README's seller endpoint (test/examples/koogallery-handler.mjs) imports the repository's
// dist/node build; in the harness it gets the package, through the same resolution as everything else.
export const handlerLibrary = {
  name: 'handler-library',
  setup(build) {
    build.onResolve({ filter: /\/dist\/node\/koogallery\.js$/ }, (args) =>
      build.resolve('huaweicloud-signer/koogallery', { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

const common = { bundle: true, write: true, metafile: true, target: 'es2022', logLevel: 'silent', legalComments: 'none' };

/**
 * @returns {Promise<{ total: number, jsonFiles: string[], importMap: Record<string, string> }>}
 *   `total` counts the vectors of the JSON files esbuild actually bundled into the harness.
 */
export async function buildHarness(consumer, outDir) {
  const resolved = {};
  const builds = await Promise.all([
    esbuild.build({ ...common, entryPoints: [join(here, 'main-esm.mjs')], outfile: join(outDir, 'main-esm.mjs'), format: 'esm', platform: 'neutral', external: ['huaweicloud-signer'] }),
    esbuild.build({ ...common, entryPoints: [join(here, 'main-cjs.cjs')], outfile: join(outDir, 'main-cjs.cjs'), format: 'cjs', platform: 'node', external: ['huaweicloud-signer'] }),
    esbuild.build({ ...common, entryPoints: [join(here, 'main-page.mjs')], outfile: join(outDir, 'main-page.mjs'), format: 'esm', platform: 'browser', plugins: [libraryFrom(consumer, { external: true, resolved })] }),
    esbuild.build({ ...common, entryPoints: [join(here, 'main-worker.mjs')], outfile: join(outDir, 'main-worker.mjs'), format: 'esm', platform: 'neutral', conditions: ['worker'], plugins: [libraryFrom(consumer, { external: false })] }),
    // The Fetch-API row: the signed fetch against the local gateway and the seller endpoint, in the same runtimes.
    esbuild.build({ ...common, entryPoints: [join(here, 'main-fetch.mjs')], outfile: join(outDir, 'main-fetch.mjs'), format: 'esm', platform: 'neutral', external: ['huaweicloud-signer'], plugins: [handlerLibrary] }),
    esbuild.build({ ...common, entryPoints: [join(here, 'main-fetch-page.mjs')], outfile: join(outDir, 'main-fetch-page.mjs'), format: 'esm', platform: 'browser', plugins: [handlerLibrary, libraryFrom(consumer, { external: true, resolved })] }),
    esbuild.build({ ...common, entryPoints: [join(here, 'main-fetch-worker.mjs')], outfile: join(outDir, 'main-fetch-worker.mjs'), format: 'esm', platform: 'neutral', conditions: ['worker'], plugins: [handlerLibrary, libraryFrom(consumer, { external: false })] }),
  ]);

  // The harness reaches the library only through `lib`: a src/ module bundled in would test src/, not dist/.
  const inputs = new Set(builds.flatMap((b) => Object.keys(b.metafile.inputs)).map((p) => relative(repoRoot, join(process.cwd(), p)).split(sep).join('/')));
  // One module of src/ is not the library: the vector-input generator that `hcsign vectors` shares with
  // the runner (its bytes are held to OpenSSL's digests in vectors/crypto-sm3.json).
  const SHARED = 'src/cli/vector-bytes.ts';
  const fromSrc = [...inputs].filter((p) => (p.startsWith('src/') && p !== SHARED) || p.startsWith('dist/'));
  if (fromSrc.length > 0) throw new Error(`the harness must reach the library only through the installed package; it pulled in ${fromSrc.join(', ')}`);

  const jsonFiles = [...inputs].filter((p) => p.startsWith('vectors/') && p.endsWith('.json')).sort();
  let total = 0;
  for (const file of jsonFiles) total += JSON.parse(readFileSync(join(repoRoot, file), 'utf8')).vectors.length;

  const importMap = {};
  for (const [specifier, file] of Object.entries(resolved)) importMap[specifier] = '/' + relative(consumer, file).split(sep).join('/');
  return { total, jsonFiles, importMap };
}
