// The Web Crypto runtime: browsers, Workers and anything without node:crypto (deno.ts borrows its
// AES for what Deno's node:crypto lacks). No `node:` import may ever appear in this file.
import { hexOf, utf8Encode } from '../bytes.js';
import { SignerError } from '../errors.js';
import type { Awaitable, RuntimeName, Satisfies } from './contract.js';

export const runtimeName: RuntimeName = 'web';

// What Web Crypto is given. It refuses a view of a SharedArrayBuffer, which node:crypto takes: copy it.
// (TypeScript 5.9 types Uint8Array over ArrayBufferLike, Web Crypto wants ArrayBuffer-backed views.)
const b = (u: Uint8Array): BufferSource => (u.buffer instanceof ArrayBuffer ? u : u.slice()) as unknown as BufferSource;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new SignerError('ERR_UNSUPPORTED', 'Web Crypto (crypto.subtle) is not available in this runtime');
  return s;
}

// importKey costs more than the HMAC itself for short messages: keep imported keys in a small LRU.
const KEY_CACHE_MAX = 128;
const keyCache = /* @__PURE__ */ new Map<string, Promise<CryptoKey>>();

/** A raw key imported (or found in the cache) for one algorithm and its usages. */
function importKey(key: Uint8Array, algorithm: { name: 'HMAC'; hash: 'SHA-256' } | { name: 'AES-CBC' | 'HKDF' }, usages: KeyUsage[]): Promise<CryptoKey> {
  let id = algorithm.name + ':';
  for (let i = 0; i < key.length; i++) id += String.fromCharCode(key[i]!);
  const hit = keyCache.get(id);
  if (hit) {
    keyCache.delete(id);
    keyCache.set(id, hit);
    return hit;
  }
  const p = subtle().importKey('raw', b(key), algorithm, false, usages);
  p.catch(() => keyCache.delete(id));
  keyCache.set(id, p);
  if (keyCache.size > KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value as string);
  return p;
}

const aesKey = (key: Uint8Array): Promise<CryptoKey> => importKey(key, { name: 'AES-CBC' }, ['encrypt', 'decrypt']);

/** A string is UTF-8. */
const bytes = (data: string | Uint8Array): Uint8Array => (typeof data === 'string' ? utf8Encode(data) : data);

const digest = async (hash: 'SHA-256' | 'SHA-1', data: Uint8Array): Promise<Uint8Array> =>
  new Uint8Array(await subtle().digest(hash, b(data)));

export function sha256(data: Uint8Array): Promise<Uint8Array> {
  return digest('SHA-256', data);
}

// The byte helpers are shared with the rest of the library: one hex table and one encoder per bundle.
/** Lower-case hex SHA-256 of bytes or of a string's UTF-8. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return hexOf(await digest('SHA-256', bytes(data)));
}

export function sha1(data: Uint8Array): Promise<Uint8Array> {
  return digest('SHA-1', data);
}

// Web Crypto refuses an empty HMAC key; HMAC zero-pads keys to the 64-byte block, so 64 zero
// bytes are the very same key (RFC 2104 section 2).
const EMPTY_HMAC_KEY = /* @__PURE__ */ new Uint8Array(64);

/** HMAC-SHA256 bytes; a string key or message is UTF-8. */
export async function hmacSha256(key: string | Uint8Array, data: string | Uint8Array): Promise<Uint8Array> {
  const k = bytes(key);
  const cryptoKey = await importKey(k.length === 0 ? EMPTY_HMAC_KEY : k, { name: 'HMAC', hash: 'SHA-256' }, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', cryptoKey, b(bytes(data))));
}

/** Lower-case hex HMAC-SHA256; a string key or message is UTF-8. */
export async function hmacSha256Hex(key: string | Uint8Array, data: string | Uint8Array): Promise<string> {
  return hexOf(await hmacSha256(key, data));
}

export async function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
  const key = await importKey(ikm, { name: 'HKDF' }, ['deriveBits']);
  return new Uint8Array(await subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: b(salt), info: b(info) }, key, length * 8));
}

export const nativeSm3: ((data: Uint8Array) => Uint8Array) | null = null;
export const nativeHmacSm3: ((key: Uint8Array, data: Uint8Array) => Uint8Array) | null = null;
export const nativeSm3Hex: ((data: string | Uint8Array) => string) | null = null;
export const nativeHmacSm3Hex: ((key: string, data: string) => string) | null = null;

async function cbcEncryptPadded(key: CryptoKey, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: b(iv) }, key, b(data)));
}

/** A string IV or data is UTF-8. */
export async function aesCbcEncrypt(keyBytes: Uint8Array, ivIn: string | Uint8Array, dataIn: string | Uint8Array, padding: boolean): Promise<Uint8Array> {
  const iv = bytes(ivIn);
  const data = bytes(dataIn);
  const key = await aesKey(keyBytes);
  const out = await cbcEncryptPadded(key, iv, data);
  // Web Crypto always pads; without padding the caller guarantees whole blocks, so drop the pad block.
  return padding ? out : out.slice(0, data.length);
}

/** A string IV is UTF-8. */
export async function aesCbcDecrypt(keyBytes: Uint8Array, ivIn: string | Uint8Array, data: Uint8Array, padding: boolean): Promise<Uint8Array> {
  const iv = bytes(ivIn);
  const key = await aesKey(keyBytes);
  if (padding) return new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv: b(iv) }, key, b(data)));
  if (data.length === 0) return new Uint8Array(0);
  // Web Crypto always strips padding: append the block that a full pad block would have produced
  // after the last ciphertext block (E(C_n xor 0x10..10)), so the unpadded plaintext comes back whole.
  const last = data.subarray(data.length - 16);
  const padBlock = await cbcEncryptPadded(key, last, new Uint8Array(0));
  const joined = new Uint8Array(data.length + 16);
  joined.set(data);
  joined.set(padBlock, data.length);
  return new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv: b(iv) }, key, b(joined)));
}

function xorInto(out: Uint8Array, a: Uint8Array, b: Uint8Array): Uint8Array {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

// CFB-128 on AES-CBC (NIST SP 800-38A 6.3): the keystream block Y_i = E(C_{i-1}), C_0 = IV.
// Encrypting [IV, P_1, ..., P_{n-1}] with CBC and a zero IV yields Y_1..Y_n in one call, because
// each CBC input block O_{i-1} xor P_{i-1} equals C_{i-1}.
export async function aesCfbEncrypt(keyBytes: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (data.length === 0) return new Uint8Array(0);
  const key = await aesKey(keyBytes);
  const blocks = Math.ceil(data.length / 16);
  const input = new Uint8Array(blocks * 16);
  input.set(iv);
  input.set(data.subarray(0, (blocks - 1) * 16), 16);
  const stream = await cbcEncryptPadded(key, new Uint8Array(16), input);
  return xorInto(new Uint8Array(data.length), data, stream);
}

// Decryption knows every C_{i-1} up front, so each E(C_{i-1}) is an independent one-block CBC call
// (IV = the block, plaintext = a zero block), run concurrently.
export async function aesCfbDecrypt(keyBytes: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (data.length === 0) return new Uint8Array(0);
  const key = await aesKey(keyBytes);
  const blocks = Math.ceil(data.length / 16);
  const zero = new Uint8Array(16);
  const parts = await Promise.all(
    Array.from({ length: blocks }, (_, i) =>
      cbcEncryptPadded(key, i === 0 ? iv : data.slice((i - 1) * 16, i * 16), zero),
    ),
  );
  const stream = new Uint8Array(blocks * 16);
  parts.forEach((p, i) => stream.set(p.subarray(0, 16), i * 16));
  return xorInto(new Uint8Array(data.length), data, stream);
}

export function randomBytes(n: number): Uint8Array {
  const c = globalThis.crypto;
  if (typeof c?.getRandomValues !== 'function') throw new SignerError('ERR_UNSUPPORTED', 'Web Crypto (crypto.getRandomValues) is not available in this runtime');
  const out = new Uint8Array(n);
  // getRandomValues refuses more than 65,536 bytes per call.
  for (let i = 0; i < n; i += 65536) c.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

// The contract, checked by `npm run typecheck` (a type: nothing of it reaches a bundle).
import type * as self from './web.js';
type Contract = Satisfies<typeof self>;
