#!/usr/bin/env node
// Min+gzip size of each subpath's browser build, as a user's bundler would produce it: esbuild bundles
// `huaweicloud-signer/...` (resolved through the package's own `exports`, platform 'browser', so the
// Web Crypto build), minifies it, and zlib gzips it. Needs a build (`npm run build`).
//
//   node test/package/size.mjs                  prints the table and checks the budgets
//   node test/package/size.mjs --update-readme  also writes the table into CONTRIBUTING.md (its size-table markers)
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What is measured. `budget` (gzip bytes, inclusive) is issue 5's target, reported by `checkBudgets` and
 * by this script's exit code; both are missed today (see the README's Size section). `ceiling` is the
 * regression guard that `npm test` enforces (`checkCeilings`): today's size and a little room, so that a
 * change which makes a bundle grow (a module imported where it was not, a lazy chunk made eager) fails.
 */
export const ENTRIES = [
  { name: '`huaweicloud-signer` (everything)', source: `export * from 'huaweicloud-signer';`, budget: 12 * 1024 - 1, ceiling: 33 * 1024 },
  { name: '`huaweicloud-signer/apig`', source: `export * from 'huaweicloud-signer/apig';`, ceiling: 18.75 * 1024 },
  { name: '`huaweicloud-signer/koogallery`', source: `export * from 'huaweicloud-signer/koogallery';`, ceiling: 18.25 * 1024 },
  { name: '`huaweicloud-signer/crypto`', source: `export * from 'huaweicloud-signer/crypto';`, ceiling: 3.75 * 1024 },
  { name: '`signRequest` alone (from `/apig`, tree-shaken)', source: `export { signRequest } from 'huaweicloud-signer/apig';`, budget: 4 * 1024, ceiling: 4.75 * 1024, mustExport: 'signRequest' },
];

/**
 * Bundle `source` for the browser as a user's bundler would, split into chunks like Vite, webpack and
 * Rollup do by default: code behind a dynamic import() (SM3, loaded only when a caller asks for
 * SDK-HMAC-SM3) becomes a lazy chunk. Returns each output file with `eager` set when it loads up front
 * (the entry and every chunk it imports statically, transitively), and the entry's exports.
 */
export async function splitBundle(source, resolveDir) {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir, sourcefile: 'size-entry.mjs', loader: 'js' },
    bundle: true,
    write: false,
    splitting: true,
    outdir: 'size-out',
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
  });
  const outputs = result.metafile.outputs;
  const entryPath = Object.keys(outputs).find((p) => outputs[p].entryPoint !== undefined);
  const eager = new Set();
  const visit = (p) => {
    if (eager.has(p)) return;
    eager.add(p);
    for (const i of outputs[p].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entryPath);
  const files = result.outputFiles.map((f) => {
    const path = f.path.slice(f.path.lastIndexOf('size-out/'));
    return { path, contents: f.contents, text: f.text, eager: eager.has(path) };
  });
  return { files, exports: outputs[entryPath].exports };
}

async function measure(entry, resolveDir) {
  const { files, exports } = await splitBundle(entry.source, resolveDir);
  let min = 0;
  let gzip = 0;
  let lazyGzip = 0;
  for (const f of files) {
    const z = gzipSync(f.contents, { level: 9 }).length;
    if (f.eager) {
      min += f.contents.length;
      gzip += z;
    } else lazyGzip += z;
  }
  return { ...entry, min, gzip, lazyGzip, exports };
}

/** Measures every entry; a missing export (e.g. `signRequest`) makes the build fail, so the check fails. */
export async function measureAll(resolveDir = repoRoot) {
  const rows = [];
  for (const entry of ENTRIES) {
    const row = await measure(entry, resolveDir);
    if (entry.mustExport && !row.exports.includes(entry.mustExport)) throw new Error(`${entry.mustExport} is not exported`);
    rows.push(row);
  }
  return rows;
}

const over = (rows, field, what) =>
  rows.filter((r) => r[field] !== undefined && r.gzip > r[field]).map((r) => `${r.name}: ${r.gzip} B min+gzip, ${what} ${r[field]} B`);

/** @returns problems with issue 5's budgets, one line each; empty when every budget holds. */
export function checkBudgets(rows) {
  return over(rows, 'budget', 'budget');
}

/** @returns problems with the regression ceilings (enforced by `npm test`), one line each. */
export function checkCeilings(rows) {
  return over(rows, 'ceiling', 'ceiling');
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

export function markdownTable(rows) {
  const lines = ['| import | minified | min+gzip | lazy chunks (min+gzip) | ceiling (`npm test`) | budget (issue 5) |', '|---|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    const budget = r.budget === undefined ? '' : r.budget === 12 * 1024 - 1 ? '< 12 KB' : `≤ ${r.budget / 1024} KB`;
    const ceiling = r.ceiling === undefined ? '' : `≤ ${kb(r.ceiling)}`;
    lines.push(`| ${r.name} | ${kb(r.min)} | ${kb(r.gzip)} | ${r.lazyGzip ? kb(r.lazyGzip) : ''} | ${ceiling} | ${budget} |`);
  }
  return lines.join('\n');
}

const START = '<!-- size-table -->';
const END = '<!-- /size-table -->';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let rows;
  try {
    rows = await measureAll();
  } catch (e) {
    console.error(`size: cannot measure (run \`npm run build\` first?): ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
  const table = markdownTable(rows);
  console.log(table);
  if (process.argv.includes('--update-readme')) {
    const path = repoRoot + 'CONTRIBUTING.md';
    const readme = readFileSync(path, 'utf8');
    const a = readme.indexOf(START);
    const b = readme.indexOf(END);
    if (a < 0 || b < a) {
      console.error(`size: CONTRIBUTING.md has no ${START} ... ${END} markers`);
      process.exit(1);
    }
    writeFileSync(path, readme.slice(0, a + START.length) + '\n' + table + '\n' + readme.slice(b));
    console.log('size: CONTRIBUTING.md updated');
  }
  const ceilings = checkCeilings(rows);
  for (const p of ceilings) console.log(`size: OVER CEILING: ${p}`);
  const problems = checkBudgets(rows);
  for (const p of problems) console.log(`size: OVER BUDGET: ${p}`);
  process.exitCode = problems.length + ceilings.length > 0 ? 1 : 0;
}
