// SM3 (GB/T 32905-2016): node:crypto's OpenSSL SM3 where the runtime has it (Node, Deno's node build),
// the pure implementation elsewhere (Bun, browsers, Workers: neither their node:crypto nor Web Crypto has SM3).
import * as rt from '#runtime';
import { hexEncode, toBytes, type BinaryLike } from './codecs.js';
import { hmacSm3Pure, sm3Pure } from './sm3-pure.js';

/** SM3 of raw bytes, synchronously (used by the SDK-HMAC-SM3 suite). */
export function sm3Bytes(data: Uint8Array): Uint8Array {
  return rt.nativeSm3 ? rt.nativeSm3(data) : sm3Pure(data);
}

/** HMAC-SM3 of raw bytes, synchronously. */
export function hmacSm3Bytes(key: Uint8Array, data: Uint8Array): Uint8Array {
  return rt.nativeHmacSm3 ? rt.nativeHmacSm3(key, data) : hmacSm3Pure(key, data);
}

/**
 * SM3 digest (32 bytes) of bytes or of a string's UTF-8 bytes.
 * @example hexEncode(await sm3('abc')) // '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'
 */
export async function sm3(data: BinaryLike): Promise<Uint8Array> {
  return sm3Bytes(toBytes(data));
}

/**
 * Lower-case hex SM3.
 * @example await sm3Hex('') // '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b'
 */
export async function sm3Hex(data: BinaryLike): Promise<string> {
  return hexEncode(sm3Bytes(toBytes(data)));
}

/**
 * HMAC-SM3 (RFC 2104 over SM3, 64-byte block).
 * @example await hmacSm3('Jefe', 'what do ya want for nothing?')
 */
export async function hmacSm3(key: BinaryLike, data: BinaryLike): Promise<Uint8Array> {
  return hmacSm3Bytes(toBytes(key), toBytes(data));
}

/**
 * Lower-case hex HMAC-SM3.
 * @example await hmacSm3Hex('Jefe', 'what do ya want for nothing?') // '2e87f1d1...'
 */
export async function hmacSm3Hex(key: BinaryLike, data: BinaryLike): Promise<string> {
  return hexEncode(hmacSm3Bytes(toBytes(key), toBytes(data)));
}
