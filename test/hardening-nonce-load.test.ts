// The replay guard under load (issue 8): a million distinct nonces keep the in-memory store within
// maxEntries and within a fixed amount of memory (measured after a full GC in a child `node
// --expose-gc`), a replay inside the window is always refused (also against a model, for random
// schedules), and 1,000 concurrent checkAndSet calls or verifications of one nonce accept exactly one.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createNonceStore, headerSignature, verifyNotification } from '../src/koogallery/index.js';
import { SignerError } from '../src/errors.js';
import { fcParams } from './fixtures/hardening/fuzz.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Phase {
  name: string;
  total: number;
  accepted: number;
  refusedFull: number;
  otherErrors: number;
  maxSize: number;
  replaysTried: number;
  replaysRefused: number;
  heapFull: number;
  heapEnd: number;
  sizeAtEnd: number;
  ms: number;
}

/** Bundle the store from src (not dist, which may be stale) and run the load script on it. */
async function runLoadScript(): Promise<{ maxEntries: number; ttlSeconds: number; heapBaseline: number; steady: Phase; flood: Phase }> {
  const dir = await mkdtemp(join(tmpdir(), 'nonce-load-'));
  try {
    const module = join(dir, 'nonce-store.mjs');
    await build({ entryPoints: [join(root, 'src/replay/memory-store.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: module, logLevel: 'error' });
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--expose-gc', join(root, 'test/fixtures/hardening/nonce-load.mjs'), module], { timeout: 170_000, maxBuffer: 1 << 20 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      );
    });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('in-memory nonce store under load', () => {
  it('1,000,000 distinct nonces stay within maxEntries and a bounded heap; replays in the window are always refused', async () => {
    const r = await runLoadScript();
    const { steady, flood, maxEntries } = r;
    // Steady traffic, one nonce per ms with a 60 s TTL: everything accepted, old nonces forgotten on
    // time. Live at a time: those recorded in the last 60,000 ms, both ends included (expiry is inclusive).
    expect(steady.accepted).toBe(steady.total);
    expect(steady.maxSize).toBe(60_001);
    expect(steady.sizeAtEnd).toBe(60_001);
    // A flood of 1,000,000: the store fills up to maxEntries, never beyond, and refuses the rest
    // instead of forgetting live nonces; expiry keeps making room.
    expect(flood.total).toBe(1_000_000);
    expect(flood.maxSize).toBe(maxEntries);
    expect(flood.sizeAtEnd).toBeLessThanOrEqual(maxEntries);
    expect(flood.refusedFull).toBeGreaterThan(0);
    expect(flood.accepted + flood.refusedFull).toBe(flood.total);
    expect(flood.accepted).toBeGreaterThan(5 * maxEntries); // room was made again and again
    for (const p of [steady, flood]) {
      expect(p.otherErrors).toBe(0);
      expect(p.replaysTried).toBeGreaterThanOrEqual(p.total / 1000);
      expect(p.replaysRefused).toBe(p.replaysTried);
      // Memory: a full store of 100,000 nonces costs tens of MB at most, and stays there. Remembering
      // every nonce (a leak) would cost well over 100 MB.
      expect(p.heapEnd - r.heapBaseline).toBeLessThan(maxEntries * 400);
      expect(p.heapEnd).toBeLessThan(p.heapFull * 1.5 + 8 * 1024 * 1024);
    }
  }, 180_000);

  it('refuses any replay inside the window, for random schedules (against a model of the store)', async () => {
    const TTL = 10;
    const MAX = 8;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 4000 })), { minLength: 1, maxLength: 60 }),
        async (ops) => {
          let t = 1_000_000;
          const store = createNonceStore({ ttlSeconds: TTL, maxEntries: MAX, now: () => t });
          const model = new Map<string, number>(); // nonce -> expiry
          for (const [n, dt] of ops) {
            t += dt;
            const nonce = `n${n}`;
            for (const [k, e] of model) if (e < t) model.delete(k); // live through its expiry instant
            const expected = model.has(nonce) ? false : model.size >= MAX ? 'full' : true;
            const got = await store.checkAndSet(nonce).catch((e: unknown) => (e instanceof SignerError && e.code === 'ERR_NONCE_STORE_FULL' ? 'full' : e));
            expect(got).toBe(expected);
            if (expected === true) model.set(nonce, t + TTL * 1000);
            expect(store.size).toBe(model.size);
          }
        },
      ),
      fcParams(300),
    );
  });

  it('still refuses a replay when the clock goes back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -3000, max: 4000 })), { minLength: 1, maxLength: 60 }), async (ops) => {
        let t = 1_000_000;
        const store = createNonceStore({ ttlSeconds: 10, maxEntries: 1000, now: () => t });
        const accepted = new Map<string, number>();
        const latestSince = new Map<string, number>();
        for (const [n, dt] of ops) {
          t += dt;
          for (const [k, v] of latestSince) latestSince.set(k, Math.max(v, t));
          const nonce = `n${n}`;
          const got = await store.checkAndSet(nonce);
          const at = accepted.get(nonce);
          // Accepted at `at`: refused at any time in [at, at + ttl), however the clock went back and
          // forth, as long as it never passed at + ttl (then the nonce had expired).
          if (at !== undefined && t >= at && t < at + 10_000 && latestSince.get(nonce)! < at + 10_000) expect(got).toBe(false);
          if (got) {
            accepted.set(nonce, t);
            latestSince.set(nonce, t);
          }
        }
      }),
      fcParams(300),
    );
  });

  it('1,000 concurrent checkAndSet calls for one nonce accept exactly one', async () => {
    const store = createNonceStore();
    const results = await Promise.all(Array.from({ length: 1000 }, () => store.checkAndSet('the-same-nonce')));
    expect(results.filter((x) => x === true)).toHaveLength(1);
    expect(results.filter((x) => x === false)).toHaveLength(999);
    expect(store.size).toBe(1);
  });

  it('1,000 concurrent verifications of one signed call accept exactly one, with the default store too', async () => {
    const AK = 'ebf72724-bacc-414b-a86b-fda5bcc8153c';
    for (const nonceStore of [createNonceStore(), undefined]) {
      const nonce = `concurrent-${Date.now()}-${Math.random()}`;
      const timestamp = String(Date.now());
      const body = '{"activity":"newInstance"}';
      const sign = await headerSignature({ accessKey: AK, nonce, timestamp, body });
      const call = () => verifyNotification({ url: 'https://isv.example.com/p', headers: { 'x-sign': sign, 'x-timestamp': timestamp, 'x-nonce': nonce }, body }, AK, nonceStore ? { nonceStore } : {});
      const results = await Promise.all(Array.from({ length: 1000 }, call));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'replayed')).toHaveLength(999);
    }
  });
});
