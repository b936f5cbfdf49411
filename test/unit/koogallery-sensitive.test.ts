import { describe, expect, it } from 'vitest';
import { hexEncode, sha1 } from '../../src/crypto/index.js';
import { SignerError } from '../../src/errors.js';
import {
  decryptSensitive,
  deriveSensitiveKey,
  encryptSensitive,
  sensitiveCiphertextLength,
} from '../../src/koogallery/index.js';
import { sensitiveKeyCacheSize } from '../../src/koogallery/sensitive.js';
import { sha1prng, updateState } from '../../src/koogallery/sha1prng.js';
import sensitiveVectors from '../../vectors/koogallery-sensitive.json';

// A Java-sample vector (vectors/koogallery-sensitive.json): accessKey 'xxxxxxx', encryptType 1.
const V = sensitiveVectors.vectors[0]!;
const KEY = V.input.accessKey;

async function failure(p: Promise<unknown>): Promise<SignerError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SignerError) return e;
    throw new Error(`not a SignerError: ${String(e)}`);
  }
  throw new Error('no error');
}

describe('SHA1PRNG state machine (Java signed-byte arithmetic)', () => {
  const u = (...b: number[]) => new Uint8Array(b);

  it('adds output + 1 byte by byte with a signed carry', () => {
    // 0x80 + 0x80 + 1 as Java bytes: -128 + -128 + 1 = -255 -> byte 0x01, carry -255 >> 8 = -1,
    // so the next byte becomes 0 + 0 - 1 = 0xff (unsigned addition would give 0x01).
    const s = u(0x80, 0x00);
    updateState(s, u(0x80, 0x00));
    expect([...s]).toEqual([0x01, 0xff]);
  });

  it('a byte that wraps from 0xff carries 0, not 1', () => {
    // (byte)0xff = -1; -1 + 0 + 1 = 0 -> carry 0 >> 8 = 0 (unsigned: 0x100 would carry 1).
    const s = u(0xff, 0x00);
    updateState(s, u(0x00, 0x00));
    expect([...s]).toEqual([0x00, 0x00]);
  });

  it('increments state[0] when no byte changed', () => {
    // 0x12 + (-1) + 1 = 0x12 (carry 0), 0x34 + 0 + 0 = 0x34: nothing changed.
    const s = u(0x12, 0x34);
    updateState(s, u(0xff, 0x00));
    expect([...s]).toEqual([0x13, 0x34]);
  });

  it('the first block is SHA-1(SHA-1(seed))', async () => {
    const seed = new TextEncoder().encode('seed');
    const first = await sha1(await sha1(seed));
    expect(hexEncode(await sha1prng(seed, 20))).toBe(hexEncode(first));
    expect(hexEncode(await sha1prng(seed, 7))).toBe(hexEncode(first.subarray(0, 7)));
  });

  it('AES-128 key is a prefix of the AES-256 key (same stream)', async () => {
    const k256 = await deriveSensitiveKey(KEY, 1);
    const k128 = await deriveSensitiveKey(KEY, 2);
    expect(k256.length).toBe(32);
    expect(k128.length).toBe(16);
    expect(hexEncode(k256)).toBe(V.expect.keyHex);
    expect(hexEncode(k256).startsWith(hexEncode(k128))).toBe(true);
  });
});

describe('derived-key cache', () => {
  it('is bounded', async () => {
    for (let i = 0; i < 40; i++) await deriveSensitiveKey(`key-${i}`, 1 + (i % 2) as 1 | 2);
    expect(sensitiveKeyCacheSize()).toBeLessThanOrEqual(16);
    expect(sensitiveKeyCacheSize()).toBeGreaterThan(0);
  });

  it('hands out copies', async () => {
    const k = await deriveSensitiveKey(KEY, 1);
    k.fill(0);
    expect(hexEncode(await deriveSensitiveKey(KEY, 1))).toBe(V.expect.keyHex);
  });
});

describe('encryptSensitive', () => {
  it('reproduces the Java sample with a fixed IV, and accepts encryptType as a string', async () => {
    expect(await encryptSensitive(V.input.plaintext, KEY, 1, { iv: V.input.iv })).toBe(V.expect.ciphertext);
    expect(await encryptSensitive(V.input.plaintext, KEY, '1', { iv: V.input.iv })).toBe(V.expect.ciphertext);
  });

  it('draws a fresh 16-character [A-Za-z0-9] IV each time', async () => {
    const ivs = new Set<string>();
    const chars = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const c = await encryptSensitive('Pa55word!', KEY, 2);
      const iv = c.slice(0, 16);
      expect(iv).toMatch(/^[A-Za-z0-9]{16}$/);
      ivs.add(iv);
      for (const ch of iv) chars.add(ch);
      expect(await decryptSensitive(c, KEY, 2)).toBe('Pa55word!');
    }
    expect(ivs.size).toBe(200);
    expect(chars.size).toBeGreaterThan(55); // 3200 draws over 62 characters
  });

  it('refuses a bad fixed IV, a bad encryptType, a non-string plaintext or an empty accessKey', async () => {
    for (const iv of ['short', '000000000000000!', '00000000000000000', 'ééééééééééééééé1']) {
      expect((await failure(encryptSensitive('x', KEY, 1, { iv }))).code).toBe('ERR_INVALID_ARGUMENT');
    }
    expect((await failure(encryptSensitive('x', KEY, 3 as 1))).code).toBe('ERR_INVALID_ARGUMENT');
    expect((await failure(encryptSensitive(42 as unknown as string, KEY, 1))).code).toBe('ERR_INVALID_ARGUMENT');
    expect((await failure(encryptSensitive('x', '', 1))).code).toBe('ERR_MISSING_CREDENTIALS');
  });

  it('sensitiveCiphertextLength is the real length for every UTF-8 length', async () => {
    for (let n = 0; n <= 40; n++) {
      for (const text of ['a'.repeat(n), '密'.repeat(n), '😀'.repeat(n)]) {
        const c = await encryptSensitive(text, KEY, 1);
        expect(sensitiveCiphertextLength(text, 1)).toBe(c.length);
        expect(sensitiveCiphertextLength(text, 2)).toBe(c.length);
      }
    }
    expect(sensitiveCiphertextLength('', 1)).toBe(16 + 24);
    expect(sensitiveCiphertextLength('0123456789abcdef', 1)).toBe(16 + 44);
  });
});

describe('decryptSensitive errors', () => {
  const secretKey = 'ebf72724-bacc-414b-a86b-fda5bcc8153c';

  it('wrong accessKey or wrong encryptType is ERR_DECRYPT with a hint, and names no secret', async () => {
    const plaintext = 'user@example.com';
    const c1 = await encryptSensitive(plaintext, secretKey, 1, { iv: 'Ab3dE6gH9jK2mN5p' });
    for (const [key, type] of [[secretKey + 'x', 1], [secretKey, 2]] as const) {
      const e = await failure(decryptSensitive(c1, key, type));
      expect(e.code).toBe('ERR_DECRYPT');
      expect(e.message).toContain('wrong accessKey or encryptType?');
      expect(e.message).not.toContain(secretKey);
      expect(e.message).not.toContain(plaintext);
    }
  });

  it('shorter than 17 characters or a non-ASCII IV is ERR_BAD_CIPHERTEXT', async () => {
    for (const c of ['', 'abc', '0000000000000000']) {
      expect((await failure(decryptSensitive(c, KEY, 1))).code).toBe('ERR_BAD_CIPHERTEXT');
    }
    const bad = 'é' + V.expect.ciphertext.slice(1);
    expect((await failure(decryptSensitive(bad, KEY, 1))).code).toBe('ERR_BAD_CIPHERTEXT');
    const control = '\u0001' + V.expect.ciphertext.slice(1);
    expect((await failure(decryptSensitive(control, KEY, 1))).code).toBe('ERR_BAD_CIPHERTEXT');
  });

  it('bad base64 is ERR_BAD_BASE64; whole base64 that is not whole AES blocks is ERR_BAD_CIPHERTEXT', async () => {
    expect((await failure(decryptSensitive('0000000000000000A', KEY, 1))).code).toBe('ERR_BAD_BASE64');
    expect((await failure(decryptSensitive('0000000000000000!!!!', KEY, 1))).code).toBe('ERR_BAD_BASE64');
    expect((await failure(decryptSensitive('0000000000000000aGVsbG8=', KEY, 1))).code).toBe('ERR_BAD_CIPHERTEXT');
  });

  it("reads spaces in the base64 as '+' (a form-decoded ciphertext)", async () => {
    const withPlus = sensitiveVectors.vectors.find((v) => v.expect.ciphertext.slice(16).includes('+'))!;
    const spaced = withPlus.expect.ciphertext.slice(0, 16) + withPlus.expect.ciphertext.slice(16).replace(/\+/g, ' ');
    expect(await decryptSensitive(spaced, withPlus.input.accessKey, withPlus.input.encryptType as 1 | 2)).toBe(withPlus.input.plaintext);
  });

  it('refuses non-string ciphertexts and bad encryptTypes', async () => {
    expect((await failure(decryptSensitive(null as unknown as string, KEY, 1))).code).toBe('ERR_INVALID_ARGUMENT');
    expect((await failure(decryptSensitive(V.expect.ciphertext, KEY, 0 as 1))).code).toBe('ERR_INVALID_ARGUMENT');
  });
});
