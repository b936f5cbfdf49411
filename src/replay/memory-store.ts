// Replay guard for the signature schemes: remember each nonce at least as long as its timestamp could
// still pass the window. In memory here; the same interface fits Redis (`SET nonce 1 NX EX ttl`) or a DB.
import { SignerError, optionsObject } from '../errors.js';

/**
 * Where verifyNotification records nonces. `checkAndSet` must be atomic: resolve `true` the first time
 * a nonce is seen (and remember it), `false` for a replay. Reject (throw) when it cannot answer;
 * verifyNotification then refuses the call: `replay-store-full` (`ERR_NONCE_STORE_FULL`)
 * or `replay-store-unavailable` (`ERR_NONCE_STORE_UNAVAILABLE`, or anything else).
 * APIG's verifyRequest takes the same store as `replayStore` (`replay-store-unavailable` on any rejection).
 */
export interface NonceStore {
  checkAndSet(nonce: string): Promise<boolean>;
  /**
   * How long an entry is remembered, when the store knows: the verifiers then refuse (with
   * `ERR_INVALID_ARGUMENT`) a store that forgets sooner than 2 × their `maxSkewSeconds`.
   */
  readonly ttlSeconds?: number;
}

/** Options of {@link createNonceStore}. */
export interface NonceStoreOptions {
  /**
   * How long a nonce is remembered, in seconds (default 120). Keep it at least 2 × `maxSkewSeconds`:
   * a timestamp passes the window from `ts - skew` to `ts + skew`. The default suits verifyNotification
   * (60 s); as APIG's `replayStore` (900 s) use 1800, or a replay after two minutes gets through.
   */
  ttlSeconds?: number;
  /** Upper bound on remembered nonces (default 100000). */
  maxEntries?: number;
  /** Clock in milliseconds (tests); default `Date.now`. */
  now?: () => number;
}

/** The in-memory {@link NonceStore}, with its size for monitoring. */
export interface MemoryNonceStore extends NonceStore {
  /** How long an entry is remembered; the verifiers refuse a store shorter than their window needs. */
  readonly ttlSeconds: number;
  /** Nonces currently remembered (expired ones are dropped lazily). */
  readonly size: number;
  /** Forget everything. */
  clear(): void;
}

function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new SignerError('ERR_INVALID_ARGUMENT', `${name} must be a positive number`);
  }
  return value;
}

/**
 * A bounded in-memory nonce store for one process (or one Worker isolate). Nonces expire after
 * `ttlSeconds`. When `maxEntries` live nonces are stored, a new nonce is REFUSED (`checkAndSet`
 * rejects with `ERR_NONCE_STORE_FULL`) rather than evicting a nonce that has not expired: evicting it
 * would let that call be replayed inside its window. Only calls with a valid signature reach the
 * store, so only KooGallery's own traffic can fill it; KooGallery retries refused calls.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `options` is not an object, `now` is not a function, or `ttlSeconds`/`maxEntries`
 * is not a positive number (`maxEntries` at least 1). `checkAndSet` rejects with `ERR_INVALID_ARGUMENT` for a
 * nonce that is not a non-empty string and with `ERR_NONCE_STORE_FULL` when `maxEntries` unexpired nonces are
 * stored.
 * @example
 * ```ts
 * const nonceStore = createNonceStore({ ttlSeconds: 120, maxEntries: 100_000 });
 * await nonceStore.checkAndSet('RLLUammMSInlrNWb'); // true
 * await nonceStore.checkAndSet('RLLUammMSInlrNWb'); // false: a replay
 * ```
 */
export function createNonceStore(options: NonceStoreOptions = {}): MemoryNonceStore {
  options = optionsObject(options);
  const ttlMs = positiveInteger(options.ttlSeconds, 'ttlSeconds', 120) * 1000;
  const maxEntries = Math.floor(positiveInteger(options.maxEntries, 'maxEntries', 100_000));
  if (maxEntries < 1) throw new SignerError('ERR_INVALID_ARGUMENT', 'maxEntries must be at least 1');
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new SignerError('ERR_INVALID_ARGUMENT', 'now must be a function returning milliseconds');
  // nonce -> expiry (ms), plus the same records in insertion order. The TTL is constant, so insertion
  // order is expiry order: purge from the front of the queue. Not by iterating the Map from its front:
  // V8 keeps deleted slots there until it rehashes, so each purge would step over all of them.
  const seen = new Map<string, number>();
  let queueNonces: string[] = [];
  let queueExpiries: number[] = [];
  let head = 0;

  function purge(t: number): void {
    // Inclusive, as Redis keeps a key until after its expiry instant: a nonce remembered for the window's
    // full span (2 x maxSkewSeconds) still refuses a replay at exactly the far edge of the window.
    while (head < queueNonces.length && queueExpiries[head]! < t) {
      const nonce = queueNonces[head]!;
      // A nonce set again since (the clock went back) has another expiry: that record is not this one.
      if (seen.get(nonce) === queueExpiries[head]) seen.delete(nonce);
      queueNonces[head++] = ''; // let the string go now, not at the next compaction
    }
    if (head > 1024 && head * 2 > queueNonces.length) {
      queueNonces = queueNonces.slice(head);
      queueExpiries = queueExpiries.slice(head);
      head = 0;
    }
  }

  return {
    ttlSeconds: ttlMs / 1000,
    // No await inside: the check and the set happen in one synchronous step, so concurrent calls
    // with the same nonce cannot both see it as new.
    async checkAndSet(nonce: string): Promise<boolean> {
      if (typeof nonce !== 'string' || nonce.length === 0) {
        throw new SignerError('ERR_INVALID_ARGUMENT', 'nonce must be a non-empty string');
      }
      const t = now();
      purge(t);
      const expires = seen.get(nonce);
      if (expires !== undefined) {
        if (expires >= t) return false;
        seen.delete(nonce); // expired but behind a younger entry (the clock went back): forget it
      }
      if (seen.size >= maxEntries) {
        throw new SignerError('ERR_NONCE_STORE_FULL', `nonce store is full (${maxEntries} unexpired nonces)`);
      }
      seen.set(nonce, t + ttlMs);
      queueNonces.push(nonce);
      queueExpiries.push(t + ttlMs);
      return true;
    },
    get size() {
      return seen.size;
    },
    clear() {
      seen.clear();
      queueNonces = [];
      queueExpiries = [];
      head = 0;
    },
  };
}
