// The backend verifier of examples/verify-handler.ts (a Fetch-API handler) served by Deno.serve and Bun.serve, with signed
// calls from the same runtime's fetch: each server hands verifyRequest a Request built its own way (URL
// re-encoding, header handling), and the verdicts must be those of Node's tests.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./fixtures/apig/serve-verify.mjs', import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
// The fixture picks its build with a dynamic import, which Deno lets read only what it is allowed to.
const distWeb = fileURLToPath(new URL('../dist/web/', import.meta.url));

const EXPECTED = {
  'tricky path and query': { status: 200, hello: 'backend-sign-key' },
  'JSON body': { status: 200, hello: 'backend-sign-key' },
  'binary body': { status: 200, hello: 'backend-sign-key' },
  'body changed after signing': { status: 401, reason: 'signature-mismatch' },
  'wrong secret': { status: 401, reason: 'signature-mismatch' },
  'unknown key': { status: 401, reason: 'unknown-key' },
  'signed 20 minutes ago': { status: 401, reason: 'expired' },
};

describe('verifyRequest in the README handler, served by each runtime', () => {
  for (const [runtime, args] of [
    ['Deno.serve (Web Crypto build)', [bin('deno'), 'run', '--no-prompt', '--no-lock', '--quiet', '--allow-net=127.0.0.1', `--allow-read=${distWeb}`, script]],
    ['Bun.serve (node:crypto build)', [bin('bun'), 'run', script]],
  ] as const) {
    it(runtime, () => {
      const r = spawnSync(args[0], args.slice(1), { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      const results = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, Record<string, unknown>>;
      expect(Object.keys(results)).toEqual(Object.keys(EXPECTED));
      for (const [name, expected] of Object.entries(EXPECTED)) expect(results[name], name).toMatchObject(expected);
    }, 90_000);
  }
});
