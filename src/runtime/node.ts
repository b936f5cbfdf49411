// The node:crypto runtime (Node >= 18 and Bun; deno.ts reuses most of it). The runtime modules are
// the only ones that know where they run; each offers the contract of ./contract.ts.
import * as nodeCrypto from 'node:crypto';
import type { Awaitable, RuntimeName, Satisfies } from './contract.js';

export const runtimeName: RuntimeName = 'node';

// A result owns its memory: a small Buffer is often a slice of Node's shared 8 KiB pool, whose `.buffer`
// would hand the caller whatever else lives there. Such a slice is copied; a Buffer of its own is not.
function view(buf: Buffer): Uint8Array {
  return buf.byteLength === buf.buffer.byteLength ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : new Uint8Array(buf);
}

// crypto.hash (Node >= 20.12 and 21.7) hashes in one call without a Hash object: two to three times
// faster than createHash on the short strings a signature hashes. Older runtimes use createHash.
type OneShot = {
  (algorithm: string, data: string | Uint8Array, encoding: 'hex' | 'latin1'): string;
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


// A signer keys every HMAC with the same few secrets. With crypto.hash, HMAC is two one-shot hashes over
// the secret's ipad/opad blocks (RFC 2104), prepared once per secret and kept in a small LRU: half the
// cost of createHmac, whose object set-up dominates on a short string to sign (0.9 µs against 1.8 µs
// measured). The inner digest comes back as hex text and is written back as bytes: a 'buffer' result
// costs a native allocation that would eat most of the gain, and on Deno a 'latin1' one costs 2 µs more
// than hex (measured on Deno 2.9; on Node 20 hex is no slower). Without crypto.hash (Node < 20.12), or for data
// larger than the scratch block, createHmac on a cached KeyObject.
const HMAC_KEY_CACHE_MAX = 64;
const BLOCK = 64;
const SCRATCH_DATA = 2048;

interface HmacKey {
  /** key XOR 0x36, 64 bytes; key XOR 0x5c, 64 bytes. */
  ipad: Uint8Array;
  opad: Uint8Array;
  /**
   * The ipad block as text where every byte is below 0x80 (a key of ASCII characters, the usual secret):
   * its UTF-8 is then the block itself, and the inner hash takes `ipadText + data` as one string, which
   * the runtime encodes natively (on Deno 1 to 2 µs less than writing a scratch buffer). Null otherwise.
   */
  ipadText: string | null;
  bytes: Uint8Array;
  /** For createHmac, made on first use (undefined: not yet; null: the empty key, which KeyObjects refuse). */
  object?: nodeCrypto.KeyObject | null;
}

const hmacKeys = /* @__PURE__ */ new Map<string, HmacKey>();
const sm3Keys = /* @__PURE__ */ new Map<string, HmacKey>();
// Module-level scratch, written and hashed within one synchronous call: no allocation per HMAC.
let scratchIn: Buffer | null = null;
let scratchOut: Buffer | null = null;

type HmacHash = 'sha256' | 'sm3';

function prepareKey(bytes: Uint8Array, hash: HmacHash): HmacKey {
  const k = bytes.length > BLOCK ? view(nodeCrypto.createHash(hash).update(bytes).digest()) : bytes;
  const ipad = new Uint8Array(BLOCK).fill(0x36);
  const opad = new Uint8Array(BLOCK).fill(0x5c);
  let ascii = true;
  for (let i = 0; i < k.length; i++) {
    ipad[i]! ^= k[i]!;
    opad[i]! ^= k[i]!;
    if (k[i]! >= 0x80) ascii = false;
  }
  // 0x36 is below 0x80, so an ASCII key gives an ASCII ipad.
  return { ipad, opad, ipadText: ascii ? String.fromCharCode(...ipad) : null, bytes };
}

// Secrets are short; a long string key is per-request data (KooGallery's authToken key ends with the
// caller's timeStamp), so it is prepared and dropped rather than kept.
const CACHED_KEY_MAX = 256;

function hmacKey(key: string | Uint8Array, hash: HmacHash): HmacKey {
  if (typeof key !== 'string') return prepareKey(key, hash);
  if (key.length > CACHED_KEY_MAX) return prepareKey(view(Buffer.from(key, 'utf8')), hash);
  const cache = hash === 'sha256' ? hmacKeys : sm3Keys;
  let k = cache.get(key);
  if (k === undefined) {
    k = prepareKey(view(Buffer.from(key, 'utf8')), hash);
    if (cache.size >= HMAC_KEY_CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(key, k);
  }
  return k;
}

/** HMAC (SHA-256 or SM3: both a 64-byte block and a 32-byte digest) in the given encoding; null when the one-shot path cannot take this data. */
function padHmac(hash: HmacHash, k: HmacKey, data: string | Uint8Array, encoding: 'hex' | 'buffer'): string | Buffer | null {
  if (oneShot === null) return null;
  let inner: string;
  if (typeof data === 'string' && k.ipadText !== null) inner = oneShot(hash, k.ipadText + data, 'hex');
  else {
    // A string's UTF-8 takes at most 3 bytes per UTF-16 unit.
    if ((typeof data === 'string' ? data.length * 3 : data.length) > SCRATCH_DATA) return null;
    const sIn = (scratchIn ??= Buffer.allocUnsafe(BLOCK + SCRATCH_DATA));
    sIn.set(k.ipad);
    let n: number;
    if (typeof data === 'string') n = sIn.write(data, BLOCK, 'utf8');
    else {
      sIn.set(data, BLOCK);
      n = data.length;
    }
    inner = oneShot(hash, sIn.subarray(0, BLOCK + n), 'hex');
  }
  const sOut = (scratchOut ??= Buffer.allocUnsafe(BLOCK + 32));
  sOut.set(k.opad);
  sOut.write(inner, BLOCK, 'hex');
  return oneShot(hash, sOut, encoding as 'hex');
}

/** HMAC with `hash`: the prepared pads where the one-shot path takes the data, otherwise createHmac (SHA-256) or the pads streamed through createHash (SM3: Deno's createHmac has no SM3, its createHash has). */
function hmacWith(hash: HmacHash, key: string | Uint8Array, data: string | Uint8Array, encoding: 'hex'): string;
function hmacWith(hash: HmacHash, key: string | Uint8Array, data: string | Uint8Array, encoding: 'buffer'): Buffer;
function hmacWith(hash: HmacHash, key: string | Uint8Array, data: string | Uint8Array, encoding: 'hex' | 'buffer'): string | Buffer {
  const k = hmacKey(key, hash);
  const mac = padHmac(hash, k, data, encoding);
  if (mac !== null) return mac;
  if (hash === 'sm3') {
    const inner = nodeCrypto.createHash(hash).update(k.ipad).update(data).digest();
    const outer = nodeCrypto.createHash(hash).update(k.opad).update(inner);
    return encoding === 'hex' ? outer.digest('hex') : outer.digest();
  }
  if (k.object === undefined) k.object = k.bytes.length > 0 ? nodeCrypto.createSecretKey(k.bytes) : null;
  const h = nodeCrypto.createHmac(hash, k.object ?? k.bytes).update(data);
  return encoding === 'hex' ? h.digest('hex') : h.digest();
}

/** HMAC-SHA256 bytes, synchronously; a string key or message is UTF-8. */
export function hmacSha256(key: string | Uint8Array, data: string | Uint8Array): Awaitable<Uint8Array> {
  return view(hmacWith('sha256', key, data, 'buffer'));
}

/** Lower-case hex HMAC-SHA256, synchronously; a string key or message is UTF-8. */
export function hmacSha256Hex(key: string | Uint8Array, data: string | Uint8Array): Awaitable<string> {
  return hmacWith('sha256', key, data, 'hex');
}

export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Awaitable<Uint8Array> {
  // Bun's hkdfSync refuses a length of 0, which Web Crypto answers with no bytes, and node:crypto's
  // aborts the whole process on -0 (which is === 0 here).
  if (length === 0) return new Uint8Array(0);
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
  ? (key, data) => view(hmacWith('sm3', key, data, 'buffer'))
  : null;

/** Hex SM3 of bytes or a string's UTF-8 (encoded natively), where the runtime has SM3. */
export const nativeSm3Hex: ((data: string | Uint8Array) => string) | null = hasSm3
  ? (data) => (oneShot ? oneShot('sm3', data, 'hex') : nodeCrypto.createHash('sm3').update(data).digest('hex'))
  : null;

/** Hex HMAC-SM3 with a string key kept prepared per secret, like HMAC-SHA256's. */
export const nativeHmacSm3Hex: ((key: string, data: string) => string) | null = hasSm3
  ? (key, data) => hmacWith('sm3', key, data, 'hex')
  : null;

// Literal cipher names (no string built per call); the key length was checked by the caller.
const AES_NAMES: Record<'cbc' | 'cfb' | 'ecb', Record<number, string>> = {
  cbc: { 16: 'aes-128-cbc', 24: 'aes-192-cbc', 32: 'aes-256-cbc' },
  cfb: { 16: 'aes-128-cfb', 24: 'aes-192-cfb', 32: 'aes-256-cfb' },
  ecb: { 16: 'aes-128-ecb', 24: 'aes-192-ecb', 32: 'aes-256-ecb' },
};

function aesName(mode: 'cbc' | 'cfb' | 'ecb', keyLength: number): string {
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
  const c = cfbCipher(key, iv, true);
  return c === null ? cfbOnEcb(key, iv, data, false) : view(Buffer.concat([c.update(data), c.final()]));
}

export function aesCfbDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Awaitable<Uint8Array> {
  const d = cfbCipher(key, iv, false);
  return d === null ? cfbOnEcb(key, iv, data, true) : view(Buffer.concat([d.update(data), d.final()]));
}

// Which ciphers the runtime has does not change while it runs: ask getCiphers() once per name.
const cipherKnown = /* @__PURE__ */ new Map<string, boolean>();
function hasCipher(name: string): boolean {
  let has = cipherKnown.get(name);
  if (has === undefined) cipherKnown.set(name, (has = nodeCrypto.getCiphers().includes(name)));
  return has;
}

/** The runtime's own CFB-128, or null where it has none for this key size (Bun: no aes-192-cfb). */
function cfbCipher(key: Uint8Array, iv: Uint8Array, encrypt: boolean): nodeCrypto.Cipher | nodeCrypto.Decipher | null {
  const name = aesName('cfb', key.length);
  if (!hasCipher(name)) return null;
  return encrypt ? nodeCrypto.createCipheriv(name, key, iv) : nodeCrypto.createDecipheriv(name, key, iv);
}

// CFB-128 from its definition on the block cipher: keystream Y_i = E(C_{i-1}), C_0 = IV, one ECB block
// at a time (the feedback of encryption is the ciphertext just made). Only where the runtime lacks CFB.
function cfbOnEcb(key: Uint8Array, iv: Uint8Array, data: Uint8Array, decrypt: boolean): Uint8Array {
  const ecb = nodeCrypto.createCipheriv(aesName('ecb', key.length), key, null);
  ecb.setAutoPadding(false);
  const out = new Uint8Array(data.length);
  let feedback = iv;
  for (let i = 0; i < data.length; i += 16) {
    const y = ecb.update(feedback);
    const end = Math.min(i + 16, data.length);
    for (let j = i; j < end; j++) out[j] = data[j]! ^ y[j - i]!;
    feedback = (decrypt ? data : out).subarray(i, i + 16);
  }
  return out;
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

// The contract, checked by `npm run typecheck` (a type: nothing of it reaches a bundle).
import type * as self from './node.js';
type Contract = Satisfies<typeof self>;
