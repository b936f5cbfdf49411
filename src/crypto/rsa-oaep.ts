// RSA-OAEP (RFC 8017 7.1) over BigInt, with the OAEP hash and the MGF1 hash chosen separately. Web Crypto
// and node:crypto's oaepHash tie MGF1 to the OAEP hash, so neither decrypts what Java's
// "RSA/ECB/OAEPWithSHA-256AndMGF1Padding" writes by default (SHA-256 with MGF1-SHA-1); this works the
// same in every runtime. BigInt arithmetic is not constant-time: decrypt only ciphertexts from an
// authenticated sender (the KooGallery handler decrypts after the call's signature verified).
import { SignerError } from '../errors.js';
import { parseRsaPrivateKey, parseRsaPublicKey, type RsaPrivateKey, type RsaPublicKey } from './der.js';
import { randomBytes, sha1, sha256 } from './hash.js';

/** The hash functions RSA-OAEP can use here, for the label hash and for MGF1. */
export type OaepHash = 'SHA-1' | 'SHA-256';

/** OAEP parameters: the label is empty (what Java and KooGallery use). */
export interface OaepParams {
  /** The OAEP hash (label hash). */
  hash: OaepHash;
  /** The MGF1 hash; default: the OAEP hash. */
  mgf1Hash?: OaepHash;
}

const HASH_LENGTH: Record<OaepHash, number> = { 'SHA-1': 20, 'SHA-256': 32 };

function hashOf(name: unknown, what: string): OaepHash {
  if (name === 'SHA-1' || name === 'SHA-256') return name;
  throw new SignerError('ERR_INVALID_ARGUMENT', `${what} must be 'SHA-1' or 'SHA-256'`);
}

function digest(name: OaepHash, data: Uint8Array): Promise<Uint8Array> {
  return name === 'SHA-1' ? sha1(data) : sha256(data);
}

/** MGF1 (RFC 8017 B.2.1). */
async function mgf1(name: OaepHash, seed: Uint8Array, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  const block = new Uint8Array(seed.length + 4);
  block.set(seed, 0);
  const h = HASH_LENGTH[name];
  for (let counter = 0, at = 0; at < length; counter++, at += h) {
    block[seed.length] = counter >>> 24;
    block[seed.length + 1] = (counter >>> 16) & 0xff;
    block[seed.length + 2] = (counter >>> 8) & 0xff;
    block[seed.length + 3] = counter & 0xff;
    const t = await digest(name, block);
    out.set(t.subarray(0, Math.min(h, length - at)), at);
  }
  return out;
}

function toBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex === '' ? 0n : BigInt('0x' + hex);
}

function toBytes(n: bigint, length: number): Uint8Array {
  const hex = n.toString(16).padStart(length * 2, '0');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** base^exp mod m, left to right with a 4-bit window. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  base %= m;
  const table: bigint[] = [1n, base];
  for (let i = 2; i < 16; i++) table.push((table[i - 1]! * base) % m);
  const bits = exp.toString(16);
  let r = 1n;
  for (const digit of bits) {
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    const w = parseInt(digit, 16);
    if (w !== 0) r = (r * table[w]!) % m;
  }
  return r;
}

const decryptError = (): SignerError => new SignerError('ERR_DECRYPT', 'RSA-OAEP decryption error');

/** RSADP with the CRT (RFC 8017 5.1.2), checked by re-encryption against faults. */
function rsadp(key: RsaPrivateKey, c: bigint): bigint {
  const m1 = modPow(c, key.dp, key.p);
  const m2 = modPow(c, key.dq, key.q);
  let h = ((m1 - m2) * key.qinv) % key.p;
  if (h < 0n) h += key.p;
  const m = m2 + h * key.q;
  if (modPow(m, key.e, key.n) !== c) throw decryptError();
  return m;
}

function privateKeyOf(key: RsaPrivateKey | string | Uint8Array): RsaPrivateKey {
  if (typeof key === 'string' || key instanceof Uint8Array) return parseRsaPrivateKey(key);
  if (key === null || typeof key !== 'object' || typeof key.n !== 'bigint' || typeof key.dp !== 'bigint') {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'privateKey must be a PEM/base64/DER RSA private key or a parsed one');
  }
  return key;
}

function publicKeyOf(key: RsaPublicKey | string | Uint8Array): RsaPublicKey {
  if (typeof key === 'string' || key instanceof Uint8Array) return parseRsaPublicKey(key);
  if (key === null || typeof key !== 'object' || typeof key.n !== 'bigint' || typeof key.e !== 'bigint') {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'publicKey must be a PEM/base64/DER RSA public key or a parsed one');
  }
  return key;
}

function paramsOf(params: OaepParams): { hash: OaepHash; mgf: OaepHash } {
  if (params === null || typeof params !== 'object') throw new SignerError('ERR_INVALID_ARGUMENT', "params must be { hash, mgf1Hash? }");
  const hash = hashOf(params.hash, 'hash');
  return { hash, mgf: params.mgf1Hash === undefined ? hash : hashOf(params.mgf1Hash, 'mgf1Hash') };
}

/** The empty label's hash, per hash function. */
async function labelHash(name: OaepHash): Promise<Uint8Array> {
  return digest(name, new Uint8Array(0));
}

/**
 * The RSA private-key operation alone (RSADP, RFC 8017 5.1.2): the ciphertext's bytes to the encoded
 * message, `size` bytes. Decode it with several OAEP parameter sets via {@link oaepDecode} without
 * repeating the expensive step.
 *
 * @example
 * ```ts
 * const em = rsaDecryptRaw(parseRsaPrivateKey(pem), ciphertext);
 * ```
 * @throws {SignerError} `ERR_DECRYPT` (one message, no cause) when the ciphertext does not fit the key.
 */
export function rsaDecryptRaw(privateKey: RsaPrivateKey | string | Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const key = privateKeyOf(privateKey);
  if (!(ciphertext instanceof Uint8Array)) throw new SignerError('ERR_INVALID_ARGUMENT', 'ciphertext must be a Uint8Array');
  if (ciphertext.length !== key.size) throw decryptError();
  const c = toBigInt(ciphertext);
  if (c >= key.n) throw decryptError();
  return toBytes(rsadp(key, c), key.size);
}

/**
 * EME-OAEP decoding (RFC 8017 7.1.2 step 3) of an encoded message, empty label. Every check runs
 * whatever the earlier ones found, and all failures are the same `ERR_DECRYPT` error without a cause,
 * so the answer does not tell which check failed.
 *
 * @example
 * ```ts
 * const message = await oaepDecode(rsaDecryptRaw(key, ciphertext), { hash: 'SHA-256', mgf1Hash: 'SHA-1' });
 * ```
 * @throws {SignerError} `ERR_DECRYPT` for any decoding error; `ERR_INVALID_ARGUMENT` for bad params.
 */
export async function oaepDecode(em: Uint8Array, params: OaepParams): Promise<Uint8Array> {
  const { hash, mgf } = paramsOf(params);
  if (!(em instanceof Uint8Array)) throw new SignerError('ERR_INVALID_ARGUMENT', 'em must be a Uint8Array');
  const hLen = HASH_LENGTH[hash];
  const k = em.length;
  // The sizes are public (key size and hash), not secret: this early exit tells nothing.
  if (k < 2 * hLen + 2) throw decryptError();
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  // MGF1's seed length is the hash length of the OAEP hash whatever the MGF1 hash is (RFC 8017 7.1.1).
  const seedMask = await mgf1(mgf, maskedDb, hLen);
  const seed = new Uint8Array(hLen);
  for (let i = 0; i < hLen; i++) seed[i] = maskedSeed[i]! ^ seedMask[i]!;
  const dbMask = await mgf1(mgf, seed, k - hLen - 1);
  const db = new Uint8Array(k - hLen - 1);
  for (let i = 0; i < db.length; i++) db[i] = maskedDb[i]! ^ dbMask[i]!;
  const lHash = await labelHash(hash);

  let bad = em[0]!;
  for (let i = 0; i < hLen; i++) bad |= db[i]! ^ lHash[i]!;
  let found = 0;
  let index = 0;
  let badPadding = 0;
  for (let i = hLen; i < db.length; i++) {
    const b = db[i]!;
    const isOne = ((b ^ 1) - 1) >>> 31; // 1 when b === 0x01
    const isZero = (b - 1) >>> 31; // 1 when b === 0x00
    const before = found ^ 1;
    index |= -(before & isOne) & i;
    found |= isOne;
    badPadding |= before & (isZero ^ 1) & (isOne ^ 1);
  }
  if ((bad | badPadding | (found ^ 1)) !== 0) throw decryptError();
  return db.slice(index + 1);
}

/**
 * RSAES-OAEP-DECRYPT (RFC 8017 7.1.2) with an empty label. `params.mgf1Hash` may differ from
 * `params.hash`: Java's `OAEPWithSHA-256AndMGF1Padding` is `{ hash: 'SHA-256', mgf1Hash: 'SHA-1' }`.
 *
 * @example
 * ```ts
 * const plain = await rsaOaepDecrypt(privateKeyPem, base64Decode(ciphertext), { hash: 'SHA-256', mgf1Hash: 'SHA-1' });
 * ```
 * @throws {SignerError} `ERR_DECRYPT` (one message, no cause, whatever failed); `ERR_INVALID_ARGUMENT`
 * or `ERR_UNSUPPORTED` for a key that cannot be read.
 */
export async function rsaOaepDecrypt(privateKey: RsaPrivateKey | string | Uint8Array, ciphertext: Uint8Array, params: OaepParams): Promise<Uint8Array> {
  paramsOf(params);
  return oaepDecode(rsaDecryptRaw(privateKey, ciphertext), params);
}

/**
 * RSAES-OAEP-ENCRYPT (RFC 8017 7.1.1) with an empty label and a random seed.
 *
 * @example
 * ```ts
 * const ciphertext = await rsaOaepEncrypt(publicKeyPem, utf8Encode('secret'), { hash: 'SHA-256', mgf1Hash: 'SHA-1' });
 * ```
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when the message is too long for the key.
 */
export async function rsaOaepEncrypt(publicKey: RsaPublicKey | string | Uint8Array, message: Uint8Array, params: OaepParams): Promise<Uint8Array> {
  const key = publicKeyOf(publicKey);
  const { hash, mgf } = paramsOf(params);
  if (!(message instanceof Uint8Array)) throw new SignerError('ERR_INVALID_ARGUMENT', 'message must be a Uint8Array');
  const hLen = HASH_LENGTH[hash];
  const k = key.size;
  if (message.length > k - 2 * hLen - 2) throw new SignerError('ERR_INVALID_ARGUMENT', `message too long for RSA-OAEP with this key (at most ${Math.max(0, k - 2 * hLen - 2)} bytes)`);
  const db = new Uint8Array(k - hLen - 1);
  db.set(await labelHash(hash), 0);
  db[db.length - message.length - 1] = 1;
  db.set(message, db.length - message.length);
  const seed = randomBytes(hLen);
  const dbMask = await mgf1(mgf, seed, db.length);
  for (let i = 0; i < db.length; i++) db[i] = db[i]! ^ dbMask[i]!;
  const seedMask = await mgf1(mgf, db, hLen);
  const em = new Uint8Array(k);
  for (let i = 0; i < hLen; i++) em[1 + i] = seed[i]! ^ seedMask[i]!;
  em.set(db, 1 + hLen);
  return toBytes(modPow(toBigInt(em), key.e, key.n), k);
}

export { parseRsaPrivateKey, parseRsaPublicKey, type RsaPrivateKey, type RsaPublicKey };
