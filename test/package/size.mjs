#!/usr/bin/env node
// Min+gzip size of each subpath's browser build, as a user's bundler would produce it: esbuild bundles
// `huaweicloud-signer/...` (resolved through the package's own `exports`, platform 'browser', so the
// Web Crypto build) from the packed package installed in a temporary project, minifies it, and zlib
// gzips it. Needs a build (`npm run build`).
//
//   node test/package/size.mjs                 prints the table, checks the budgets and the locks
//   node test/package/size.mjs --update-docs   also writes the table into docs/runtimes.md
//   node test/package/size.mjs --update-readme also writes it into CONTRIBUTING.md (same markers)
//   node test/package/size.mjs --lock          records today's figures of the locked rows (size-lock.json)
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { aliasPlugin } from '../../src/runtime/aliases.mjs';
import { packAndInstall } from './pack.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const LOCK_FILE = fileURLToPath(new URL('./size-lock.json', import.meta.url));
const KB = 1024;
/** Gzip bytes a locked row may move by without a minified byte more (see checkLocks). */
const GZIP_SLACK = 8;

/**
 * What is measured. `budget` (min+gzip bytes, inclusive) is enforced by `npm test` (test/package/check.mjs)
 * and by this script's exit code. A `locked` row may not grow by a minified byte (gzipped: GZIP_SLACK), and may not
 * pull in a source module it did not hold when it was locked (size-lock.json): new features (handlers,
 * adapters, options) must stay out of what a browser signer loads. When a change makes a locked row
 * smaller, `--lock` records the new figures; when one must make it larger, that is a decision for review.
 */
export const ENTRIES = [
  { id: 'root', name: '`huaweicloud-signer` (everything)', source: `export * from 'huaweicloud-signer';`, src: `export * from './src/index.ts';`, budget: 34 * KB },
  { id: 'apig', name: '`huaweicloud-signer/apig`', source: `export * from 'huaweicloud-signer/apig';`, src: `export * from './src/apig/index.ts';`, budget: 19 * KB },
  { id: 'koogallery', name: '`huaweicloud-signer/koogallery`', source: `export * from 'huaweicloud-signer/koogallery';`, src: `export * from './src/koogallery/index.ts';`, budget: 19 * KB },
  { id: 'crypto', name: '`huaweicloud-signer/crypto`', source: `export * from 'huaweicloud-signer/crypto';`, src: `export * from './src/crypto/index.ts';`, budget: 3.75 * KB },
  {
    id: 'signRequest', name: '`signRequest` alone (from `/apig`, tree-shaken)', mustExport: 'signRequest', budget: 4.75 * KB, locked: true,
    source: `export { signRequest } from 'huaweicloud-signer/apig';`, src: `export { signRequest } from './src/apig/index.ts';`,
  },
  {
    id: 'apig-signer', name: '`/apig` signer path (`signRequest`, `signFetchRequest`, `createSignedFetch`, `credentialsFromEnv`)', mustExport: 'createSignedFetch', budget: 7.5 * KB, locked: true,
    source: `export { signRequest, signFetchRequest, createSignedFetch, credentialsFromEnv } from 'huaweicloud-signer/apig';`,
    src: `export { signRequest, signFetchRequest, createSignedFetch, credentialsFromEnv } from './src/apig/index.ts';`,
  },
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
    // Paths (and so the chunks' hashed names, which are in the bytes) relative to the consumer project:
    // the same figures from every temporary install.
    absWorkingDir: resolveDir,
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

/**
 * Measures every entry, resolving the package from `resolveDir` (a project where the packed package is
 * installed: test/package/pack.mjs); a missing export (e.g. `signRequest`) makes the check fail.
 */
export async function measureAll(resolveDir) {
  const rows = [];
  for (const entry of ENTRIES) {
    const row = await measure(entry, resolveDir);
    if (entry.mustExport && !row.exports.includes(entry.mustExport)) throw new Error(`${entry.mustExport} is not exported`);
    rows.push(row);
  }
  return rows;
}

/** @returns problems with the budgets, one line each; empty when every budget holds. */
export function checkBudgets(rows) {
  return rows.filter((r) => r.gzip > r.budget).map((r) => `${r.name}: ${r.gzip} B min+gzip, over its budget of ${r.budget} B`);
}

/**
 * The source modules (repository paths) whose code an entry's browser bundle holds, lazy chunks
 * included, bundled from src/ with the web build's switch: what `--lock` records and `checkLocks` compares.
 */
export async function sourceModules(entry) {
  const result = await esbuild.build({
    stdin: { contents: entry.src, resolveDir: repoRoot, sourcefile: 'size-entry.ts', loader: 'ts' },
    bundle: true, write: false, splitting: true, outdir: 'size-out', format: 'esm', platform: 'browser',
    target: 'es2022', logLevel: 'silent', metafile: true, plugins: [aliasPlugin('web')],
  });
  // A module counts when some of its code is in an output (the metafile's inputs list every file parsed,
  // also those tree-shaken away entirely).
  const used = new Set();
  for (const o of Object.values(result.metafile.outputs)) {
    for (const [p, i] of Object.entries(o.inputs)) if (i.bytesInOutput > 0 && p !== 'size-entry.ts') used.add(p.replaceAll('\\', '/'));
  }
  return [...used].sort();
}

export function readLocks() {
  return JSON.parse(readFileSync(LOCK_FILE, 'utf8'));
}

/**
 * @returns problems with the locked rows, one line each: a byte more than recorded (minified or
 * gzipped), or a source module that the row did not hold when it was locked.
 */
export async function checkLocks(rows, locks = readLocks()) {
  const problems = [];
  for (const r of rows.filter((x) => x.locked)) {
    const lock = locks[r.id];
    if (!lock) {
      problems.push(`${r.name}: no figures in size-lock.json (run \`npm run size -- --lock\`)`);
      continue;
    }
    if (r.min > lock.min) problems.push(`${r.name}: ${r.min} B minified, ${r.min - lock.min} B more than locked (${lock.min} B)`);
    // Not a minified byte more. Gzip gets a few bytes of slack: the bundle imports the package's chunks by
    // hashed file names, which change when unrelated modules are added, and gzip compresses the new names
    // a byte or two differently; code added to the row shows in the minified size first.
    if (r.gzip > lock.gzip + GZIP_SLACK) problems.push(`${r.name}: ${r.gzip} B min+gzip, ${r.gzip - lock.gzip} B more than locked (${lock.gzip} B; ${GZIP_SLACK} B of slack)`);
    const added = (await sourceModules(r)).filter((m) => !lock.modules.includes(m));
    for (const m of added) problems.push(`${r.name}: now bundles ${m}, which it did not when locked`);
  }
  return problems;
}

/** The figures `--lock` records. */
export async function lockFigures(rows) {
  const locks = {};
  for (const r of rows.filter((x) => x.locked)) locks[r.id] = { min: r.min, gzip: r.gzip, modules: await sourceModules(r) };
  return locks;
}

const kb = (n) => `${(n / KB).toFixed(2)} KB`;

export function budgetText(r) {
  return `≤ ${r.budget / KB} KB${r.locked ? ', locked' : ''}`;
}

export function markdownTable(rows) {
  const lines = ['| import | minified | min+gzip | lazy chunks (min+gzip) | budget (min+gzip, `npm test`) |', '|---|---:|---:|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.name} | ${kb(r.min)} | ${kb(r.gzip)} | ${r.lazyGzip ? kb(r.lazyGzip) : ''} | ${budgetText(r)} |`);
  return lines.join('\n');
}

/** The rows of a document's size table (between the markers) whose budget column is not `budgetText`. */
export function checkDocTable(text, rows) {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return [`no ${START} ... ${END} table`];
  const table = text.slice(a, b);
  const problems = [];
  for (const r of rows) {
    const line = table.split('\n').find((l) => l.startsWith(`| ${r.name} |`));
    if (!line) problems.push(`the table has no row for ${r.name}`);
    else if (!line.trimEnd().endsWith(`| ${budgetText(r)} |`)) problems.push(`the row for ${r.name} does not give its budget as "${budgetText(r)}" (run \`npm run size -- --update-docs\`)`);
  }
  return problems;
}

export const START = '<!-- size-table -->';
export const END = '<!-- /size-table -->';

function writeTable(path, table) {
  const text = readFileSync(path, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${path} has no ${START} ... ${END} markers`);
  writeFileSync(path, text.slice(0, a + START.length) + '\n' + table + '\n' + text.slice(b));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let rows;
  let pack;
  try {
    // Measured on the packed package as a user installs it, exactly as `npm test` measures it.
    pack = packAndInstall();
    rows = await measureAll(pack.consumer);
  } catch (e) {
    console.error(`size: cannot measure (run \`npm run build\` first?): ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  } finally {
    pack?.cleanup();
  }
  const table = markdownTable(rows);
  console.log(table);
  for (const [flag, file] of [['--update-docs', 'docs/runtimes.md'], ['--update-readme', 'CONTRIBUTING.md']]) {
    if (!process.argv.includes(flag)) continue;
    writeTable(repoRoot + file, table);
    console.log(`size: ${file} updated`);
  }
  if (process.argv.includes('--lock')) {
    writeFileSync(LOCK_FILE, JSON.stringify(await lockFigures(rows), null, 2) + '\n');
    console.log('size: test/package/size-lock.json updated');
  }
  const problems = [...checkBudgets(rows), ...(await checkLocks(rows))];
  for (const p of problems) console.log(`size: ${p}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
