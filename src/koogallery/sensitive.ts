// KooGallery's sensitive fields (KooGallery SaaS access guide FAQ 5, 7; the Java sample's generateSaaSUsernameOrPwd and
// decryptMobilePhoneOrEMail): ciphertext = 16 IV characters + base64(AES-CBC-PKCS7(key, IV, UTF-8 text)),
// key = the first 32 (encryptType 1) or 16 (encryptType 2) bytes of SHA1PRNG seeded with the accessKey.
import { aesCbcDecryptRaw, aesCbcEncryptRaw } from '../crypto/aes.js';
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from '../crypto/codecs.js';
import { randomBytes } from '../crypto/hash.js';
import { SignerError, isSignerError, optionsObject } from '../errors.js';
import { requireAccessKey, toEncryptType, type EncryptType } from './args.js';
import { sha1prng } from './sha1prng.js';

const IV_LENGTH = 16;
const IV_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const IV_PATTERN = /^[A-Za-z0-9]{16}$/;

// Deriving costs two or three SHA-1 calls; a seller usually has one accessKey. Small LRU keyed by the
// accessKey itself (a string the caller reuses, whose hash the engine keeps: no key text built per call),
// each entry holding the key of either encryptType.
const KEY_CACHE_MAX = 16;
type KeySlot = Uint8Array | Promise<Uint8Array> | undefined;
const keyCache = /* @__PURE__ */ new Map<string, [KeySlot, KeySlot]>();
let newestKey: string | undefined;

function cachedKey(accessKey: string, type: EncryptType): Uint8Array | Promise<Uint8Array> {
  let entry = keyCache.get(accessKey);
  if (entry !== undefined) {
    // Refresh its LRU place, unless it is already the newest (a seller with one accessKey: every call).
    if (accessKey !== newestKey) {
      keyCache.delete(accessKey);
      keyCache.set(accessKey, entry);
      newestKey = accessKey;
    }
    const hit = entry[type - 1];
    if (hit !== undefined) return hit;
  } else {
    entry = [undefined, undefined];
    keyCache.set(accessKey, entry);
    newestKey = accessKey;
    if (keyCache.size > KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value as string);
  }
  const slots = entry;
  const p = sha1prng(utf8Encode(accessKey), type === 1 ? 32 : 16);
  slots[type - 1] = p;
  // Once derived, the slot holds the bytes themselves, so a cached key costs no await.
  p.then(
    (key) => {
      if (slots[type - 1] === p) slots[type - 1] = key;
    },
    () => {
      if (slots[type - 1] === p) slots[type - 1] = undefined;
    },
  );
  return p;
}

/** The cached key for an accessKey and encryptType (arguments checked in this order); never handed to callers. */
function keyFor(accessKey: string, encryptType: EncryptType | '1' | '2'): Uint8Array | Promise<Uint8Array> {
  const type = toEncryptType(encryptType);
  return cachedKey(requireAccessKey(accessKey), type);
}

/** Number of accessKeys whose derived keys are currently cached (tests check the bound). */
export function sensitiveKeyCacheSize(): number {
  return keyCache.size;
}

/**
 * The AES key KooGallery derives from an accessKey: Java's `KeyGenerator.getInstance("AES")` initialised
 * with `SecureRandom.getInstance("SHA1PRNG")` seeded with the accessKey's UTF-8 bytes. NOT the raw key
 * bytes. 32 bytes for encryptType 1 (AES-256), 16 for 2 (AES-128). Cached per accessKey and type.
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `encryptType` is not 1, 2, '1' or '2';
 * `ERR_MISSING_CREDENTIALS` when `accessKey` is not a non-empty string; `ERR_UNSUPPORTED` in a runtime
 * without Web Crypto.
 * @example
 * ```ts
 * hexEncode(await deriveSensitiveKey('xxxxxxx', 2)) // 'c962ef8500ad13239b5ec0eb6a5c570b'
 * ```
 */
export async function deriveSensitiveKey(accessKey: string, encryptType: EncryptType | '1' | '2'): Promise<Uint8Array> {
  const key = keyFor(accessKey, encryptType);
  // A copy: callers must not be able to change the cached key.
  return new Uint8Array(key instanceof Promise ? await key : key);
}

/** 16 characters from [A-Za-z0-9], uniformly (rejection sampling: 248 = 4 * 62). */
function randomIv(): string {
  const codes: number[] = [];
  while (codes.length < IV_LENGTH) {
    const bytes = randomBytes(32);
    for (let i = 0; i < bytes.length && codes.length < IV_LENGTH; i++) {
      const b = bytes[i]!;
      if (b < 248) codes.push(IV_ALPHABET.charCodeAt(b % 62));
    }
  }
  // One string from the 16 codes rather than 16 concatenations.
  return String.fromCharCode.apply(null, codes);
}

/** Options of {@link encryptSensitive}. */
export interface EncryptSensitiveOptions {
  /** A fixed IV of 16 characters from [A-Za-z0-9] (for tests and cross-checks); random by default. */
  iv?: string;
}

/**
 * Encrypt a username, password or other sensitive field the way KooGallery decrypts it:
 * `iv + base64(AES-CBC-PKCS7(deriveSensitiveKey(accessKey, encryptType), iv, UTF-8(plaintext)))`.
 * Return `encryptType` in the response body too, so KooGallery knows which AES size was used.
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `plaintext` is not a string, `encryptType`
 * is not 1, 2, '1' or '2', `options` is not an object, or `options.iv` is not 16 characters from [A-Za-z0-9];
 * `ERR_MISSING_CREDENTIALS` when `accessKey` is not a non-empty string; `ERR_UNSUPPORTED` in a runtime
 * without Web Crypto.
 * @example
 * ```ts
 * const password = await encryptSensitive('s3cret!', accessKey, 1); // 'Xq3…16 chars…' + base64
 * ```
 */
export async function encryptSensitive(
  plaintext: string,
  accessKey: string,
  encryptType: EncryptType | '1' | '2',
  options?: EncryptSensitiveOptions,
): Promise<string> {
  if (typeof plaintext !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', 'plaintext must be a string');
  const given = optionsObject(options).iv;
  // Only a given IV needs checking: ours is made of the alphabet.
  if (given !== undefined && (typeof given !== 'string' || !IV_PATTERN.test(given))) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'iv must be 16 characters from [A-Za-z0-9]');
  }
  const iv = given ?? randomIv();
  // The cached key itself (AES only reads it); awaited only while it is first being derived.
  const found = keyFor(accessKey, encryptType);
  const key = found instanceof Promise ? await found : found;
  // Synchronous on node:crypto: await only a real Promise (Web Crypto).
  const encrypted = aesCbcEncryptRaw(key, iv, plaintext, true);
  return iv + base64Encode(encrypted instanceof Promise ? await encrypted : encrypted);
}

const DECRYPT_HINT = 'cannot decrypt the sensitive field (wrong accessKey or encryptType?)';

/**
 * Decrypt a KooGallery sensitive field (the buyer's mobilePhone or email, or a ciphertext from
 * {@link encryptSensitive}). Spaces in the base64 part are read as `+` (a form-decoded `+`).
 *
 * Errors (`SignerError`): `ERR_BAD_CIPHERTEXT` (shorter than 17 characters, an IV that is not 16 ASCII
 * characters, or a length that is not whole AES blocks), `ERR_BAD_BASE64`, `ERR_DECRYPT` (wrong
 * accessKey or encryptType: the padding or the UTF-8 does not check out).
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `ciphertext` is not a string or
 * `encryptType` is not 1, 2, '1' or '2'; `ERR_MISSING_CREDENTIALS` when `accessKey` is not a non-empty
 * string; `ERR_BAD_CIPHERTEXT`, `ERR_BAD_BASE64` or `ERR_DECRYPT` for the ciphertext as above;
 * `ERR_UNSUPPORTED` in a runtime without Web Crypto.
 * @example
 * ```ts
 * await decryptSensitive('0000000000000000aSu7tJXKg66Emp34duOebg==', 'xxxxxxx', 1) // '15905222222'
 * ```
 */
export async function decryptSensitive(ciphertext: string, accessKey: string, encryptType: EncryptType | '1' | '2'): Promise<string> {
  if (typeof ciphertext !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', 'ciphertext must be a string');
  // The cached key itself (AES only reads it); awaited only while it is first being derived.
  const found = keyFor(accessKey, encryptType);
  const key = found instanceof Promise ? await found : found;
  if (ciphertext.length <= IV_LENGTH) {
    throw new SignerError('ERR_BAD_CIPHERTEXT', `sensitive ciphertext must be longer than ${IV_LENGTH} characters (IV + base64), got ${ciphertext.length}`);
  }
  const ivText = ciphertext.slice(0, IV_LENGTH);
  // Java takes the IV's bytes as they are; both sides generate [A-Za-z0-9], so accept printable ASCII.
  if (!/^[\x21-\x7e]{16}$/.test(ivText)) {
    throw new SignerError('ERR_BAD_CIPHERTEXT', `the first ${IV_LENGTH} characters (the IV) must be printable ASCII`);
  }
  const data = base64Decode(ciphertext.slice(IV_LENGTH).replace(/ /g, '+'));
  if (data.length === 0 || data.length % 16 !== 0) {
    throw new SignerError('ERR_BAD_CIPHERTEXT', `the base64 part must hold whole 16-byte AES blocks, got ${data.length} bytes`);
  }
  try {
    const decrypted = aesCbcDecryptRaw(key, ivText, data, true);
    return utf8Decode(decrypted instanceof Promise ? await decrypted : decrypted);
  } catch (e) {
    // Bad padding and bad UTF-8 give one answer, with no cause: which of the two failed is a padding
    // oracle for anyone who sees the error (serialised, logged, or echoed).
    if (isSignerError(e, 'ERR_DECRYPT') || isSignerError(e, 'ERR_BAD_UTF8')) throw new SignerError('ERR_DECRYPT', DECRYPT_HINT);
    throw e;
  }
}

/**
 * Length of the ciphertext {@link encryptSensitive} produces for `plaintext` (16 IV characters + base64
 * of the PKCS#7-padded UTF-8 bytes). KooGallery's length limits apply to this, not to the plaintext
 * (access guide FAQ 7). The same for both encryptTypes (AES blocks are 16 bytes either way).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `plaintext` is not a string or `encryptType` is not 1, 2,
 * '1' or '2'.
 * @example
 * ```ts
 * sensitiveCiphertextLength('admin', 1) // 40
 * ```
 */
export function sensitiveCiphertextLength(plaintext: string, encryptType: EncryptType | '1' | '2'): number {
  if (typeof plaintext !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', 'plaintext must be a string');
  toEncryptType(encryptType);
  const padded = (Math.floor(utf8Encode(plaintext).length / 16) + 1) * 16;
  return IV_LENGTH + 4 * Math.ceil(padded / 3);
}
