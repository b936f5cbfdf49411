// AES-CBC (PKCS#7) and AES-CFB128 over the runtime's AES; we never implement AES ourselves.
import * as rt from '#runtime';
import { SignerError, optionsObject } from '../errors.js';
import { toBytes, utf8Encode, type BinaryLike } from './codecs.js';

/** Options of {@link aesCbcEncrypt} / {@link aesCbcDecrypt}. */
export interface AesCbcOptions {
  /** PKCS#7 padding (default true). Without it, data must be whole 16-byte blocks. */
  padding?: boolean;
}

/** Bytes, or text taken as its UTF-8 bytes (node:crypto reads a string without the copy a fresh array costs). */
type BytesOrText = Uint8Array | string;

/** Byte length of bytes or of a string's UTF-8. */
function byteLength(x: BytesOrText): number {
  if (typeof x !== 'string') return x.length;
  for (let i = 0; i < x.length; i++) if (x.charCodeAt(i) > 0x7f) return utf8Encode(x).length;
  return x.length;
}

function checkKeyIv(key: Uint8Array, iv: BytesOrText): void {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new SignerError('ERR_INVALID_KEY_LENGTH', `AES key must be 16, 24 or 32 bytes, got ${key.length}`);
  }
  const ivLength = byteLength(iv);
  if (ivLength !== 16) throw new SignerError('ERR_INVALID_IV_LENGTH', `AES IV must be 16 bytes, got ${ivLength}`);
}

function unsupported(cause: unknown, keyLength: number): SignerError {
  // Chromium's Web Crypto has no 192-bit AES; say so instead of leaking an engine message.
  return new SignerError('ERR_UNSUPPORTED', `this runtime cannot use a ${keyLength * 8}-bit AES key`, { cause });
}

function engineError(cause: unknown, keyLength: number, onError: (cause: unknown) => SignerError): SignerError {
  if (cause instanceof SignerError) return cause;
  const name = (cause as { name?: string } | null)?.name;
  if (keyLength === 24 && (name === 'DataError' || name === 'NotSupportedError')) return unsupported(cause, keyLength);
  return onError(cause);
}

// node:crypto answers synchronously, Web Crypto with a Promise: map either's failure, and add no
// Promise of our own when the answer is already there.
function engine<T>(keyLength: number, run: () => T | Promise<T>, onError: (cause: unknown) => SignerError): T | Promise<T> {
  let result: T | Promise<T>;
  try {
    result = run();
  } catch (cause) {
    throw engineError(cause, keyLength, onError);
  }
  return result instanceof Promise
    ? result.catch((cause: unknown) => {
        throw engineError(cause, keyLength, onError);
      })
    : result;
}

/**
 * AES-CBC encryption with PKCS#7 padding (key 16/24/32 bytes, IV 16 bytes).
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `key`, `iv` or `data` is neither a string
 * nor bytes or `options` is not an object; `ERR_INVALID_KEY_LENGTH` for a key that is not 16, 24 or 32 bytes;
 * `ERR_INVALID_IV_LENGTH` for an IV that is not 16 bytes; `ERR_INVALID_DATA_LENGTH` with `padding: false` and
 * data that is not whole 16-byte blocks; `ERR_UNSUPPORTED` for a 24-byte key where the engine has no AES-192
 * (Chromium), in a runtime without Web Crypto, or when the engine fails.
 * @example await aesCbcEncrypt(key32, iv16, 'secret') // 16 bytes of ciphertext
 */
export async function aesCbcEncrypt(key: BinaryLike, iv: BinaryLike, data: BinaryLike, options?: AesCbcOptions): Promise<Uint8Array> {
  return aesCbcEncryptRaw(toBytes(key), toBytes(iv), toBytes(data), optionsObject(options).padding ?? true);
}

/**
 * {@link aesCbcEncrypt} for the library's own callers: IV and data as bytes or as text (UTF-8), no
 * conversion, and synchronous on node:crypto, so an async caller awaits nothing extra (each await of a
 * Promise costs microtask turns).
 */
export function aesCbcEncryptRaw(k: Uint8Array, v: BytesOrText, d: BytesOrText, padding: boolean): Uint8Array | Promise<Uint8Array> {
  checkKeyIv(k, v);
  if (!padding && byteLength(d) % 16 !== 0) {
    throw new SignerError('ERR_INVALID_DATA_LENGTH', 'without padding, AES-CBC data must be a multiple of 16 bytes');
  }
  return engine(k.length, () => rt.aesCbcEncrypt(k, v, d, padding), (cause) => new SignerError('ERR_UNSUPPORTED', 'AES-CBC encryption failed', { cause }));
}

/**
 * AES-CBC decryption; a wrong key or corrupt data (bad padding, bad length) is `ERR_DECRYPT`.
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `key`, `iv` or `data` is neither a string
 * nor bytes or `options` is not an object; `ERR_INVALID_KEY_LENGTH` for a key that is not 16, 24 or 32 bytes;
 * `ERR_INVALID_IV_LENGTH` for an IV that is not 16 bytes; `ERR_DECRYPT` for ciphertext that is not whole
 * 16-byte blocks (or empty, with padding), a wrong key or bad padding; `ERR_UNSUPPORTED` for a 24-byte key
 * where the engine has no AES-192 (Chromium) or in a runtime without Web Crypto.
 * @example utf8Decode(await aesCbcDecrypt(key32, iv16, ciphertext))
 */
export async function aesCbcDecrypt(key: BinaryLike, iv: BinaryLike, data: BinaryLike, options?: AesCbcOptions): Promise<Uint8Array> {
  return aesCbcDecryptRaw(toBytes(key), toBytes(iv), toBytes(data), optionsObject(options).padding ?? true);
}

/** {@link aesCbcDecrypt} for the library's own callers (IV as bytes or text; see {@link aesCbcEncryptRaw}). */
export function aesCbcDecryptRaw(k: Uint8Array, v: BytesOrText, d: Uint8Array, padding: boolean): Uint8Array | Promise<Uint8Array> {
  checkKeyIv(k, v);
  if (d.length % 16 !== 0 || (padding && d.length === 0)) {
    throw new SignerError('ERR_DECRYPT', 'cannot decrypt: AES-CBC ciphertext must be a non-empty multiple of 16 bytes');
  }
  // No cause: the engine's error tells a padding failure from others (a padding oracle once serialised).
  return engine(k.length, () => rt.aesCbcDecrypt(k, v, d, padding), () => new SignerError('ERR_DECRYPT', 'cannot decrypt: wrong key or corrupted ciphertext'));
}

/**
 * AES-CFB with 128-bit feedback (OpenSSL's `aes-128-cfb` / `aes-256-cfb`), no padding, any length.
 * Not CFB8 (the .NET default).
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `key`, `iv` or `data` is neither a string
 * nor bytes; `ERR_INVALID_KEY_LENGTH` for a key that is not 16, 24 or 32 bytes; `ERR_INVALID_IV_LENGTH` for
 * an IV that is not 16 bytes; `ERR_UNSUPPORTED` for a 24-byte key where the engine has no AES-192 (Chromium),
 * in a runtime without Web Crypto, or when the engine fails.
 * @example await aesCfbEncrypt('0123456789abcdef', 'fedcba9876543210', 'hello')
 */
export async function aesCfbEncrypt(key: BinaryLike, iv: BinaryLike, data: BinaryLike): Promise<Uint8Array> {
  const k = toBytes(key);
  const v = toBytes(iv);
  const d = toBytes(data);
  checkKeyIv(k, v);
  return engine(k.length, () => rt.aesCfbEncrypt(k, v, d), (cause) => new SignerError('ERR_UNSUPPORTED', 'AES-CFB encryption failed', { cause }));
}

/**
 * AES-CFB128 decryption (the inverse of {@link aesCfbEncrypt}).
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `key`, `iv` or `data` is neither a string
 * nor bytes; `ERR_INVALID_KEY_LENGTH` for a key that is not 16, 24 or 32 bytes; `ERR_INVALID_IV_LENGTH` for
 * an IV that is not 16 bytes; `ERR_UNSUPPORTED` for a 24-byte key where the engine has no AES-192 (Chromium)
 * or in a runtime without Web Crypto; `ERR_DECRYPT` only when the engine fails. CFB has no padding to check:
 * a wrong key gives wrong bytes, not an error.
 * @example utf8Decode(await aesCfbDecrypt(key, iv, ciphertext))
 */
export async function aesCfbDecrypt(key: BinaryLike, iv: BinaryLike, data: BinaryLike): Promise<Uint8Array> {
  const k = toBytes(key);
  const v = toBytes(iv);
  const d = toBytes(data);
  checkKeyIv(k, v);
  return engine(k.length, () => rt.aesCfbDecrypt(k, v, d), () => new SignerError('ERR_DECRYPT', 'AES-CFB decryption failed'));
}
