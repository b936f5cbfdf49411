// Vector ops for the crypto core. Inputs follow vectors/README.md: `x` is UTF-8 text, `xHex` hex.
import { check, type Library, type OpRunner } from './types.js';
import { generatedBytes } from '../../src/cli/vector-bytes.js';

export function bytesOf(lib: Library, input: Record<string, any>, name: string): Uint8Array {
  if (typeof input[name + 'Hex'] === 'string') return lib.hexDecode(input[name + 'Hex']);
  if (typeof input[name + 'Base64'] === 'string') return lib.base64Decode(input[name + 'Base64']);
  if (input[name + 'Xorshift32'] !== undefined) return generatedBytes(input[name + 'Xorshift32']);
  if (typeof input[name] === 'string') return lib.utf8Encode(input[name]);
  throw new Error(`vector input lacks ${name}`);
}

function hexResult(expect: Record<string, any>, actual: string): void {
  if (typeof expect.hex === 'string') check('hex', expect.hex, actual);
  if (typeof expect.hexPrefix === 'string') check('hex prefix', expect.hexPrefix, actual.slice(0, expect.hexPrefix.length));
  if (typeof expect.base64 === 'string') throw new Error('use the base64 op for base64 results');
}

// Chromium's Web Crypto has no AES-192: there, and only there, the library must say so with
// ERR_UNSUPPORTED. Whether the host lacks it is asked of its Web Crypto directly, not of the library,
// so a broken AES-192 on a runtime that has it (Node, Deno, Bun, the node:crypto build) still fails.
let hostLacksAes192: Promise<boolean> | undefined;
function webCryptoLacksAes192(): Promise<boolean> {
  return (hostLacksAes192 ??= globalThis.crypto.subtle
    .importKey('raw', new Uint8Array(24), { name: 'AES-CBC' }, false, ['encrypt'])
    .then(() => false, () => true));
}

async function aesOrUnsupported(lib: Library, key: Uint8Array, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    const mayLack = key.length === 24 && lib.runtimeName === 'web' && (await webCryptoLacksAes192());
    if (mayLack && lib.isSignerError(e, 'ERR_UNSUPPORTED')) return;
    throw e;
  }
}

export const cryptoOps: Record<string, OpRunner> = {
  async sha256(lib, input, expect) {
    const data = bytesOf(lib, input, 'data');
    hexResult(expect, await lib.sha256Hex(data));
    hexResult(expect, lib.hexEncode(await lib.sha256(data)));
  },
  async sha1(lib, input, expect) {
    hexResult(expect, lib.hexEncode(await lib.sha1(bytesOf(lib, input, 'data'))));
  },
  async 'hmac-sha256'(lib, input, expect) {
    const key = bytesOf(lib, input, 'key');
    const data = bytesOf(lib, input, 'data');
    const hex = await lib.hmacSha256Hex(key, data);
    hexResult(expect, hex);
    check('base64 form agrees with hex form', lib.base64Encode(lib.hexDecode(hex)), await lib.hmacSha256Base64(key, data));
  },
  async sm3(lib, input, expect) {
    const data = bytesOf(lib, input, 'data');
    hexResult(expect, await lib.sm3Hex(data));
    hexResult(expect, lib.hexEncode(await lib.sm3(data)));
  },
  async 'hmac-sm3'(lib, input, expect) {
    hexResult(expect, await lib.hmacSm3Hex(bytesOf(lib, input, 'key'), bytesOf(lib, input, 'data')));
  },
  async 'aes-cbc'(lib, input, expect) {
    const key = lib.hexDecode(input.keyHex);
    const iv = lib.hexDecode(input.ivHex);
    const plaintext = lib.hexDecode(input.plaintextHex);
    const options = { padding: input.padding !== false };
    await aesOrUnsupported(lib, key, async () => {
      check('encrypt', expect.ciphertextHex, lib.hexEncode(await lib.aesCbcEncrypt(key, iv, plaintext, options)));
      check('decrypt', input.plaintextHex, lib.hexEncode(await lib.aesCbcDecrypt(key, iv, lib.hexDecode(expect.ciphertextHex), options)));
    });
  },
  async 'aes-cfb'(lib, input, expect) {
    const key = lib.hexDecode(input.keyHex);
    const iv = lib.hexDecode(input.ivHex);
    const plaintext = lib.hexDecode(input.plaintextHex);
    const ciphertext = lib.hexDecode(expect.ciphertextHex);
    await aesOrUnsupported(lib, key, async () => {
      // CFB is a stream mode: every prefix of the NIST message is a vector of its own.
      for (let n = 0; n <= plaintext.length; n++) {
        const want = lib.hexEncode(ciphertext.subarray(0, n));
        check(`encrypt ${n} bytes`, want, lib.hexEncode(await lib.aesCfbEncrypt(key, iv, plaintext.subarray(0, n))));
        check(`decrypt ${n} bytes`, lib.hexEncode(plaintext.subarray(0, n)), lib.hexEncode(await lib.aesCfbDecrypt(key, iv, ciphertext.subarray(0, n))));
      }
    });
  },
};
