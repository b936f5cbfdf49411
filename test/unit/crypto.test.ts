import { describe, expect, it } from 'vitest';
import * as nodeCrypto from 'node:crypto';
import {
  aesCbcDecrypt, aesCbcEncrypt, aesCfbDecrypt, aesCfbEncrypt, base64Decode, base64Encode, hexDecode, hexEncode,
  hmacSha256, hmacSha256Base64, hmacSha256Hex, hkdfSha256, isSignerError, randomBytes, runtimeName, sha256, sha256Hex,
  SignerError, timingSafeEqual, toBytes, utf8Decode, utf8Encode,
} from '../../src/crypto/index.js';
import { detachedBytes, sharedBytes } from '../fixtures/crypto/odd-bytes.mjs';


async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (e) {
    if (e instanceof SignerError) return e.code;
    return `not a SignerError: ${String(e)}`;
  }
  return 'no error';
}

describe('runtime', () => {
  it('is the one the project forces', () => {
    expect(process.env.EXPECTED_RUNTIME).toMatch(/^(node|web)$/);
    expect(runtimeName).toBe(process.env.EXPECTED_RUNTIME);
  });
});

describe('codecs', () => {
  it('round-trips UTF-8 including astral characters', () => {
    const s = 'héllo 世界 😀';
    expect(utf8Decode(utf8Encode(s))).toBe(s);
    expect(hexEncode(utf8Encode('€'))).toBe('e282ac');
  });
  it('refuses invalid UTF-8', async () => {
    expect(await code(() => utf8Decode(new Uint8Array([0xc3, 0x28])))).toBe('ERR_BAD_UTF8');
    expect(await code(() => utf8Decode(new Uint8Array([0xed, 0xa0, 0x80])))).toBe('ERR_BAD_UTF8');
  });
  it('hex is lower-case out, either case in, strict', async () => {
    expect(hexEncode(new Uint8Array([0, 1, 0xab, 0xff]))).toBe('0001abff');
    expect(hexEncode(hexDecode('ABcd'))).toBe('abcd');
    expect(await code(() => hexDecode('abc'))).toBe('ERR_BAD_HEX');
    expect(await code(() => hexDecode('zz'))).toBe('ERR_BAD_HEX');
    expect(await code(() => hexDecode(' a'))).toBe('ERR_BAD_HEX');
  });
  it('base64 matches RFC 4648 section 10', () => {
    const cases: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, enc] of cases) {
      expect(base64Encode(utf8Encode(plain))).toBe(enc);
      expect(utf8Decode(base64Decode(enc))).toBe(plain);
    }
  });
  it('base64 agrees with node:crypto on random bytes', () => {
    for (let n = 0; n < 200; n++) {
      const b = nodeCrypto.randomBytes(n);
      const enc = base64Encode(new Uint8Array(b));
      expect(enc).toBe(b.toString('base64'));
      expect(Buffer.from(base64Decode(enc)).equals(b)).toBe(true);
    }
  });
  // A string where bytes belong used to come out as silent garbage ('undefined' per character in hex,
  // 'AAAA' in base64); every runtime now refuses it. A Uint8Array from another realm is still bytes.
  it('encoders take only what they encode, and say so with ERR_INVALID_ARGUMENT', async () => {
    for (const bad of ['ab', undefined, null, 5, {}, [1, 2], new Uint16Array(2), new ArrayBuffer(2)]) {
      expect(await code(() => hexEncode(bad as never)), String(bad)).toBe('ERR_INVALID_ARGUMENT');
      expect(await code(() => base64Encode(bad as never)), String(bad)).toBe('ERR_INVALID_ARGUMENT');
      expect(await code(() => utf8Decode(bad as never)), String(bad)).toBe('ERR_INVALID_ARGUMENT');
    }
    for (const bad of [undefined, null, 5, {}, new Uint8Array(2)]) expect(await code(() => utf8Encode(bad as never)), String(bad)).toBe('ERR_INVALID_ARGUMENT');
    const { runInNewContext } = await import('node:vm');
    const foreign = runInNewContext('new Uint8Array([0x68, 0x69])') as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(hexEncode(foreign)).toBe('6869');
    expect(base64Encode(foreign)).toBe('aGk=');
    expect(utf8Decode(foreign)).toBe('hi');
  });
  it('base64 is strict', async () => {
    for (const bad of ['Zg', 'Zg=', 'Z===', 'Zm9v YmFy', 'Zm9v\n', 'Zm-_', '=Zg=', 'Zh==', 'Zm9=', 'Zg==Zg==', 'Zm9vé===']) {
      expect(await code(() => base64Decode(bad)), bad).toBe('ERR_BAD_BASE64');
    }
  });
});

describe('hashes', () => {
  it('agree with node:crypto on random data', async () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 1000, 100_000]) {
      const data = new Uint8Array(nodeCrypto.randomBytes(n));
      const key = new Uint8Array(nodeCrypto.randomBytes(n % 150));
      expect(await sha256Hex(data)).toBe(nodeCrypto.createHash('sha256').update(data).digest('hex'));
      expect(await hmacSha256Hex(key, data)).toBe(nodeCrypto.createHmac('sha256', key).update(data).digest('hex'));
      expect(await hmacSha256Base64(key, data)).toBe(nodeCrypto.createHmac('sha256', key).update(data).digest('base64'));
    }
  });
  it('treat strings as UTF-8', async () => {
    expect(hexEncode(await sha256('é'))).toBe(await sha256Hex(new Uint8Array([0xc3, 0xa9])));
    expect(hexEncode(await hmacSha256('ké', 'dé'))).toBe(nodeCrypto.createHmac('sha256', 'ké').update('dé').digest('hex'));
  });
  it('HMAC-SHA256 agrees with node:crypto for string and byte keys of 0..300 bytes and data on both sides of the one-shot limit', async () => {
    // The node runtime builds HMAC from prepared ipad/opad blocks and a 2 KiB scratch; keys over one
    // block are hashed first, and longer data falls back to createHmac. Cover every branch, twice per
    // key so that the cached pads are used as well as made.
    const texts = ['', 'a', 'SDK-HMAC-SHA256\n20240301T101500Z\n' + 'ab'.repeat(32), 'é😀'.repeat(300), 'x'.repeat(682), 'x'.repeat(683), 'y'.repeat(5000)];
    for (const keyLength of [0, 1, 32, 63, 64, 65, 131, 150, 300]) {
      const keyText = 'k'.repeat(keyLength);
      const keyBytes = new Uint8Array(nodeCrypto.randomBytes(keyLength));
      for (let round = 0; round < 2; round++) {
        for (const text of texts) {
          const bytes = new TextEncoder().encode(text);
          expect(await hmacSha256Hex(keyText, text)).toBe(nodeCrypto.createHmac('sha256', keyText).update(text).digest('hex'));
          expect(hexEncode(await hmacSha256(keyText, bytes))).toBe(nodeCrypto.createHmac('sha256', keyText).update(bytes).digest('hex'));
          expect(await hmacSha256Hex(keyBytes, bytes)).toBe(nodeCrypto.createHmac('sha256', keyBytes).update(bytes).digest('hex'));
        }
      }
    }
  });
  it('HKDF-SHA256 matches RFC 5869 test case 1', async () => {
    const okm = await hkdfSha256(hexDecode('0b'.repeat(22)), hexDecode('000102030405060708090a0b0c'), hexDecode('f0f1f2f3f4f5f6f7f8f9'), 42);
    expect(hexEncode(okm)).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  });
  it('randomBytes gives the asked length, also above 64 KiB', () => {
    expect(randomBytes(0).length).toBe(0);
    expect(randomBytes(70_000).length).toBe(70_000);
    expect(hexEncode(randomBytes(16))).not.toBe(hexEncode(randomBytes(16)));
  });
  // node:crypto and Web Crypto fail differently on these, and Web Crypto derives 0 bytes from NaN.
  it('HKDF length: 0 to 8160 bytes, anything else a typed error on every runtime', async () => {
    expect((await hkdfSha256('ikm', 'salt', 'info', 0)).length).toBe(0);
    expect((await hkdfSha256('ikm', 'salt', 'info', 8160)).length).toBe(8160);
    for (const n of [8161, -1, 1.5, NaN, Infinity, 1e9, '32' as unknown as number]) {
      expect(await code(hkdfSha256('ikm', 'salt', 'info', n))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
  it('HKDF: -0 is 0 (node:crypto aborts the process on it), info up to 1024 bytes (OpenSSL), more is a typed error', async () => {
    expect((await hkdfSha256('ikm', 'salt', 'info', -0)).length).toBe(0);
    const okm = await hkdfSha256('ikm', 'salt', 'i'.repeat(1024), 32);
    expect(hexEncode(okm)).toBe(hexEncode(new Uint8Array(nodeCrypto.hkdfSync('sha256', 'ikm', 'salt', 'i'.repeat(1024), 32))));
    expect(await code(hkdfSha256('ikm', 'salt', 'i'.repeat(1025), 32))).toBe('ERR_INVALID_ARGUMENT');
  });
  it('randomBytes: a fractional, negative or non-number count is a typed error on every runtime', async () => {
    for (const n of [-1, 1.5, NaN, Infinity, 2 ** 31, '16' as unknown as number]) {
      expect(await code(() => randomBytes(n))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});

// Both builds must answer alike for any Uint8Array: Web Crypto refuses views of a SharedArrayBuffer
// (node:crypto takes them), and the two read a detached buffer differently unless told.
describe('unusual byte arrays', () => {
  const shared = sharedBytes;
  const detached = () => {
    const u = detachedBytes();
    expect(u.length).toBe(0);
    return u;
  };
  const key = utf8Encode('0123456789abcdef');
  const iv = utf8Encode('fedcba9876543210');
  const data = utf8Encode('hello, shared memory');

  it('a view of a SharedArrayBuffer hashes, MACs, derives and encrypts as its bytes do', async () => {
    expect(await sha256Hex(shared(data))).toBe(await sha256Hex(data));
    expect(await hmacSha256Hex(shared(key), shared(data))).toBe(await hmacSha256Hex(key, data));
    expect(hexEncode(await hkdfSha256(shared(key), shared(iv), shared(data), 32))).toBe(hexEncode(await hkdfSha256(key, iv, data, 32)));
    const cbc = await aesCbcEncrypt(key, iv, data);
    expect(hexEncode(await aesCbcEncrypt(shared(key), shared(iv), shared(data)))).toBe(hexEncode(cbc));
    expect(utf8Decode(await aesCbcDecrypt(shared(key), shared(iv), shared(cbc)))).toBe('hello, shared memory');
    expect(hexEncode(await aesCfbEncrypt(shared(key), shared(iv), shared(data)))).toBe(hexEncode(await aesCfbEncrypt(key, iv, data)));
  });

  it('a detached buffer reads as empty', async () => {
    const none = new Uint8Array(0);
    expect(await hmacSha256Hex('k', detached())).toBe(await hmacSha256Hex('k', none));
    expect(await sha256Hex(detached())).toBe(await sha256Hex(none));
    expect(hexEncode(await hkdfSha256('ikm', detached(), detached(), 16))).toBe(hexEncode(await hkdfSha256('ikm', none, none, 16)));
    // A detached ArrayBuffer itself, and AES data (Bun's node:crypto refused a detached one).
    const buffer = detached().buffer;
    expect(await sha256Hex(buffer as never)).toBe(await sha256Hex(none));
    expect(toBytes(buffer).length).toBe(0);
    expect(hexEncode(await aesCbcEncrypt(key, iv, detached()))).toBe(hexEncode(await aesCbcEncrypt(key, iv, none)));
    expect((await aesCbcDecrypt(key, iv, detached(), { padding: false })).length).toBe(0);
    expect((await aesCfbEncrypt(key, iv, detached())).length).toBe(0);
    expect((await aesCfbDecrypt(key, iv, detached())).length).toBe(0);
  });

  it('results own their memory (no view into a pool whose .buffer would show other data)', async () => {
    const outputs = [
      await aesCbcEncrypt(key, iv, data),
      await aesCbcEncrypt(key, iv, new Uint8Array(32), { padding: false }),
      await aesCbcDecrypt(key, iv, await aesCbcEncrypt(key, iv, data)),
      await aesCfbEncrypt(key, iv, data),
      await aesCfbDecrypt(key, iv, data),
      await sha256(data),
      await hmacSha256(key, data),
    ];
    for (const out of outputs) expect([out.byteOffset, out.buffer.byteLength]).toEqual([0, out.length]);
  });
});

describe('timingSafeEqual', () => {
  it('compares bytes and strings', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
    expect(timingSafeEqual('', '')).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([2, 1]))).toBe(false);
    expect(timingSafeEqual('é', new Uint8Array([0xc3, 0xa9]))).toBe(true);
  });
});

describe('AES', () => {
  const key16 = hexDecode('2b7e151628aed2a6abf7158809cf4f3c');
  const key32 = hexDecode('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4');
  const iv = hexDecode('000102030405060708090a0b0c0d0e0f');

  it('CBC with PKCS#7 agrees with node:crypto both ways for lengths 0..48', async () => {
    for (const key of [key16, key32]) {
      for (let n = 0; n <= 48; n++) {
        const data = new Uint8Array(nodeCrypto.randomBytes(n));
        const c = nodeCrypto.createCipheriv(`aes-${key.length * 8}-cbc`, key, iv);
        const theirs = Buffer.concat([c.update(data), c.final()]);
        expect(hexEncode(await aesCbcEncrypt(key, iv, data))).toBe(theirs.toString('hex'));
        expect(hexEncode(await aesCbcDecrypt(key, iv, new Uint8Array(theirs)))).toBe(hexEncode(data));
      }
    }
  });

  it('CFB-128 agrees with node:crypto aes-*-cfb for every length 0..64 and at 1 MiB', async () => {
    for (const key of [key16, key32]) {
      for (const n of [...Array.from({ length: 65 }, (_, i) => i), 1 << 20]) {
        const data = new Uint8Array(nodeCrypto.randomBytes(n));
        const c = nodeCrypto.createCipheriv(`aes-${key.length * 8}-cfb`, key, iv);
        const theirs = Buffer.concat([c.update(data), c.final()]).toString('hex');
        const ours = await aesCfbEncrypt(key, iv, data);
        expect(hexEncode(ours)).toBe(theirs);
        if (n <= 4096) expect(hexEncode(await aesCfbDecrypt(key, iv, ours))).toBe(hexEncode(data));
      }
    }
  });

  it('CFB-128 is not CFB-8', async () => {
    const c8 = nodeCrypto.createCipheriv('aes-128-cfb8', key16, iv);
    const cfb8 = Buffer.concat([c8.update('hello world'), c8.final()]).toString('hex');
    expect(hexEncode(await aesCfbEncrypt(key16, iv, 'hello world'))).not.toBe(cfb8);
  });

  it('refuses bad key and IV lengths with typed errors', async () => {
    expect(await code(aesCbcEncrypt(new Uint8Array(15), iv, 'x'))).toBe('ERR_INVALID_KEY_LENGTH');
    expect(await code(aesCfbEncrypt(key16, new Uint8Array(8), 'x'))).toBe('ERR_INVALID_IV_LENGTH');
    expect(await code(aesCbcEncrypt(key16, iv, 'abc', { padding: false }))).toBe('ERR_INVALID_DATA_LENGTH');
  });

  it('a wrong key or a truncated ciphertext is ERR_DECRYPT, never an engine error', async () => {
    const ct = await aesCbcEncrypt(key16, iv, 'attack at dawn, attack at dusk');
    let wrongKeyFailures = 0;
    for (let i = 0; i < 20; i++) {
      const wrong = new Uint8Array(nodeCrypto.randomBytes(16));
      const result = await code(aesCbcDecrypt(wrong, iv, ct));
      // One wrong key in ~256 yields valid-looking padding; that is decryption "succeeding" to garbage.
      if (result !== 'no error') {
        expect(result).toBe('ERR_DECRYPT');
        wrongKeyFailures++;
      }
    }
    expect(wrongKeyFailures).toBeGreaterThan(10);
    expect(await code(aesCbcDecrypt(key16, iv, ct.subarray(0, 17)))).toBe('ERR_DECRYPT');
    expect(await code(aesCbcDecrypt(key16, iv, new Uint8Array(0)))).toBe('ERR_DECRYPT');
  });

  it('errors never carry the key', async () => {
    const secretKey = utf8Encode('SECRETKEY-123456');
    try {
      await aesCbcDecrypt(secretKey, iv, new Uint8Array(32));
    } catch (e) {
      expect(isSignerError(e)).toBe(true);
      expect(String((e as Error).message)).not.toContain('SECRETKEY');
    }
  });
});
