// The crypto core where engines part ways (test/fixtures/crypto/edge-bytes.mjs), run by Node on both
// builds, by Bun (node:crypto build) and by Deno (its own build and the Web Crypto one). Before, Bun's
// hkdfSync refused a length of 0, Bun's ciphers refused a detached array, Web Crypto refused SharedArrayBuffer views and
// node:crypto aborted the whole process on a length of -0. Every runtime must now give these answers.
// Expected values: FIPS 180-4 and GB/T 32905 (SHA-256 and SM3 of 'abc' and ''), and OpenSSL 3.0
// (`openssl kdf ... HKDF`, `openssl dgst -hmac`, `openssl enc -aes-128-cbc` / `-aes-128-cfb`).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./fixtures/crypto/edge-bytes.mjs', import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const distWeb = fileURLToPath(new URL('../dist/web/', import.meta.url));
const distDeno = fileURLToPath(new URL('../dist/deno/', import.meta.url));

const EXPECTED = {
  'hkdf length 0': '',
  'hkdf length -0': '',
  'hkdf info 1024 bytes': 'a6e24faf61e2eb714b5254348cb08282',
  'hkdf info 1025 bytes': 'error SignerError ERR_INVALID_ARGUMENT',
  'hkdf shared inputs': 'fe8f9615d2374c0d17f77d1aeaf408c2',
  'hkdf detached salt and info': 'd58e7c1c4394984eb3ca168ff7b709d4',
  'sha256 shared': 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  'sha256 detached': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'sha256 detached ArrayBuffer': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'hmac shared key and data': '83a1c00fbaf80ec63b32f9a9ca4ab18c329af5fb776ce63438e25dbef939d3ad',
  'hmac detached data': '8bb990c40a7d61cb97597a942125025be50ac8beb74436e3735b98893a7f6620',
  'sm3 shared': '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
  'hmac-sm3 detached data': '4c6033694d35de3efdf4b4889694915663bc4ca3c3bfc34a7f5e93890db1e65c',
  'aes-cbc shared': '7bedceb0655f38941069789f36462091',
  'aes-cbc detached data': '3c492cedd954cc383f3d3ee93e728484',
  'aes-cbc no padding detached data': '',
  'aes-cfb shared': '632eba1d99',
  'aes-cfb detached data': '',
  'aes-cfb decrypt detached data': '',
};

describe('the crypto core on unusual byte arrays, in every runtime', () => {
  for (const [runtime, args] of [
    ['Node, node:crypto build', [process.execPath, script]],
    ['Node, Web Crypto build', [process.execPath, script, 'web']],
    ['Bun, node:crypto build', [bin('bun'), script]],
    ['Deno, Web Crypto build', [bin('deno'), 'run', '--no-prompt', '--no-lock', '--quiet', `--allow-read=${distWeb}`, script]],
    ['Deno, Deno build (node:crypto)', [bin('deno'), 'run', '--no-prompt', '--no-lock', '--quiet', `--allow-read=${distDeno}`, script, 'deno']],
  ] as const) {
    it(runtime, () => {
      const r = spawnSync(args[0], args.slice(1), { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual(EXPECTED);
    }, 90_000);
  }
});
