// createDenoKvNonceStore: on Deno's own KV (a local in-memory database run by node_modules/.bin/deno, the
// engine Deno Deploy's KV API fronts), and its argument checks and fail-closed answers on shaped fakes.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDenoKvNonceStore } from '../src/replay/deno-kv-store.js';
import { createDenoKvNonceStore as fromKoogallery } from '../src/koogallery/index.js';
import { createDenoKvNonceStore as fromApig } from '../src/apig/index.js';
import type { DenoKvLike } from '../src/koogallery/index.js';

const script = fileURLToPath(new URL('./fixtures/replay/deno-kv-store.mjs', import.meta.url));
const deno = fileURLToPath(new URL('../node_modules/.bin/deno', import.meta.url));
const distDeno = fileURLToPath(new URL('../dist/deno/', import.meta.url));

describe('createDenoKvNonceStore on Deno KV', () => {
  it('one atomic check per nonce: first true, then false, one winner of 20 racing calls; fails closed', () => {
    const r = spawnSync(deno, ['run', '--no-prompt', '--no-lock', '--quiet', '--unstable-kv', `--allow-read=${distDeno}`, script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({
      first: true,
      again: false,
      other: true,
      raceFirsts: 1,
      stored: 1,
      shortFirst: true,
      shortAgain: false,
      verify1: true,
      verify2: 'replayed',
      koogalleryExports: true,
      closed: 'ERR_NONCE_STORE_UNAVAILABLE',
      timeout: 'ERR_NONCE_STORE_UNAVAILABLE',
      closedVerify: 'replay-store-unavailable',
    });
  }, 90_000);
});

/** A KV that records the atomic operation and answers `answer`. */
function fakeKv(answer: () => unknown) {
  const ops: unknown[][] = [];
  const kv = {
    atomic() {
      const op: unknown[] = [];
      ops.push(op);
      const atomic = {
        check: (...c: unknown[]) => (op.push(['check', ...c]), atomic),
        set: (...s: unknown[]) => (op.push(['set', ...s]), atomic),
        commit: async () => answer(),
      };
      return atomic;
    },
  };
  return { kv: kv as unknown as DenoKvLike, ops };
}

describe('createDenoKvNonceStore (shaped fakes)', () => {
  it('is exported from /apig and /koogallery', () => {
    expect(fromApig).toBe(createDenoKvNonceStore);
    expect(fromKoogallery).toBe(createDenoKvNonceStore);
  });

  it('commits check(versionstamp null) + set(key, 1, expireIn) on the prefix and the SHA-256 of the nonce', async () => {
    const { kv, ops } = fakeKv(() => ({ ok: true, versionstamp: '00000000000000010000' }));
    const store = createDenoKvNonceStore({ kv, ttlSeconds: 120, prefix: ['app', 1] });
    expect(store.ttlSeconds).toBe(120); // the verifiers refuse a store that forgets sooner than their window
    expect(await store.checkAndSet('abc')).toBe(true);
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    const key = ['app', 1, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'];
    expect(ops).toEqual([[['check', { key, versionstamp: null }], ['set', key, 1, { expireIn: 120_000 }]]]);
  });

  it('refuses bad options with ERR_INVALID_ARGUMENT', () => {
    const { kv } = fakeKv(() => ({ ok: true }));
    for (const options of [null, {}, { kv: {}, ttlSeconds: 1 }, { kv, ttlSeconds: 0 }, { kv, ttlSeconds: 1.5 }, { kv, ttlSeconds: 1, prefix: 'p' }, { kv, ttlSeconds: 1, timeoutMs: 0 }]) {
      expect(() => createDenoKvNonceStore(options as never), JSON.stringify(options)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    }
  });

  it('an answer that is not { ok: boolean }, a throw or a rejection is ERR_NONCE_STORE_UNAVAILABLE, never "new"', async () => {
    for (const answer of [() => undefined, () => ({ ok: 'yes' }), () => null, () => { throw new Error('kv down'); }]) {
      const { kv } = fakeKv(answer);
      await expect(createDenoKvNonceStore({ kv, ttlSeconds: 5 }).checkAndSet('n')).rejects.toMatchObject({ code: 'ERR_NONCE_STORE_UNAVAILABLE' });
    }
    const { kv } = fakeKv(() => ({ ok: true }));
    await expect(createDenoKvNonceStore({ kv, ttlSeconds: 5 }).checkAndSet('')).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });
});
