// The node:crypto runtime (Node >= 18 and Bun). The only module, with web.ts, that knows where it runs.
import * as nodeCrypto from 'node:crypto';
import type { Awaitable } from './types.js';

export const runtimeName: 'node' | 'web' = 'node';

function view(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

// crypto.hash (Node >= 20.12 and 21.7) hashes in one call without a Hash object: two to three times
// faster than createHash on the short strings a signature hashes. Older runtimes use createHash.
type OneShot = {
  (algorithm: string, data: string | Uint8Array, encoding: 'hex'): string;
  (algorithm: string, data: string | Uint8Array, encoding: 'buffer'): Buffer;
};
const oneShot = (nodeCrypto as unknown as { hash?: OneShot }).hash ?? null;

export function sha256(data: Uint8Array): Awaitable<Uint8Array> {
  return view(oneShot ? oneShot('sha256', data, 'buffer') : nodeCrypto.createHash('sha256').update(data).digest());
}

/** Lower-case hex SHA-256 of bytes or of a string's UTF-8, synchronously (strings are encoded natively). */
export function sha256Hex(data: string | Uint8Array): Awaitable<string> {
  return oneShot ? oneShot('sha256', data, 'hex') : nodeCrypto.createHash('sha256').update(data).digest('hex');
}

export function sha1(data: Uint8Array): Awaitable<Uint8Array> {
  return view(oneShot ? oneShot('sha1', data, 'buffer') : nodeCrypto.createHash('sha1').update(data).digest());
}


// A signer keys every HMAC with the same few secrets: keep their KeyObjects (no UTF-8 encoding and no
// key copy per call) in a small LRU keyed by the secret text. (Measured: createHmac on a KeyObject beats
// HMAC assembled from two crypto.hash calls, 1.5 µs against 1.8 µs for a string to sign.)
const HMAC_KEY_CACHE_MAX = 64;
const hmacKeys = /* @__PURE__ */ new Map<string, nodeCrypto.KeyObject | Uint8Array>();

function hmacKey(secret: string): nodeCrypto.KeyObject | Uint8Array {
  let k = hmacKeys.get(secret);
  if (k === undefined) {
    const bytes = Buffer.from(secret, 'utf8');
    // Node refuses an empty KeyObject; the empty bytes work (HMAC zero-pads the key either way).
    k = bytes.length > 0 ? nodeCrypto.createSecretKey(bytes) : bytes;
    if (hmacKeys.size >= HMAC_KEY_CACHE_MAX) hmacKeys.delete(hmacKeys.keys().next().value as string);
    hmacKeys.set(secret, k);
  }
  return k;
}

/** HMAC-SHA256 bytes, synchronously; a string key or message is UTF-8. */
export function hmacSha256(key: string | Uint8Array, data: string | Uint8Array): Awaitable<Uint8Array> {
  return view(nodeCrypto.createHmac('sha256', typeof key === 'string' ? hmacKey(key) : key).update(data).digest());
}

/** Lower-case hex HMAC-SHA256, synchronously; a string key or message is UTF-8. */
export function hmacSha256Hex(key: string | Uint8Array, data: string | Uint8Array): Awaitable<string> {
  return nodeCrypto.createHmac('sha256', typeof key === 'string' ? hmacKey(key) : key).update(data).digest('hex');
}

export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Awaitable<Uint8Array> {
  return new Uint8Array(nodeCrypto.hkdfSync('sha256', ikm, salt, info, length));
}

// Bun's node:crypto has no sm3; the caller falls back to the pure implementation when this is null.
const hasSm3 = (() => {
  try {
    nodeCrypto.createHash('sm3');
    return true;
  } catch {
    return false;
  }
})();

export const nativeSm3: ((data: Uint8Array) => Uint8Array) | null = hasSm3
  ? (data) => view(oneShot ? oneShot('sm3', data, 'buffer') : nodeCrypto.createHash('sm3').update(data).digest())
  : null;

export const nativeHmacSm3: ((key: Uint8Array, data: Uint8Array) => Uint8Array) | null = hasSm3
  ? (key, data) => view(nodeCrypto.createHmac('sm3', key).update(data).digest())
  : null;

// Literal cipher names (no string built per call); the key length was checked by the caller.
const AES_NAMES: Record<'cbc' | 'cfb', Record<number, string>> = {
  cbc: { 16: 'aes-128-cbc', 24: 'aes-192-cbc', 32: 'aes-256-cbc' },
  cfb: { 16: 'aes-128-cfb', 24: 'aes-192-cfb', 32: 'aes-256-cfb' },
};

function aesName(mode: 'cbc' | 'cfb', keyLength: number): string {
  return AES_NAMES[mode][keyLength] ?? `aes-${keyLength * 8}-${mode}`;
}

/** update() then final() in one Uint8Array (cheaper than Buffer.concat plus a view for short data). */
function join(head: Uint8Array, tail: Uint8Array): Uint8Array {
  if (tail.length === 0) return view(head as Buffer);
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

/** A string IV or data is UTF-8 (node:crypto reads strings without the copy a fresh small array costs). */
export function aesCbcEncrypt(key: Uint8Array, iv: string | Uint8Array, data: string | Uint8Array, padding: boolean): Awaitable<Uint8Array> {
  const c = nodeCrypto.createCipheriv(aesName('cbc', key.length), key, iv);
  // PKCS#7 is node's default: call setAutoPadding only to turn it off (the call is not free).
  if (!padding) c.setAutoPadding(false);
  const head = typeof data === 'string' ? c.update(data, 'utf8') : c.update(data);
  return join(head, c.final());
}

/** Throws on a bad padding or length; the caller turns that into ERR_DECRYPT. A string IV is UTF-8. */
export function aesCbcDecrypt(key: Uint8Array, iv: string | Uint8Array, data: Uint8Array, padding: boolean): Awaitable<Uint8Array> {
  const d = nodeCrypto.createDecipheriv(aesName('cbc', key.length), key, iv);
  if (!padding) d.setAutoPadding(false);
  const head = d.update(data);
  return join(head, d.final());
}

export function aesCfbEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Awaitable<Uint8Array> {
  const c = nodeCrypto.createCipheriv(aesName('cfb', key.length), key, iv);
  return view(Buffer.concat([c.update(data), c.final()]));
}

export function aesCfbDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Awaitable<Uint8Array> {
  const d = nodeCrypto.createDecipheriv(aesName('cfb', key.length), key, iv);
  return view(Buffer.concat([d.update(data), d.final()]));
}

// Each call into OpenSSL's generator costs a fixed few microseconds whatever the size (5 µs for 32
// bytes or 4 KiB on the benchmark machine), so small requests are served from a 4 KiB block of it, as
// Node's randomUUID does. Every byte is handed out once and zeroed in the block as it leaves.
const POOL_SIZE = 4096;
const POOLED_MAX = 256;
let pool: Uint8Array | null = null;
let poolOffset = POOL_SIZE;

export function randomBytes(n: number): Uint8Array {
  // Anything but a small whole number goes straight to node:crypto (which also rejects bad sizes).
  if (!(Number.isInteger(n) && n >= 0 && n <= POOLED_MAX)) return view(nodeCrypto.randomBytes(n));
  if (pool === null || poolOffset + n > POOL_SIZE) {
    pool = nodeCrypto.randomFillSync(pool ?? new Uint8Array(POOL_SIZE));
    poolOffset = 0;
  }
  const out = pool.slice(poolOffset, poolOffset + n);
  pool.fill(0, poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
}
