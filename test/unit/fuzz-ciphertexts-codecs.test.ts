// Fuzzing the decoders that see outside input (issue 8): KooGallery ciphertexts (decryptSensitive),
// base64, hex and UTF-8, at least 10,000 random and malformed inputs each, on both runtimes (the AES
// engine differs). Each answers or throws a SignerError, and what a strict decoder accepts re-encodes
// to exactly its input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Decode, base64Encode, hexDecode, hexEncode, utf8Decode, utf8Encode } from '../../src/crypto/codecs.js';
import { SignerError } from '../../src/errors.js';
import { decryptSensitive, encryptSensitive } from '../../src/koogallery/index.js';
import { FUZZ_RUNS, expectWellFormedError, fcParams, fuzzText, onlySignerError, onlySignerErrorAsync } from '../fixtures/hardening/fuzz.js';

const TIMEOUT = 120_000;
const AK = 'xxxxxxx';

describe('fuzz: KooGallery ciphertexts (decryptSensitive)', () => {
  it(`decrypts or throws ERR_BAD_CIPHERTEXT / ERR_BAD_BASE64 / ERR_DECRYPT for ${FUZZ_RUNS} inputs`, async () => {
    const seeds = [
      '0000000000000000aSu7tJXKg66Emp34duOebg==', // the Java sample's vector: '15905222222', encryptType 1
      await encryptSensitive('admin', AK, 1, { iv: 'AbCdEfGh12345678' }),
      await encryptSensitive('用户\u{1F600}', AK, 2, { iv: 'ZZZZZZZZZZZZZZZZ' }),
      await encryptSensitive('x'.repeat(40), AK, 1),
    ];
    let n = 0;
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fuzzText(seeds, 120), fc.constantFrom<1 | 2>(1, 2), async (ct, type) => {
        n++;
        const r = await onlySignerErrorAsync(() => decryptSensitive(ct, AK, type), ct);
        if (r instanceof SignerError) {
          expectWellFormedError(r);
          expect(['ERR_BAD_CIPHERTEXT', 'ERR_BAD_BASE64', 'ERR_DECRYPT']).toContain(r.code);
          codes.add(r.code);
          return;
        }
        expect(typeof r).toBe('string');
        // What decrypts re-encrypts to the same ciphertext with the same IV (spaces read as '+').
        // (encryptSensitive only takes IVs from [A-Za-z0-9]; decryptSensitive reads any printable ASCII.)
        const again = await encryptSensitive(r, AK, type, { iv: ct.slice(0, 16) }).catch(() => undefined);
        if (again !== undefined) expect(again).toBe(ct.replace(/ /g, '+'));
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect([...codes].sort()).toEqual(['ERR_BAD_BASE64', 'ERR_BAD_CIPHERTEXT', 'ERR_DECRYPT']);
  }, TIMEOUT);
});

describe('fuzz: base64Decode', () => {
  it(`decodes only canonical base64 (re-encoding gives the input) for ${FUZZ_RUNS} inputs`, () => {
    const seeds = ['', 'aGk=', 'aGkh', 'aA==', '+/+/', 'AAAA', base64Encode(new Uint8Array(Array.from({ length: 40 }, (_, i) => i * 7)))];
    let n = 0;
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(fuzzText(seeds, 60), fc.uint8Array({ maxLength: 30 }).map(base64Encode)), (text) => {
        n++;
        const r = onlySignerError(() => base64Decode(text), text);
        if (r instanceof SignerError) {
          expect(r.code).toBe('ERR_BAD_BASE64');
          return;
        }
        accepted++;
        expect(base64Encode(r)).toBe(text);
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(accepted).toBeGreaterThan(FUZZ_RUNS / 10);
  }, TIMEOUT);
});

describe('fuzz: hexDecode', () => {
  it(`decodes only even-length hex (re-encoding gives the input, lower-cased) for ${FUZZ_RUNS} inputs`, () => {
    const seeds = ['', '00', 'ab01', 'AB01', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'];
    let n = 0;
    fc.assert(
      fc.property(fc.oneof(fuzzText(seeds, 70), fc.uint8Array({ maxLength: 30 }).map(hexEncode)), (text) => {
        n++;
        const r = onlySignerError(() => hexDecode(text), text);
        if (r instanceof SignerError) {
          expect(r.code).toBe('ERR_BAD_HEX');
          return;
        }
        expect(hexEncode(r)).toBe(text.toLowerCase());
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
  }, TIMEOUT);
});

/** Byte-level edits that make UTF-8 invalid in every classic way (and sometimes keep it valid). */
const BAD_SEQUENCES = [[0x80], [0xbf], [0xc0, 0xaf], [0xc1, 0xbf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff], [0xfe], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xef, 0xbf, 0xbd], [0xef, 0xbb, 0xbf]];

const utf8Bytes = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }).map(utf8Encode),
  fc.tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.nat(), fc.constantFrom(...BAD_SEQUENCES), fc.boolean()).map(([s, at, bad, replace]) => {
    const bytes = [...utf8Encode(s)];
    const p = bytes.length === 0 ? 0 : at % (bytes.length + 1);
    bytes.splice(p, replace ? bad.length : 0, ...bad);
    return new Uint8Array(bytes);
  }),
);

describe('fuzz: utf8Decode', () => {
  it(`accepts exactly the valid UTF-8 and returns its text, for ${FUZZ_RUNS} byte strings`, () => {
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
    let n = 0;
    let rejected = 0;
    fc.assert(
      fc.property(utf8Bytes, (bytes) => {
        n++;
        // Valid UTF-8 is what a replacing decoder reads without change.
        const valid = hexEncode(utf8Encode(lenient.decode(bytes))) === hexEncode(bytes);
        const r = onlySignerError(() => utf8Decode(bytes), [...bytes]);
        if (r instanceof SignerError) {
          rejected++;
          expect(r.code).toBe('ERR_BAD_UTF8');
          expect(valid).toBe(false);
          return;
        }
        expect(valid).toBe(true);
        expect(hexEncode(utf8Encode(r))).toBe(hexEncode(bytes));
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(rejected).toBeGreaterThan(FUZZ_RUNS / 10);
  }, TIMEOUT);
});
