// A NonceStore on Deno KV (Deno Deploy's database, or a local one): one atomic commit per nonce that
// writes the key only if it has never been written (`check({ key, versionstamp: null })`), with an expiry.
// No dependency: the KV handle is the caller's `await Deno.openKv()`, typed by its shape. Any failure or
// timeout rejects with ERR_NONCE_STORE_UNAVAILABLE, so callers fail closed, like the Redis store.
import { SignerError } from '../errors.js';
import type { NonceStore } from './memory-store.js';
import { createRedisNonceStore, unavailable } from './redis-store.js';

/** A Deno KV key, as `Deno.KvKey`. */
export type DenoKvKey = readonly (string | number | bigint | boolean | Uint8Array)[];

/** The part of a `Deno.AtomicOperation` this store uses. */
export interface DenoKvAtomicLike {
  check(...checks: Array<{ key: DenoKvKey; versionstamp: string | null }>): DenoKvAtomicLike;
  set(key: DenoKvKey, value: unknown, options?: { expireIn?: number }): DenoKvAtomicLike;
  commit(): Promise<{ ok: boolean }>;
}

/** The part of a `Deno.Kv` this store uses. */
export interface DenoKvLike {
  atomic(): DenoKvAtomicLike;
}

/** Options of {@link createDenoKvNonceStore}. */
export interface DenoKvNonceStoreOptions {
  /** An open Deno KV: `await Deno.openKv()` (on Deno Deploy, the project's database). */
  kv: DenoKvLike;
  /**
   * How long a nonce is remembered, in whole seconds: at least the whole verification window (for
   * verifyNotification 2 × `maxSkewSeconds`, 120 by default; for APIG's `replayStore` 1800).
   */
  ttlSeconds: number;
  /** Key prefix (default `['hcsign', 'nonce']`); the nonce itself becomes a SHA-256 hex digest after it. */
  prefix?: DenoKvKey;
  /** Longest wait for the store, in milliseconds (default 1000); slower counts as unavailable. */
  timeoutMs?: number;
}

/** The default key prefix of {@link createDenoKvNonceStore}. */
export const DEFAULT_DENO_KV_PREFIX: DenoKvKey = ['hcsign', 'nonce'];

/**
 * A {@link NonceStore} on Deno KV, shared by every isolate of a Deno Deploy project (the in-memory
 * `createNonceStore` only knows its own isolate). `checkAndSet` is one atomic commit:
 * `kv.atomic().check({ key, versionstamp: null }).set(key, 1, { expireIn })`, so of concurrent calls with
 * one nonce exactly one gets `true`. KV deletes expired keys some time after `expireIn`, never before:
 * a nonce is refused at least for `ttlSeconds`. When KV fails, or answers later than `timeoutMs`,
 * `checkAndSet` rejects with `ERR_NONCE_STORE_UNAVAILABLE` and the verifiers refuse the request as
 * `replay-store-unavailable` (fail closed).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` for bad options (no `kv` with an `atomic` method, a
 * `ttlSeconds` that is not a positive whole number, a bad prefix or timeout).
 *
 * @example
 * ```ts
 * const kv = await Deno.openKv();
 * const nonceStore = createDenoKvNonceStore({ kv, ttlSeconds: 120 });
 * const result = await verifyNotification(request, accessKey, { nonceStore });
 * ```
 */
export function createDenoKvNonceStore(options: DenoKvNonceStoreOptions): NonceStore {
  if (options === null || typeof options !== 'object') throw new SignerError('ERR_INVALID_ARGUMENT', 'options must be an object');
  const { kv, ttlSeconds, timeoutMs } = options;
  if (kv === null || typeof kv !== 'object' || typeof kv.atomic !== 'function') {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'kv must be an open Deno KV (await Deno.openKv())');
  }
  const prefix = options.prefix ?? DEFAULT_DENO_KV_PREFIX;
  if (!Array.isArray(prefix)) throw new SignerError('ERR_INVALID_ARGUMENT', 'prefix must be an array of key parts');
  // The Redis store does the rest (checks of ttlSeconds and timeoutMs, the nonce's digest as key, the
  // timeout, failing closed); KV is its set-if-absent.
  return createRedisNonceStore({
    ttlSeconds,
    timeoutMs,
    prefix: '',
    async setIfAbsent(digest, ttl) {
      const key: DenoKvKey = [...prefix, digest];
      const result: unknown = await kv.atomic().check({ key, versionstamp: null }).set(key, 1, { expireIn: ttl * 1000 }).commit();
      // ok: false is the check failing (the key exists). Anything else is not an answer: never "new".
      const ok = result !== null && typeof result === 'object' ? (result as { ok?: unknown }).ok : undefined;
      if (typeof ok !== 'boolean') throw unavailable('Deno KV gave an unexpected answer to an atomic commit');
      return ok;
    },
  });
}
