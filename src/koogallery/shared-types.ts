// The types this subpath shares with `./apig` (request input, replay stores), declared here as aliases:
// the root's declaration bundle turns a type re-exported from a chunk both namespaces use into a value.
import type * as input from '../request/input.js';
import type * as memory from '../replay/memory-store.js';
import type * as redis from '../replay/redis-store.js';
import type * as denoKv from '../replay/deno-kv-store.js';

/** Header values as fetch, Node (`req.headers`) or a plain object give them. */
export type HeadersInput = input.HeadersInput;
/** The raw body: bytes (Buffer, Uint8Array, ArrayBuffer), a string (taken as UTF-8), or a byte stream. */
export type BodyInput = input.BodyInput;
/** A call as a plain object, e.g. from Express: `{ url: req.originalUrl, headers: req.headers, body: req.body }`. */
export type NotificationRequestInit = input.NotificationRequestInit;
/** A node:http `IncomingMessage` (or a framework's raw request), read as it arrives. */
export type NodeRequestLike = input.NodeRequestLike;
/** Where verified calls are remembered (see `createNonceStore`). */
export type NonceStore = memory.NonceStore;
/** Options of `createNonceStore`. */
export type NonceStoreOptions = memory.NonceStoreOptions;
/** The in-memory store, with its size for monitoring. */
export type MemoryNonceStore = memory.MemoryNonceStore;
/** Options of `createRedisNonceStore`. */
export type RedisNonceStoreOptions = redis.RedisNonceStoreOptions;
/** An atomic set-if-absent on any store, for `createRedisNonceStore`. */
export type SetIfAbsent = redis.SetIfAbsent;
/** The part of a node-redis client `createRedisNonceStore` uses. */
export type NodeRedisClientLike = redis.NodeRedisClientLike;
/** The part of an ioredis client `createRedisNonceStore` uses. */
export type IoRedisClientLike = redis.IoRedisClientLike;
/** Options of `createDenoKvNonceStore`. */
export type DenoKvNonceStoreOptions = denoKv.DenoKvNonceStoreOptions;
/** The part of a `Deno.Kv` `createDenoKvNonceStore` uses. */
export type DenoKvLike = denoKv.DenoKvLike;
/** The part of a `Deno.AtomicOperation` `createDenoKvNonceStore` uses. */
export type DenoKvAtomicLike = denoKv.DenoKvAtomicLike;
/** A Deno KV key, as `Deno.KvKey`. */
export type DenoKvKey = denoKv.DenoKvKey;
