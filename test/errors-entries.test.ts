// SignerError, isSignerError and the SignerErrorCode type come from every entry of the built package
// (root, ./apig, ./koogallery, ./crypto; node and web builds; import and require), as one class: an
// error thrown through one entry is recognised through any other. Also: the web runtime without Web
// Crypto throws a SignerError, not a TypeError.
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requireBuild, ROOT } from './fixtures/cli/run.js';
import type { SignerErrorCode as FromApig } from '../src/apig/index.js';
import type { SignerErrorCode as FromKoo } from '../src/koogallery/index.js';
import type { SignerErrorCode as FromCrypto } from '../src/crypto/index.js';
import type { SignerErrorCode as FromRoot } from '../src/index.types.js';

// Loading eight builds and type-checking sixteen declaration files takes seconds on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const ENTRIES = ['index', 'apig', 'koogallery', 'crypto'] as const;
const require = createRequire(import.meta.url);

type Mod = Record<string, any>;

async function load(build: 'node' | 'web', format: 'esm' | 'cjs'): Promise<Record<(typeof ENTRIES)[number], Mod>> {
  requireBuild();
  const out = {} as Record<(typeof ENTRIES)[number], Mod>;
  for (const e of ENTRIES) {
    const file = join(ROOT, 'dist', build, `${e}.${format === 'esm' ? 'js' : 'cjs'}`);
    out[e] = format === 'esm' ? ((await import(pathToFileURL(file).href)) as Mod) : (require(file) as Mod);
  }
  return out;
}

describe('SignerError from every built entry', () => {
  for (const build of ['node', 'web'] as const) {
    for (const format of ['esm', 'cjs'] as const) {
      it(`${build} build, ${format}: one SignerError class and isSignerError in root, ./apig, ./koogallery, ./crypto`, async () => {
        const m = await load(build, format);
        for (const e of ENTRIES) {
          expect(typeof m[e].SignerError, e).toBe('function');
          expect(typeof m[e].isSignerError, e).toBe('function');
          expect(m[e].SignerError, e).toBe(m.index.SignerError);
        }
        // An error raised through ./apig is recognised by ./koogallery's and ./crypto's helpers, and back.
        let fromApig: unknown;
        try {
          m.apig.parseSdkDate('2019-11-15');
        } catch (e) {
          fromApig = e;
        }
        let fromKoo: unknown;
        await m.koogallery.bodySign('{}', '').catch((e: unknown) => (fromKoo = e));
        for (const e of ENTRIES) {
          expect(fromApig instanceof m[e].SignerError, e).toBe(true);
          expect(m[e].isSignerError(fromApig, 'ERR_BAD_DATE'), e).toBe(true);
          expect(m[e].isSignerError(fromKoo, 'ERR_MISSING_CREDENTIALS'), e).toBe(true);
          expect(m[e].isSignerError(fromKoo, 'ERR_BAD_DATE'), e).toBe(false);
          expect(m[e].isSignerError(new Error('plain')), e).toBe(false);
        }
        expect((fromApig as { code: string }).code).toBe('ERR_BAD_DATE');
        expect((fromApig as Error).name).toBe('SignerError');
      });
    }
  }

  it('the declarations of every entry (.d.ts and .d.cts) export SignerErrorCode as the union of codes', () => {
    requireBuild();
    const dir = mkdtempSync(join(tmpdir(), 'hcsign-types-'));
    const files: string[] = [];
    for (const e of ENTRIES) {
      for (const ext of ['js', 'cjs']) {
        const file = join(dir, `${e}-${ext}.ts`);
        const target = join(ROOT, 'dist', 'node', `${e}.${ext}`);
        writeFileSync(
          file,
          `import { SignerError, isSignerError, type SignerErrorCode } from ${JSON.stringify(target)};
export const code: SignerErrorCode = 'ERR_BAD_HEX';
// @ts-expect-error not one of the codes: the type is a real union, not string or any
export const wrong: SignerErrorCode = 'ERR_NOT_A_CODE';
export const made: SignerError = new SignerError(code, 'x');
export const known: boolean = isSignerError(made, 'ERR_BAD_BASE64');
`,
        );
        files.push(file);
      }
    }
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: false,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  });

  it('the source entries give the same SignerErrorCode type (checked by npm run typecheck)', () => {
    const codes: [FromApig, FromKoo, FromCrypto, FromRoot] = ['ERR_BAD_DATE', 'ERR_DECRYPT', 'ERR_BAD_HEX', 'ERR_UNSUPPORTED'];
    // @ts-expect-error not a code
    const wrong: FromKoo = 'ERR_NOPE';
    expect(codes.length + String(wrong).length).toBe(12);
  });
});

describe('the web runtime without Web Crypto', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('throws SignerError ERR_UNSUPPORTED (not a TypeError) from hashing and from randomBytes', async () => {
    const web = await import('../src/runtime/web.js');
    vi.stubGlobal('crypto', undefined);
    expect(globalThis.crypto).toBeUndefined();
    const hashing = await (async () => web.sha256(new Uint8Array(1)))().then(
      () => 'resolved',
      (e: unknown) => e,
    );
    expect(hashing).toMatchObject({ name: 'SignerError', code: 'ERR_UNSUPPORTED', message: 'Web Crypto (crypto.subtle) is not available in this runtime' });
    expect(() => web.randomBytes(16)).toThrow(expect.objectContaining({ name: 'SignerError', code: 'ERR_UNSUPPORTED' }));
  });
});
