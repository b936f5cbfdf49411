import { describe, it, expect } from 'vitest';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHmacSm3, createSm3, hmacSm3Pure, sm3Pure } from '../src/crypto/sm3-pure';
import { generatedBytes } from '../src/cli/vector-bytes.js';

// The repository's own SM3 vectors (GB/T 32905-2016 examples, the v3 Python core's empty hash,
// OpenSSL for HMAC-SM3 and for the generated inputs): a fresh clone tests with what it holds.
interface Sm3FileVector {
  id: string;
  op: 'sm3' | 'hmac-sm3';
  input: { data?: string; dataXorshift32?: unknown; key?: string; keyHex?: string };
  expect: { hex: string };
}
const file = JSON.parse(readFileSync(path.resolve(__dirname, '../vectors/crypto-sm3.json'), 'utf8')) as { vectors: Sm3FileVector[] };
const dataOf = (v: Sm3FileVector): Uint8Array =>
  v.input.dataXorshift32 !== undefined ? generatedBytes(v.input.dataXorshift32) : new TextEncoder().encode(v.input.data ?? '');
const vectors = {
  sm3: file.vectors.filter((v) => v.op === 'sm3').map((v) => ({ id: v.id, data: dataOf(v), expect_hex: v.expect.hex })),
  hmac_sm3: file.vectors
    .filter((v) => v.op === 'hmac-sm3')
    .map((v) => ({ id: v.id, key_utf8: v.input.key, key_hex: v.input.keyHex, data: dataOf(v), expect_hex: v.expect.hex })),
};

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const nodeSm3 = (b: Uint8Array): string => createHash('sm3').update(b).digest('hex');
const nodeHmac = (k: Uint8Array, b: Uint8Array): string => createHmac('sm3', k).update(b).digest('hex');
/** Random bytes as a plain Uint8Array (not a Buffer, which may sit in a shared pool). */
const rand = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
/** The same bytes at an odd offset in a larger buffer, so reads must not assume alignment or byteOffset 0. */
const unaligned = (b: Uint8Array): Uint8Array => {
  const buf = new Uint8Array(b.length + 1);
  buf.set(b, 1);
  return buf.subarray(1);
};

const randomLengths = Array.from({ length: 40 }, () => 301 + Math.floor(Math.random() * 3796));

describe('sm3Pure: shared vectors', () => {
  it('has vectors', () => {
    expect(vectors.sm3.length).toBeGreaterThan(0);
    expect(vectors.hmac_sm3.length).toBeGreaterThan(0);
  });
  for (const v of vectors.sm3) {
    it(`sm3 ${v.id}`, () => {
      const input = v.data;
      expect(hex(sm3Pure(input))).toBe(v.expect_hex);
      expect(hex(createSm3().update(input).digest())).toBe(v.expect_hex);
    });
  }
  for (const v of vectors.hmac_sm3) {
    it(`hmac-sm3 ${v.id}`, () => {
      const key = v.key_hex !== undefined ? Buffer.from(v.key_hex, 'hex') : utf8(v.key_utf8 ?? '');
      const data = v.data;
      expect(hex(hmacSm3Pure(key, data))).toBe(v.expect_hex);
      expect(hex(createHmacSm3(key).update(data).digest())).toBe(v.expect_hex);
    });
  }
});

describe('sm3Pure agrees with node:crypto sm3', () => {
  it('every length 0..300', () => {
    for (let n = 0; n <= 300; n++) {
      const b = rand(n);
      expect(hex(sm3Pure(b)), `length ${n}`).toBe(nodeSm3(b));
    }
  });

  it('random lengths up to 4096, including unaligned views', () => {
    for (const n of [...randomLengths, 511, 512, 513, 4095, 4096]) {
      const b = rand(n);
      const want = nodeSm3(b);
      expect(hex(sm3Pure(b)), `length ${n}`).toBe(want);
      expect(hex(sm3Pure(unaligned(b))), `unaligned length ${n}`).toBe(want);
    }
  });

  it('1 MiB', () => {
    const b = rand(1 << 20);
    expect(hex(sm3Pure(b))).toBe(nodeSm3(b));
    expect(hex(sm3Pure(unaligned(b)))).toBe(nodeSm3(b));
  });

  it('incremental hashing in arbitrary chunks', () => {
    for (const n of [0, 1, 63, 64, 65, 95, 127, 128, 300, 1000, 4096]) {
      const b = rand(n);
      const h = createSm3();
      for (let off = 0; off < n; ) {
        const step = Math.min(n - off, Math.floor(Math.random() * 150));
        h.update(b.subarray(off, off + step));
        off += step;
      }
      expect(hex(h.digest()), `length ${n}`).toBe(nodeSm3(b));
    }
  });

  it('digest() does not disturb the hasher', () => {
    const a = rand(100), b = rand(200);
    const h = createSm3().update(a);
    expect(hex(h.digest())).toBe(nodeSm3(a));
    expect(hex(h.digest())).toBe(nodeSm3(a));
    h.update(b);
    expect(hex(h.digest())).toBe(nodeSm3(Buffer.concat([a, b])));
  });

  it('does not modify its input', () => {
    const b = rand(1000);
    const copy = b.slice();
    sm3Pure(b);
    createSm3().update(b).digest();
    expect(b).toEqual(copy);
  });
});

describe('hmacSm3Pure agrees with node:crypto hmac sm3', () => {
  it('random keys of every length 0..130', () => {
    for (let k = 0; k <= 130; k++) {
      const key = rand(k);
      const data = rand(Math.floor(Math.random() * 300));
      const want = nodeHmac(key, data);
      expect(hex(hmacSm3Pure(key, data)), `key length ${k}`).toBe(want);
      expect(hex(createHmacSm3(key).update(data).digest()), `key length ${k}`).toBe(want);
    }
  });

  it('data of every length 0..300 and some up to 4096', () => {
    const key = rand(32);
    for (const n of [...Array.from({ length: 301 }, (_, i) => i), ...randomLengths]) {
      const data = rand(n);
      expect(hex(hmacSm3Pure(key, data)), `data length ${n}`).toBe(nodeHmac(key, data));
    }
  });

  it('1 MiB', () => {
    const key = rand(20);
    const data = rand(1 << 20);
    expect(hex(hmacSm3Pure(key, data))).toBe(nodeHmac(key, data));
  });

  it('incremental HMAC in chunks, digest repeatable', () => {
    const key = rand(70);
    const a = rand(90), b = rand(130);
    const h = createHmacSm3(key).update(a);
    expect(hex(h.digest())).toBe(nodeHmac(key, a));
    expect(hex(h.digest())).toBe(nodeHmac(key, a));
    h.update(b);
    expect(hex(h.digest())).toBe(nodeHmac(key, Buffer.concat([a, b])));
  });
});
