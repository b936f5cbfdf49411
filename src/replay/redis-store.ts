// A NonceStore shared by every instance behind a load balancer: one atomic `SET key 1 EX ttl NX` per
// nonce, on the user's own Redis client (no dependency here: node-redis and ioredis are told apart by
// their shape). Any failure or timeout rejects with ERR_NONCE_STORE_UNAVAILABLE, so callers fail closed.
import { sha256Hex } from '../crypto/hash.js';
import { utf8Decode } from '../crypto/codecs.js';
import { SignerError } from '../errors.js';
import type { NonceStore } from './memory-store.js';

/**
 * The part of a node-redis (v4 and later) client or cluster this store uses: `set` with an options
 * object, plus the `isOpen` flag that tells it from ioredis.
 */
export interface NodeRedisClientLike {
  readonly isOpen: boolean;
  set(key: string, value: string, options: Record<string, unknown>): Promise<unknown>;
}

/**
 * The part of an ioredis client or cluster this store uses: variadic `set`, plus the `status` string
 * and `call` method that tell it from node-redis.
 */
export interface IoRedisClientLike {
  readonly status: string;
  call(...args: never[]): unknown;
  set(key: string, value: string, secondsToken: 'EX', seconds: number, nx: 'NX'): Promise<unknown>;
}

/**
 * Atomically record `key` for `ttlSeconds` if it is absent: resolve `true` when this call created it,
 * `false` when it already existed; reject when the store cannot answer.
 */
export type SetIfAbsent = (key: string, ttlSeconds: number) => Promise<boolean>;

/** Options of {@link createRedisNonceStore}: give `client` or `setIfAbsent`, not both. */
export interface RedisNonceStoreOptions {
  /** A connected node-redis (v4+) or ioredis client (or cluster). Yours: this package has no Redis dependency. */
  client?: NodeRedisClientLike | IoRedisClientLike;
  /** For any other store (SQL `INSERT … ON CONFLICT DO NOTHING`, Deno KV `atomic().check()`…), instead of `client`. */
  setIfAbsent?: SetIfAbsent;
  /**
   * How long a nonce is remembered, in whole seconds. At least the whole verification window: for
   * verifyNotification 2 × `maxSkewSeconds` (120 by default), for APIG's `replayStore` 2 × 900.
   */
  ttlSeconds: number;
  /** Key prefix (default `hcsign:nonce:`); the nonce itself becomes a 64-character SHA-256 hex digest. */
  prefix?: string;
  /** Longest wait for the store, in milliseconds (default 1000); slower counts as unavailable. */
  timeoutMs?: number;
}

/** The default key prefix of {@link createRedisNonceStore}. */
export const DEFAULT_NONCE_PREFIX = 'hcsign:nonce:';
const DEFAULT_TIMEOUT_MS = 1000;

/** An ERR_NONCE_STORE_UNAVAILABLE error (shared by the stores on a server: Redis, Deno KV). */
export function unavailable(message: string, cause?: unknown): SignerError {
  return cause === undefined
    ? new SignerError('ERR_NONCE_STORE_UNAVAILABLE', message)
    : new SignerError('ERR_NONCE_STORE_UNAVAILABLE', message, { cause });
}

function isNodeRedis(c: object): c is NodeRedisClientLike {
  return typeof (c as { isOpen?: unknown }).isOpen === 'boolean' && typeof (c as { set?: unknown }).set === 'function';
}

function isIoRedis(c: object): c is IoRedisClientLike {
  const x = c as { status?: unknown; call?: unknown; set?: unknown };
  return typeof x.status === 'string' && typeof x.call === 'function' && typeof x.set === 'function';
}

// SET … NX answers OK when it wrote the key and nil when the key existed. Anything else (a client
// with a type mapping may hand back bytes) is decoded or refused: never read as "new".
function readSetReply(reply: unknown): boolean {
  if (reply === null) return false;
  if (reply === 'OK') return true;
  if (reply instanceof Uint8Array && reply.length === 2 && utf8Decode(reply) === 'OK') return true;
  throw unavailable('the Redis server gave an unexpected reply to SET NX');
}

/** The one-round-trip `SET key 1 EX ttl NX` for the client's library. */
function setIfAbsentFor(client: object): SetIfAbsent {
  const node = isNodeRedis(client);
  const io = isIoRedis(client);
  if (node === io) {
    // Neither shape, or both: guessing wrong would send a plain SET (always OK: every replay accepted).
    throw new SignerError(
      'ERR_INVALID_ARGUMENT',
      'client is neither a node-redis (v4+) nor an ioredis client; pass setIfAbsent(key, ttlSeconds) instead',
    );
  }
  if (node) {
    const nodeClient = client as NodeRedisClientLike;
    // Both spellings: v4 reads EX/NX, v5+ reads expiration/condition first (and still accepts EX/NX).
    return async (key, ttl) =>
      readSetReply(await nodeClient.set(key, '1', { EX: ttl, NX: true, expiration: { type: 'EX', value: ttl }, condition: 'NX' }));
  }
  const ioClient = client as IoRedisClientLike;
  return async (key, ttl) => readSetReply(await ioClient.set(key, '1', 'EX', ttl, 'NX'));
}

function withTimeout<T>(work: () => Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(unavailable(`the nonce store did not answer within ${ms} ms`)), ms);
    // A synchronous throw from the client becomes a rejection too.
    Promise.resolve()
      .then(work)
      .then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof SignerError && e.code === 'ERR_NONCE_STORE_UNAVAILABLE' ? e : unavailable('the nonce store failed', e));
        },
      );
  });
}

/**
 * A {@link NonceStore} in Redis, shared by every instance of your endpoint: a nonce replayed to another
 * instance behind the load balancer is refused too (the in-memory `createNonceStore` only knows its own
 * process). `checkAndSet` is one atomic `SET prefix+sha256(nonce) 1 EX ttl NX`: one round trip, no GET
 * before the SET, so concurrent calls with one nonce get exactly one `true`. The key has a fixed length
 * whatever the nonce's size. When Redis fails, or answers later than `timeoutMs`, `checkAndSet` rejects
 * with `ERR_NONCE_STORE_UNAVAILABLE` and `verifyNotification` refuses the call as
 * `replay-store-unavailable` (fail closed).
 *
 * `client` is a connected node-redis (v4+) or ioredis client, told apart by shape; for other stores
 * pass `setIfAbsent(key, ttlSeconds)` instead. Throws `ERR_INVALID_ARGUMENT` on bad options.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `options` is not an object, `ttlSeconds` is not a whole
 * number of at least 1, `prefix` is not a string, `timeoutMs` is not a positive number, not exactly one of
 * `client` and `setIfAbsent` is given, `setIfAbsent` is not a function, or `client` is neither a node-redis
 * nor an ioredis client. `checkAndSet` rejects with `ERR_INVALID_ARGUMENT` for a nonce that is not a
 * non-empty string and with `ERR_NONCE_STORE_UNAVAILABLE` when the store fails, times out or gives an
 * unexpected answer.
 * @example
 * ```ts
 * import { createClient } from 'redis'; // or: import Redis from 'ioredis'; const client = new Redis(url);
 * const client = await createClient({ url: process.env.REDIS_URL }).on('error', console.error).connect();
 * const nonceStore = createRedisNonceStore({ client, ttlSeconds: 120 });
 * const result = await verifyNotification(request, accessKey, { nonceStore });
 * if (!result.ok && result.reason === 'replay-store-unavailable') return new Response(null, { status: 503 });
 * ```
 */
export function createRedisNonceStore(options: RedisNonceStoreOptions): NonceStore {
  if (options === null || typeof options !== 'object') throw new SignerError('ERR_INVALID_ARGUMENT', 'options must be an object');
  const { client, setIfAbsent, ttlSeconds } = options;
  if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'ttlSeconds must be a positive whole number of seconds');
  }
  const prefix = options.prefix ?? DEFAULT_NONCE_PREFIX;
  if (typeof prefix !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', 'prefix must be a string');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'timeoutMs must be a positive number');
  }
  if ((client === undefined) === (setIfAbsent === undefined)) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'pass exactly one of client and setIfAbsent');
  }
  let set: SetIfAbsent;
  if (setIfAbsent !== undefined) {
    if (typeof setIfAbsent !== 'function') throw new SignerError('ERR_INVALID_ARGUMENT', 'setIfAbsent must be a function');
    set = async (key, ttl) => {
      const created: unknown = await setIfAbsent(key, ttl);
      if (typeof created !== 'boolean') throw unavailable('setIfAbsent must resolve to a boolean');
      return created;
    };
  } else {
    if (client === null || typeof client !== 'object') throw new SignerError('ERR_INVALID_ARGUMENT', 'client must be a Redis client');
    set = setIfAbsentFor(client);
  }

  return {
    ttlSeconds,
    async checkAndSet(nonce: string): Promise<boolean> {
      if (typeof nonce !== 'string' || nonce.length === 0) {
        throw new SignerError('ERR_INVALID_ARGUMENT', 'nonce must be a non-empty string');
      }
      // The nonce is the caller's: only its digest reaches Redis, so its size never does.
      const key = prefix + (await sha256Hex(nonce));
      return withTimeout(() => set(key, ttlSeconds), timeoutMs);
    },
  };
}
