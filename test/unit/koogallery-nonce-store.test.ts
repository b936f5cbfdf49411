import { describe, expect, it } from 'vitest';
import { SignerError } from '../../src/errors.js';
import { createNonceStore } from '../../src/koogallery/index.js';

function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof SignerError ? e.code : `not a SignerError: ${String(e)}`;
  }
  return 'no error';
}

describe('createNonceStore', () => {
  it('true the first time, false for a replay', async () => {
    const store = createNonceStore();
    expect(await store.checkAndSet('n1')).toBe(true);
    expect(await store.checkAndSet('n1')).toBe(false);
    expect(await store.checkAndSet('n2')).toBe(true);
    expect(store.size).toBe(2);
  });

  it('refuses a nonce until ttlSeconds after it was recorded, that instant included, and forgets it 1 ms later', async () => {
    // Inclusive like Redis: with ttl = the window's span, a replay at exactly the far edge is refused.
    const c = clock();
    const store = createNonceStore({ ttlSeconds: 120, now: c.now });
    expect(await store.checkAndSet('n')).toBe(true);
    c.advance(120_000);
    expect(await store.checkAndSet('n')).toBe(false);
    c.advance(1);
    expect(await store.checkAndSet('n')).toBe(true);
  });

  it('when full of live nonces, refuses new ones (ERR_NONCE_STORE_FULL) and still detects replays', async () => {
    const c = clock();
    const store = createNonceStore({ ttlSeconds: 60, maxEntries: 3, now: c.now });
    for (const n of ['a', 'b', 'c']) expect(await store.checkAndSet(n)).toBe(true);
    expect(await codeOf(store.checkAndSet('d'))).toBe('ERR_NONCE_STORE_FULL');
    expect(await store.checkAndSet('a')).toBe(false); // not evicted: a replay of 'a' is still refused
    expect(store.size).toBe(3);
  });

  it('makes room by dropping expired nonces, oldest first', async () => {
    const c = clock();
    const store = createNonceStore({ ttlSeconds: 60, maxEntries: 3, now: c.now });
    await store.checkAndSet('a');
    c.advance(30_000);
    await store.checkAndSet('b');
    await store.checkAndSet('c');
    c.advance(30_001); // 'a' expired 1 ms ago, 'b' and 'c' live 30 s more
    expect(await store.checkAndSet('d')).toBe(true);
    expect(store.size).toBe(3);
    expect(await store.checkAndSet('b')).toBe(false);
    expect(await codeOf(store.checkAndSet('e'))).toBe('ERR_NONCE_STORE_FULL');
    c.advance(30_000);
    expect(await store.checkAndSet('e')).toBe(true);
    expect(store.size).toBe(2); // 'd' and 'e'
  });

  it('stays bounded under a stream of distinct nonces', async () => {
    const c = clock();
    const store = createNonceStore({ ttlSeconds: 1, maxEntries: 100, now: c.now });
    let refused = 0;
    for (let i = 0; i < 5000; i++) {
      c.advance(5);
      try {
        await store.checkAndSet(`n${i}`);
      } catch {
        refused++;
      }
      expect(store.size).toBeLessThanOrEqual(100);
    }
    // 1 s at one nonce per 5 ms is 200 live nonces: half are refused, never forgotten early.
    expect(refused).toBeGreaterThan(2000);
  });

  it('is atomic: concurrent calls with one nonce give exactly one true', async () => {
    const store = createNonceStore();
    const results = await Promise.all(Array.from({ length: 50 }, () => store.checkAndSet('same')));
    expect(results.filter((r) => r).length).toBe(1);
  });

  it('refuses bad options and empty nonces; clear() forgets', async () => {
    for (const options of [{ ttlSeconds: 0 }, { ttlSeconds: -1 }, { maxEntries: 0 }, { maxEntries: Number.NaN }, { ttlSeconds: '60' as unknown as number }]) {
      expect(() => createNonceStore(options)).toThrow(SignerError);
    }
    const store = createNonceStore();
    expect(await codeOf(store.checkAndSet(''))).toBe('ERR_INVALID_ARGUMENT');
    await store.checkAndSet('x');
    store.clear();
    expect(await store.checkAndSet('x')).toBe(true);
  });
});
