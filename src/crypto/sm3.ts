// SM3 (GB/T 32905-2016) and HMAC-SM3: node:crypto's OpenSSL SM3 on Node, the pure implementation
// elsewhere (Bun's node:crypto and Web Crypto have no SM3; Deno's node:crypto has one, slower than the
// pure one in `npm run bench:deno`, and the Deno build loads no node: module). The pure SM3 is loaded
// on first use, here and by the APIG SDK-HMAC-SM3 suite alike, so that bundles that never hash with SM3
// carry none of it: bundlers put the import() target (which imports nothing) in a lazy chunk of its own.
import * as rt from '#runtime';
import { hexOf, toBytes, type BinaryLike } from './codecs.js';

/** SM3 and HMAC-SM3 of raw bytes, synchronously. */
export interface Sm3Engine {
  sm3(data: Uint8Array): Uint8Array;
  hmacSm3(key: Uint8Array, data: Uint8Array): Uint8Array;
}

let engine: Sm3Engine | undefined;
let loading: Promise<Sm3Engine> | undefined;

/**
 * Run `use` with the SM3 engine: synchronously when the runtime has SM3 or the pure SM3 is loaded,
 * through a Promise the first time it loads (so that callers on a hot path add no Promise of their own).
 */
export function withSm3<T>(use: (m: Sm3Engine) => T): T | Promise<T> {
  if (engine) return use(engine);
  if (rt.nativeSm3 && rt.nativeHmacSm3) return use((engine = { sm3: rt.nativeSm3, hmacSm3: rt.nativeHmacSm3 }));
  loading ??= import('./sm3-lazy.js').then((m) => (engine = m));
  return loading.then(use);
}

/**
 * SM3 digest (32 bytes) of bytes or of a string's UTF-8 bytes.
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `data` is neither a string nor bytes.
 * @example hexEncode(await sm3('abc')) // '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'
 */
export async function sm3(data: BinaryLike): Promise<Uint8Array> {
  const bytes = toBytes(data);
  return withSm3((m) => m.sm3(bytes));
}

/**
 * Lower-case hex SM3.
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `data` is neither a string nor bytes.
 * @example await sm3Hex('') // '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b'
 */
export async function sm3Hex(data: BinaryLike): Promise<string> {
  const bytes = toBytes(data);
  return withSm3((m) => hexOf(m.sm3(bytes)));
}

/**
 * HMAC-SM3 (RFC 2104 over SM3, 64-byte block).
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `key` or `data` is neither a string nor
 * bytes.
 * @example await hmacSm3('Jefe', 'what do ya want for nothing?')
 */
export async function hmacSm3(key: BinaryLike, data: BinaryLike): Promise<Uint8Array> {
  const k = toBytes(key);
  const d = toBytes(data);
  return withSm3((m) => m.hmacSm3(k, d));
}

/**
 * Lower-case hex HMAC-SM3.
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `key` or `data` is neither a string nor
 * bytes.
 * @example await hmacSm3Hex('Jefe', 'what do ya want for nothing?') // '2e87f1d1...'
 */
export async function hmacSm3Hex(key: BinaryLike, data: BinaryLike): Promise<string> {
  const k = toBytes(key);
  const d = toBytes(data);
  return withSm3((m) => hexOf(m.hmacSm3(k, d)));
}
