// APIG backend signature keys (APIG API reference): field rules of the signature-key API, Basic verification,
// and AES-CFB bound to an aes key's fields.
import { aesCfbDecrypt, aesCfbEncrypt } from '../crypto/aes.js';
import { base64Decode, toBytes, utf8Decode, utf8Encode, type BinaryLike } from '../crypto/codecs.js';
import { timingSafeEqual } from '../crypto/compare.js';
import { sha256 } from '../crypto/hash.js';
import { SignerError } from '../errors.js';
import type { ResolveSecret } from './verify.js';

/** The fields of a signature key as the APIG signature-key API takes them. */
export interface SignatureKeyFields {
  name: string;
  sign_type: 'hmac' | 'basic' | 'public_key' | 'aes' | string;
  sign_key?: string;
  sign_secret?: string;
  sign_algorithm?: 'aes-128-cfb' | 'aes-256-cfb' | string;
}

/** One rule a field breaks. `message` names the field and the rule, never the value. */
export interface SignatureKeyViolation {
  field: keyof SignatureKeyFields;
  rule: 'required' | 'length' | 'charset' | 'first-character' | 'enum' | 'not-allowed';
  message: string;
}

interface FieldRule {
  min: number;
  max: number;
  charset: RegExp;
  charsetText: string;
  first: RegExp;
  firstText: string;
  exact?: number[];
}

const KEY_CHARS = { re: /^[A-Za-z0-9_-]*$/, text: 'letters, digits, _ and -' };
const SECRET_CHARS = { re: /^[A-Za-z0-9_\-!@#$%]*$/, text: 'letters, digits and _ - ! @ # $ %' };
const PK_KEY_CHARS = { re: /^[A-Za-z0-9_\-+/=]*$/, text: 'letters, digits and _ - + / =' };
const PK_SECRET_CHARS = { re: /^[A-Za-z0-9_\-!@#$%+/=]*$/, text: 'letters, digits and _ - ! @ # $ % + / =' };
const LETTER = { re: /^[A-Za-z]/, text: 'a letter' };
const LETTER_DIGIT = { re: /^[A-Za-z0-9]/, text: 'a letter or a digit' };
const LETTER_DIGIT_PLUS_SLASH = { re: /^[A-Za-z0-9+/]/, text: 'a letter, a digit, + or /' };

const rule = (min: number, max: number, chars: { re: RegExp; text: string }, first: { re: RegExp; text: string }, exact?: number[]): FieldRule => ({
  min, max, charset: chars.re, charsetText: chars.text, first: first.re, firstText: first.text, ...(exact ? { exact } : {}),
});

const RULES: Record<string, { key: FieldRule; secret: FieldRule }> = {
  hmac: { key: /* @__PURE__ */ rule(8, 32, KEY_CHARS, LETTER_DIGIT), secret: /* @__PURE__ */ rule(16, 64, SECRET_CHARS, LETTER_DIGIT) },
  basic: { key: /* @__PURE__ */ rule(4, 32, KEY_CHARS, LETTER), secret: /* @__PURE__ */ rule(8, 64, SECRET_CHARS, LETTER_DIGIT) },
  public_key: { key: /* @__PURE__ */ rule(8, 512, PK_KEY_CHARS, LETTER_DIGIT_PLUS_SLASH), secret: /* @__PURE__ */ rule(16, 2048, PK_SECRET_CHARS, LETTER_DIGIT_PLUS_SLASH) },
  aes: { key: /* @__PURE__ */ rule(16, 32, PK_SECRET_CHARS, LETTER_DIGIT_PLUS_SLASH, [16, 32]), secret: /* @__PURE__ */ rule(16, 16, PK_SECRET_CHARS, LETTER_DIGIT_PLUS_SLASH) },
};

function checkField(field: 'sign_key' | 'sign_secret', value: string, r: FieldRule, out: SignatureKeyViolation[]): void {
  const len = [...value].length;
  if (r.exact ? !r.exact.includes(len) : len < r.min || len > r.max) {
    out.push({ field, rule: 'length', message: `${field} must be ${r.exact ? r.exact.join(' or ') : `${r.min}-${r.max}`} characters, got ${len}` });
  }
  if (!r.charset.test(value)) out.push({ field, rule: 'charset', message: `${field} may contain only ${r.charsetText}` });
  if (value.length > 0 && !r.first.test(value)) out.push({ field, rule: 'first-character', message: `${field} must start with ${r.firstText}` });
}

/**
 * Check a signature key's fields against the rules of APIG's create/modify signature-key API before
 * calling it. Returns every rule broken (an empty array when the key is valid).
 *
 * @throws Nothing: broken rules (also a missing `fields`, name or unknown `sign_type`) are returned, not
 * thrown.
 * @example
 * validateSignatureKey({ name: 'backend_key', sign_type: 'hmac', sign_key: 'short', sign_secret: 'x'.repeat(16) })
 * // [{ field: 'sign_key', rule: 'length', message: 'sign_key must be 8-32 characters, got 5' }]
 */
export function validateSignatureKey(fields: SignatureKeyFields): SignatureKeyViolation[] {
  const out: SignatureKeyViolation[] = [];
  const name = typeof fields?.name === 'string' ? fields.name : '';
  if (!name) out.push({ field: 'name', rule: 'required', message: 'name is required' });
  else {
    if (name.length < 3 || name.length > 64) out.push({ field: 'name', rule: 'length', message: `name must be 3-64 characters, got ${name.length}` });
    if (!/^[A-Za-z0-9_]*$/.test(name)) out.push({ field: 'name', rule: 'charset', message: 'name may contain only letters, digits and _' });
    if (!/^[A-Za-z]/.test(name)) out.push({ field: 'name', rule: 'first-character', message: 'name must start with a letter' });
  }
  // An own property only: 'toString' or '__proto__' must not pass as a sign_type.
  const type = fields?.sign_type as string;
  const rules = Object.prototype.hasOwnProperty.call(RULES, type) ? RULES[type] : undefined;
  if (!rules) {
    out.push({ field: 'sign_type', rule: 'enum', message: 'sign_type must be hmac, basic, public_key or aes' });
    return out;
  }
  const alg = fields.sign_algorithm;
  if (fields.sign_type === 'aes') {
    if (alg !== 'aes-128-cfb' && alg !== 'aes-256-cfb') {
      out.push({ field: 'sign_algorithm', rule: 'enum', message: 'sign_algorithm must be aes-128-cfb or aes-256-cfb for an aes key' });
    }
  } else if (alg !== undefined) {
    out.push({ field: 'sign_algorithm', rule: 'not-allowed', message: 'sign_algorithm is only for sign_type aes' });
  }
  // Omitted key and secret are generated by the service.
  if (fields.sign_key !== undefined) {
    let keyRule = rules.key;
    if (fields.sign_type === 'aes' && (alg === 'aes-128-cfb' || alg === 'aes-256-cfb')) {
      keyRule = { ...keyRule, exact: [alg === 'aes-128-cfb' ? 16 : 32] };
    }
    checkField('sign_key', String(fields.sign_key), keyRule, out);
  }
  if (fields.sign_secret !== undefined) checkField('sign_secret', String(fields.sign_secret), rules.secret, out);
  return out;
}

/** The outcome of `verifyBasicAuthorization`. */
export type BasicVerifyResult =
  | { ok: true; key: string }
  | { ok: false; reason: 'missing-signature' | 'malformed-authorization' | 'unknown-key' | 'bad-credentials'; message: string };

/**
 * Verify the `Authorization: Basic base64(sign_key:sign_secret)` header that APIG adds for a signature
 * key of type basic. Constant-time comparison; never throws on the header's content. Note that Basic
 * carries no timestamp: a captured header can be replayed (see SECURITY.md).
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `resolveSecret` is not a function, and with
 * `ERR_UNSUPPORTED` in a runtime without Web Crypto; never for the header's content. Errors thrown by your
 * own `resolveSecret` propagate.
 * @example
 * const r = await verifyBasicAuthorization(req.headers.get('authorization'), (k) => keys.get(k));
 */
export async function verifyBasicAuthorization(headerValue: string | null | undefined, resolveSecret: ResolveSecret): Promise<BasicVerifyResult> {
  if (typeof resolveSecret !== 'function') throw new SignerError('ERR_INVALID_ARGUMENT', 'resolveSecret must be a function');
  if (typeof headerValue !== 'string' || headerValue.trim() === '') return { ok: false, reason: 'missing-signature', message: 'no Authorization header' };
  const value = headerValue.trim();
  if (value.length > 8192 || value.slice(0, 6).toLowerCase() !== 'basic ') {
    return { ok: false, reason: 'malformed-authorization', message: 'not a Basic authorization header' };
  }
  let decoded: string;
  try {
    decoded = utf8Decode(base64Decode(value.slice(6).trim()));
  } catch {
    return { ok: false, reason: 'malformed-authorization', message: 'the Basic credentials are not valid base64 of UTF-8 text' };
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0) return { ok: false, reason: 'malformed-authorization', message: 'the Basic credentials lack "key:secret"' };
  const key = decoded.slice(0, colon);
  const secret = await resolveSecret(key);
  if (typeof secret !== 'string' || secret === '') return { ok: false, reason: 'unknown-key', message: 'unknown key' };
  // Compare digests, not the secrets: equal lengths always, so the time taken says nothing of the secret's length.
  const [given, expected] = await Promise.all([sha256(decoded.slice(colon + 1)), sha256(secret)]);
  if (!timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-credentials', message: 'the Basic credentials do not match' };
  return { ok: true, key };
}

/** AES-CFB bound to an aes signature key's fields. */
export interface AesSignatureKey {
  readonly algorithm: 'aes-128-cfb' | 'aes-256-cfb';
  encrypt(data: BinaryLike): Promise<Uint8Array>;
  decrypt(data: BinaryLike): Promise<Uint8Array>;
}

/**
 * Bind AES-CFB to an aes signature key: the UTF-8 bytes of `sign_key` (16 or 32 characters) are the key
 * and those of `sign_secret` (16 characters) the IV, as APIG's documentation describes them. What APIG
 * encrypts with such a key, and in which header, is NOT published: this is the tested primitive only.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `sign_algorithm` is not `aes-128-cfb` or `aes-256-cfb`;
 * `ERR_INVALID_KEY_LENGTH` when the UTF-8 of `sign_key` is not 16 (aes-128-cfb) or 32 (aes-256-cfb) bytes;
 * `ERR_INVALID_IV_LENGTH` when that of `sign_secret` is not 16 bytes. The returned `encrypt`/`decrypt` reject
 * with `ERR_INVALID_ARGUMENT` for data that is neither a string nor bytes, and as {@link
 * aesCfbEncrypt}/{@link aesCfbDecrypt} otherwise.
 * @example
 * const k = aesSignatureKey({ sign_key: '0123456789abcdef', sign_secret: 'fedcba9876543210', sign_algorithm: 'aes-128-cfb' });
 * const ct = await k.encrypt('hello');
 */
export function aesSignatureKey(fields: Pick<SignatureKeyFields, 'sign_key' | 'sign_secret' | 'sign_algorithm'>): AesSignatureKey {
  const algorithm = fields?.sign_algorithm;
  if (algorithm !== 'aes-128-cfb' && algorithm !== 'aes-256-cfb') {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'sign_algorithm must be aes-128-cfb or aes-256-cfb');
  }
  const key = utf8Encode(String(fields.sign_key ?? ''));
  const iv = utf8Encode(String(fields.sign_secret ?? ''));
  const want = algorithm === 'aes-128-cfb' ? 16 : 32;
  if (key.length !== want) throw new SignerError('ERR_INVALID_KEY_LENGTH', `sign_key must be ${want} bytes for ${algorithm}, got ${key.length}`);
  if (iv.length !== 16) throw new SignerError('ERR_INVALID_IV_LENGTH', `sign_secret must be 16 bytes (the IV), got ${iv.length}`);
  return {
    algorithm,
    encrypt: (data) => aesCfbEncrypt(key, iv, toBytes(data)),
    decrypt: (data) => aesCfbDecrypt(key, iv, toBytes(data)),
  };
}
