// Everything a user reads — README, docs/, CHANGELOG, SECURITY, CONTRIBUTING, the examples, the vectors,
// the source (its TSDoc and comments ship in the type declarations and source maps) and the CLI's help —
// cites public sources only: no issue numbers and no names of the project's internal reference material.
// A hit fails with its file and line.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What no user-read text may contain, each with the reason a reader would be lost. */
const PATTERNS: [RegExp, string][] = [
  [/\bissues?\s*#?\d+/i, 'an issue number'],
  [/\.\.\/shared\b/, 'a path outside the repository'],
  [/\bprotocols\.md\b/, 'an internal reference file'],
  [/\bkoogallery-v2\.md\b/, 'an internal reference file'],
  [/\bseeds?\s*#?\d/i, 'an internal source document'],
];

/** `file:line: text (why)` for every match in `text`. */
function processWords(file: string, text: string): string[] {
  const hits: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const [pattern, why] of PATTERNS) {
      const m = pattern.exec(line);
      if (m) hits.push(`${file}:${i + 1}: "${m[0]}" (${why})`);
    }
  });
  return hits;
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, keep) : keep(name) ? [path] : [];
  });
}

const scanned = [
  ...['README.md', 'CHANGELOG.md', 'SECURITY.md', 'CONTRIBUTING.md', 'package.json'].map((f) => join(ROOT, f)),
  ...filesUnder(join(ROOT, 'docs'), () => true),
  ...filesUnder(join(ROOT, 'examples'), () => true),
  ...filesUnder(join(ROOT, 'vectors'), () => true),
  ...filesUnder(join(ROOT, 'src'), (n) => /\.(ts|mjs|js|html|css)$/.test(n)),
];

describe('no process words in what users read', () => {
  it('the detector flags each kind of reference and passes plain text', () => {
    const sample = ['see issue 5', 'Issue #12', '../shared/vectors/x.json', 'protocols.md 3.2', 'koogallery-v2.md', 'seed 000 FAQ 1', 'Seed001', 'ok: the xorshift32 seed S'].join('\n');
    expect(processWords('sample', sample)).toEqual([
      'sample:1: "issue 5" (an issue number)',
      'sample:2: "Issue #12" (an issue number)',
      'sample:3: "../shared" (a path outside the repository)',
      'sample:4: "protocols.md" (an internal reference file)',
      'sample:5: "koogallery-v2.md" (an internal reference file)',
      'sample:6: "seed 0" (an internal source document)',
      'sample:7: "Seed0" (an internal source document)',
    ]);
  });

  it('README, docs, CHANGELOG, SECURITY, CONTRIBUTING, examples, vectors and src are free of them', () => {
    for (const f of ['README.md', 'CHANGELOG.md', 'SECURITY.md', 'CONTRIBUTING.md']) expect(scanned, f).toContain(join(ROOT, f));
    expect(scanned.filter((f) => f.includes(`${join(ROOT, 'docs')}`)).length).toBeGreaterThan(5);
    expect(scanned.filter((f) => f.endsWith('.json') && f.includes('vectors')).length).toBeGreaterThan(5);
    const hits = scanned.filter(existsSync).flatMap((f) => processWords(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(hits).toEqual([]);
  });

  it("every vector's source names a public reference, never a file outside the repository", () => {
    const bad: string[] = [];
    for (const f of filesUnder(join(ROOT, 'vectors'), (n) => n.endsWith('.json') && n !== 'schema.json')) {
      const file = JSON.parse(readFileSync(f, 'utf8')) as { vectors: { id: string; source?: string }[] };
      for (const v of file.vectors) {
        if (typeof v.source !== 'string' || v.source.trim() === '') bad.push(`${relative(ROOT, f)} ${v.id}: no source`);
        else if (/(^|[\s(])\.{1,2}\/|\/work\/|seeds?\//.test(v.source)) bad.push(`${relative(ROOT, f)} ${v.id}: ${v.source}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the CLI help of every command is free of them', () => {
    const cli = join(ROOT, 'dist', 'cli.js');
    expect(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first (npm test does)').toBe(true);
    const commands = [[], ['apig', 'sign'], ['apig', 'verify'], ['apig', 'diagnose'], ['apig', 'check-key'], ['koo', 'verify'], ['koo', 'body-sign'], ['koo', 'encrypt'], ['koo', 'decrypt'], ['vectors']];
    const hits: string[] = [];
    for (const command of commands) {
      const r = spawnSync(process.execPath, [cli, ...command, '--help'], { encoding: 'utf8', timeout: 30_000 });
      expect(r.status, `hcsign ${command.join(' ')} --help: ${r.stderr}`).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(100);
      hits.push(...processWords(`hcsign ${command.join(' ')} --help`, r.stdout + r.stderr));
    }
    expect(hits).toEqual([]);
  });
});
