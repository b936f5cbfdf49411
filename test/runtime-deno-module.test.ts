// The Deno runtime module's own paths and the node:crypto paths it shares with node.ts, checked on Node
// against OpenSSL (node:crypto): deno.ts sends 24-byte AES-CBC keys to Web Crypto (Deno's node:crypto has
// no aes-192-cbc) and leaves SM3 to the pure implementation; the node:crypto HMAC joins a prepared ASCII
// ipad to string data, and streams HMAC-SM3's pads through createHash past the one-shot scratch block
// (Deno's createHmac has no SM3, for the node build loaded there through `require`). In Deno itself the whole vector suite runs on this build (test/runtimes/run-all.mjs).
import { describe, expect, it } from 'vitest';
import * as nodeCrypto from 'node:crypto';
import * as deno from '../src/runtime/deno.js';
import * as node from '../src/runtime/node.js';

const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('src/runtime/deno.ts', () => {
  it('is the deno build, with no native SM3 (the pure one is faster on Deno)', () => {
    expect(deno.runtimeName).toBe('deno');
    expect([deno.nativeSm3, deno.nativeHmacSm3, deno.nativeSm3Hex, deno.nativeHmacSm3Hex]).toEqual([null, null, null, null]);
  });

  it('HMAC-SM3 (node.ts) of data past the one-shot block equals OpenSSL', () => {
    for (const n of [0, 2048, 2049, 6000]) {
      const key = bytes(20, n);
      const data = bytes(n, 7);
      const expected = nodeCrypto.createHmac('sm3', key).update(data).digest('hex');
      expect(hex(node.nativeHmacSm3!(key, data)), `${n} bytes`).toBe(expected);
      expect(node.nativeHmacSm3Hex!('secret-key', 'x'.repeat(n)), `${n} chars`).toBe(nodeCrypto.createHmac('sm3', 'secret-key').update('x'.repeat(n)).digest('hex'));
    }
  });

  it('HMAC on string keys and data (the prepared ASCII ipad joined to the text) equals OpenSSL', () => {
    const keys = ['k', 'bench-secret-example-0123456789abcdefghij', 'x'.repeat(64), 'y'.repeat(65), 'clé-€', '\u007f\u0000', ''];
    const texts = ['', 'abc', 'é€😀', 'lone \ud800 surrogate', 'z'.repeat(700), 'é'.repeat(3000)];
    for (const key of keys) {
      for (const text of texts) {
        const label = `key ${JSON.stringify(key.slice(0, 8))}, ${text.length} chars`;
        expect(deno.hmacSha256Hex(key, text), label).toBe(nodeCrypto.createHmac('sha256', key).update(text).digest('hex'));
        expect(hex(deno.hmacSha256(key, text) as Uint8Array), label).toBe(nodeCrypto.createHmac('sha256', key).update(text).digest('hex'));
        expect(node.nativeHmacSm3Hex!(key, text), label).toBe(nodeCrypto.createHmac('sm3', key).update(text).digest('hex'));
      }
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
