// SHA-256, SHA-1 and HMAC-SHA256 over whichever runtime was built in.
import * as rt from '#runtime';
import { SignerError } from '../errors.js';
import { base64Encode, toBytes, type BinaryLike } from './codecs.js';

// Strings go to the runtime as they are (node:crypto encodes them natively and caches string keys);
// anything else is checked and viewed as bytes.
const text = (data: BinaryLike): string | Uint8Array => (typeof data === 'string' ? data : toBytes(data));

/**
 * SHA-256 of bytes or of a string's UTF-8 bytes.
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `data` is neither a string nor bytes;
 * `ERR_UNSUPPORTED` in a runtime without Web Crypto.
 * @example await sha256('abc') // Uint8Array(32) ba7816bf...
 */
export async function sha256(data: BinaryLike): Promise<Uint8Array> {
  return rt.sha256(toBytes(data));
}

/**
 * Lower-case hex SHA-256.
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `data` is neither a string nor bytes;
 * `ERR_UNSUPPORTED` in a runtime without Web Crypto.
 * @example await sha256Hex('') // 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 */
export async function sha256Hex(data: BinaryLike): Promise<string> {
  return rt.sha256Hex(text(data));
}

/**
 * SHA-1 (only for KooGallery's SHA1PRNG key derivation; not for new designs).
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `data` is neither a string nor bytes;
 * `ERR_UNSUPPORTED` in a runtime without Web Crypto.
 * @example await sha1('abc') // Uint8Array(20) a9993e36...
 */
export async function sha1(data: BinaryLike): Promise<Uint8Array> {
  return rt.sha1(toBytes(data));
}

/**
 * HMAC-SHA256 (RFC 2104); string keys and data are UTF-8.
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `key` or `data` is neither a string nor
 * bytes; `ERR_UNSUPPORTED` in a runtime without Web Crypto.
 * @example await hmacSha256('key', 'data') // Uint8Array(32)
 */
export async function hmacSha256(key: BinaryLike, data: BinaryLike): Promise<Uint8Array> {
  return rt.hmacSha256(text(key), text(data));
}

/**
 * HMAC-SHA256 as lower-case hex (the APIG signature form).
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `key` or `data` is neither a string nor
 * bytes; `ERR_UNSUPPORTED` in a runtime without Web Crypto.
 * @example await hmacSha256Hex('abc', 'abc') // '2f02e24a...'
 */
export async function hmacSha256Hex(key: BinaryLike, data: BinaryLike): Promise<string> {
  return rt.hmacSha256Hex(text(key), text(data));
}

/**
 * HMAC-SHA256 as standard base64 (KooGallery's authToken and Body-Sign form).
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `key` or `data` is neither a string nor
 * bytes; `ERR_UNSUPPORTED` in a runtime without Web Crypto.
 * @example await hmacSha256Base64('key', 'data')
 */
export async function hmacSha256Base64(key: BinaryLike, data: BinaryLike): Promise<string> {
  return base64Encode(await rt.hmacSha256(text(key), text(data)));
}

/** RFC 5869: at most 255 blocks of the hash's output. */
const HKDF_SHA256_MAX = 255 * 32;
/** OpenSSL's limit on HKDF's info, which node:crypto and Node's and Deno's Web Crypto all use. */
export const HKDF_INFO_MAX = 1024;

/**
 * HKDF-SHA256 (RFC 5869), used by the V11 derived-key signature. `length` is a whole number of bytes,
 * 0 to 8160 (255 x 32), and `info` at most 1024 bytes; anything else is `ERR_INVALID_ARGUMENT` on every
 * runtime (node:crypto and Web Crypto would otherwise fail differently, or Web Crypto would derive
 * nothing from NaN).
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `length` is not a whole number from 0 to
 * 8160, `info` is longer than 1024 bytes, or an input is neither a string nor bytes; `ERR_UNSUPPORTED` in a
 * runtime without Web Crypto.
 * @example await hkdfSha256('SecretKey', 'AccessKey', '20191115/region-id-1/service', 32)
 */
export async function hkdfSha256(ikm: BinaryLike, salt: BinaryLike, info: BinaryLike, length: number): Promise<Uint8Array> {
  if (!Number.isInteger(length) || length < 0 || length > HKDF_SHA256_MAX) {
    throw new SignerError('ERR_INVALID_ARGUMENT', `hkdfSha256 length must be a whole number of bytes from 0 to ${HKDF_SHA256_MAX}`);
  }
  const infoBytes = toBytes(info);
  if (infoBytes.length > HKDF_INFO_MAX) throw new SignerError('ERR_INVALID_ARGUMENT', `hkdfSha256 info must be at most ${HKDF_INFO_MAX} bytes`);
  return rt.hkdfSha256(toBytes(ikm), toBytes(salt), infoBytes, length);
}

/**
 * Cryptographically secure random bytes. `n` is a whole number from 0 to 2^31 - 1 (node:crypto's own
 * limit); anything else is `ERR_INVALID_ARGUMENT` on every runtime.
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `n` is not a whole number from 0 to 2147483647;
 * `ERR_UNSUPPORTED` in a runtime without `crypto.getRandomValues`.
 * @example randomBytes(16)
 */
export function randomBytes(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'randomBytes needs a whole number of bytes from 0 to 2147483647');
  }
  return rt.randomBytes(n);
}
