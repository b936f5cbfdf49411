// The Deno runtime module's own paths, checked on Node against OpenSSL (node:crypto): Deno's node:crypto
// has no createHmac('sm3') and no aes-192-cbc, so deno.ts streams HMAC-SM3's pads through createHash for
// data past the one-shot scratch block (node.ts does the same everywhere) and sends 24-byte AES-CBC keys
// to Web Crypto. In Deno itself the whole vector suite runs on this build (test/runtimes/run-all.mjs).
import { describe, expect, it } from 'vitest';
import * as nodeCrypto from 'node:crypto';
import * as deno from '../src/runtime/deno.js';

const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('src/runtime/deno.ts', () => {
  it('is the deno build', () => {
    expect(deno.runtimeName).toBe('deno');
  });

  it('HMAC-SM3 of data past the one-shot block equals OpenSSL', () => {
    for (const n of [0, 2048, 2049, 6000]) {
      const key = bytes(20, n);
      const data = bytes(n, 7);
      const expected = nodeCrypto.createHmac('sm3', key).update(data).digest('hex');
      expect(hex(deno.nativeHmacSm3!(key, data)), `${n} bytes`).toBe(expected);
      expect(deno.nativeHmacSm3Hex!('secret-key', 'x'.repeat(n)), `${n} chars`).toBe(nodeCrypto.createHmac('sm3', 'secret-key').update('x'.repeat(n)).digest('hex'));
    }
  });

  it('AES-192-CBC (Web Crypto there) equals OpenSSL, padded and not, both ways', async () => {
    const key = bytes(24, 1);
    const iv = bytes(16, 2);
    for (const [data, padding] of [[bytes(37, 3), true], [bytes(48, 4), false], [new Uint8Array(0), true]] as const) {
      const c = nodeCrypto.createCipheriv('aes-192-cbc', key, iv);
      c.setAutoPadding(padding);
      const expected = Buffer.concat([c.update(data), c.final()]);
      const ours = await deno.aesCbcEncrypt(key, iv, data, padding);
      expect(hex(ours)).toBe(expected.toString('hex'));
      expect(hex(await deno.aesCbcDecrypt(key, iv, ours, padding))).toBe(hex(data));
    }
    await expect(Promise.resolve().then(() => deno.aesCbcDecrypt(key, iv, bytes(32, 5), true))).rejects.toThrow();
  });

  it('AES-128/256-CBC stay on node:crypto (synchronous)', () => {
    const r = deno.aesCbcEncrypt(bytes(32, 1), bytes(16, 2), 'text', true);
    expect(r).toBeInstanceOf(Uint8Array);
  });
});
