// The build switch, in one place for every bundler of the sources (tsup.config.ts, the test and
// benchmark builds, the debugger): which runtime module `#runtime` is, and whether the signers get
// their canonicalization shortcuts (`#shortcuts`).
//
// The shortcuts (src/canonical/shortcuts.ts) pay only where hashing is synchronous: on node:crypto a
// signature takes about 5 µs, and 0.1 µs of query parsing saved shows. Under Web Crypto every digest is
// an await of tens of µs, so the web build goes without them (src/canonical/no-shortcuts.ts) and the
// browser bundles carry none of their bytes. A build-time switch, because bundlers cannot drop code
// behind a flag that another chunk exports.
import { fileURLToPath } from 'node:url';

/** @typedef {'node' | 'deno' | 'web'} BuildKind */

/** @param {BuildKind} kind @returns {{ '#runtime': string, '#shortcuts': string }} absolute paths */
export function aliases(kind) {
  const at = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
  return {
    '#runtime': at(`runtime/${kind}.ts`),
    '#shortcuts': at(kind === 'web' ? 'canonical/no-shortcuts.ts' : 'canonical/shortcuts.ts'),
  };
}

/** The same switch as an esbuild plugin (tsup takes esbuild plugins too). @param {BuildKind} kind */
export function aliasPlugin(kind) {
  const map = aliases(kind);
  return {
    name: `runtime-${kind}`,
    setup(build) {
      build.onResolve({ filter: /^#(runtime|shortcuts)$/ }, (args) => ({ path: map[args.path] }));
    },
  };
}
