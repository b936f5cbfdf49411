// The code the README and docs/ show is the code that runs: a block marked `<!-- example: examples/FILE -->`
// must appear verbatim in that file (test/examples.test.ts runs the files as written), and every file of
// examples/ is shown or linked from the README.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Marked {
  page: string;
  line: number;
  file: string;
  code: string;
}
/** Every marked block: the marker, then (after blank lines only) a fenced block. */
function markedBlocks(page: string, text: string): Marked[] {
  const out: Marked[] = [];
  for (const m of text.matchAll(/<!-- example: (\S+) -->\n(?:\s*\n)*```[\w-]*\n([\s\S]*?)\n```/g)) {
    out.push({ page, line: text.slice(0, m.index).split('\n').length, file: m[1]!, code: m[2]! });
  }
  return out;
}

describe('README and docs examples are excerpts of examples/', () => {
  const all = pages.flatMap((page) => markedBlocks(page, readFileSync(join(ROOT, page), 'utf8')));

  it('every marker is followed by a code block, and the README marks one per audience', () => {
    for (const page of pages) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      expect((text.match(/<!-- example: /g) ?? []).length, page).toBe(markedBlocks(page, text).length);
    }
    const readme = all.filter((b) => b.page === 'README.md').map((b) => b.file);
    expect(readme).toEqual(['examples/call-api.mjs', 'examples/list-vpcs.mjs', 'examples/verify-server.mjs', 'examples/koogallery-seller-kit.mjs', 'examples/port.py']);
  });

  it('each marked block appears verbatim in its file', () => {
    const wrong = all
      .filter((b) => !existsSync(join(ROOT, b.file)) || !readFileSync(join(ROOT, b.file), 'utf8').includes(b.code))
      .map((b) => `${b.page}:${b.line}: the block is not in ${b.file}`);
    expect(wrong).toEqual([]);
    expect(all.every((b) => b.code.split('\n').length >= 5)).toBe(true); // excerpts, not one-liners
  });

  it('the detector catches an edited block', () => {
    const text = '<!-- example: examples/call-api.mjs -->\n```js\nconsole.log("not in the file");\n```\n';
    const [b] = markedBlocks('sample.md', text);
    expect(b).toEqual({ page: 'sample.md', line: 1, file: 'examples/call-api.mjs', code: 'console.log("not in the file");' });
    expect(readFileSync(join(ROOT, b!.file), 'utf8').includes(b!.code)).toBe(false);
  });

  it('every file of examples/ is linked from the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const missing = readdirSync(join(ROOT, 'examples')).filter((f) => !readme.includes(`(examples/${f})`));
    expect(missing).toEqual([]);
  });

  it('relative links of the README and docs point at files that exist', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      const dir = page.includes('/') ? join(ROOT, page.slice(0, page.lastIndexOf('/'))) : ROOT;
      for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(join(dir, target))) broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
