// The `Body-Sign` response header (KooGallery SaaS access guide: HTTP Body Signature, FAQ 1, 2, 4; the Java sample's
// generateResponseBodySignature): base64(HMAC-SHA256(accessKey, the exact response body bytes)).
import { toBytes } from '../crypto/codecs.js';
import { timingSafeEqual } from '../crypto/compare.js';
import { hmacSha256Base64 } from '../crypto/hash.js';
import { SignerError } from '../errors.js';
import { requireAccessKey } from './args.js';

/** The header's name, spelled as KooGallery requires (it matches it case-sensitively, access guide FAQ 1). */
export const BODY_SIGN_HEADER = 'Body-Sign';

/** The only sign_type KooGallery accepts. */
export const BODY_SIGN_TYPE = 'HMAC-SHA256';

function bodyBytes(body: string | Uint8Array): Uint8Array {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'body must be a string or a Uint8Array');
  }
  return toBytes(body);
}

/**
 * The whole `Body-Sign` header value for a response body, in the FAQ's form
 * `sign_type="HMAC-SHA256", signature="<base64>"`. Sign the exact bytes you send: re-serialised JSON,
 * an added space or a trailing newline break the signature (access guide FAQ 2).
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `body` is neither a string nor a Uint8Array;
 * `ERR_MISSING_CREDENTIALS` when `accessKey` is not a non-empty string; `ERR_UNSUPPORTED` in a runtime
 * without Web Crypto.
 * @example
 * ```ts
 * await bodySign('{"resultCode":"000000","resultMsg":"success"}', 'xxxxxxx')
 * // 'sign_type="HMAC-SHA256", signature="jr/sHG/JhTLSQzpqTab8bniVmYcYEz7comx8iXzZDto="'
 * ```
 */
export async function bodySign(body: string | Uint8Array, accessKey: string): Promise<string> {
  const bytes = bodyBytes(body);
  const signature = await hmacSha256Base64(requireAccessKey(accessKey), bytes);
  return `sign_type="${BODY_SIGN_TYPE}", signature="${signature}"`;
}

/** The two values of a `Body-Sign` header. */
export interface BodySignValue {
  signType: string;
  signature: string;
}

const PARAM = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*=[ \t]*"([^"]*)"/;

/**
 * Parse a `Body-Sign` header value: `name="value"` pairs separated by commas, with optional spaces
 * around `=` and after the comma, so both the FAQ form and the Java sample's `signature= "…"` parse.
 * Quotes are required (KooGallery cannot read unquoted values, access guide FAQ 4). Unknown names are
 * ignored; a missing or repeated `sign_type`/`signature` is `ERR_BAD_HEADER`.
 *
 * @throws {SignerError} `ERR_BAD_HEADER` when `value` is not a string, is not quoted `name="value"` pairs
 * separated by commas, repeats a name, or lacks a non-empty `sign_type` or `signature`.
 * @example
 * ```ts
 * parseBodySign('sign_type="HMAC-SHA256", signature= "jr/sHG…Dto="') // { signType: 'HMAC-SHA256', signature: 'jr/sHG…Dto=' }
 * ```
 */
export function parseBodySign(value: string): BodySignValue {
  if (typeof value !== 'string') throw new SignerError('ERR_BAD_HEADER', 'Body-Sign must be a string');
  const found = new Map<string, string>();
  let rest = value.trim();
  while (rest.length > 0) {
    const m = PARAM.exec(rest);
    if (!m) throw new SignerError('ERR_BAD_HEADER', 'Body-Sign must be name="value" pairs separated by commas (quotes required)');
    const [all, name, v] = m as unknown as [string, string, string];
    if (found.has(name)) throw new SignerError('ERR_BAD_HEADER', `Body-Sign repeats '${name}'`);
    found.set(name, v);
    rest = rest.slice(all.length).replace(/^[ \t]+/, '');
    if (rest.length === 0) break;
    if (rest[0] !== ',') throw new SignerError('ERR_BAD_HEADER', 'Body-Sign pairs must be separated by commas');
    rest = rest.slice(1).replace(/^[ \t]+/, '');
    if (rest.length === 0) throw new SignerError('ERR_BAD_HEADER', 'Body-Sign ends with a comma');
  }
  const signType = found.get('sign_type');
  const signature = found.get('signature');
  if (signType === undefined || signType === '') throw new SignerError('ERR_BAD_HEADER', 'Body-Sign lacks sign_type');
  if (signature === undefined || signature === '') throw new SignerError('ERR_BAD_HEADER', 'Body-Sign lacks signature');
  return { signType, signature };
}

/**
 * Check a `Body-Sign` header against a body, as KooGallery does: sign_type must be `HMAC-SHA256` and
 * the signature must match, compared in constant time. A malformed header is `false`, never a throw.
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `body` is neither a string nor a Uint8Array,
 * `ERR_MISSING_CREDENTIALS` when `accessKey` is not a non-empty string, and `ERR_UNSUPPORTED` in a runtime
 * without Web Crypto; never for the header's content.
 * @example
 * ```ts
 * await verifyBodySign(responseText, response.headers.get('Body-Sign') ?? '', accessKey) // true
 * ```
 */
export async function verifyBodySign(body: string | Uint8Array, headerValue: string, accessKey: string): Promise<boolean> {
  const bytes = bodyBytes(body);
  const key = requireAccessKey(accessKey);
  let parsed: BodySignValue;
  try {
    parsed = parseBodySign(headerValue);
  } catch {
    return false;
  }
  if (parsed.signType !== BODY_SIGN_TYPE) return false;
  return timingSafeEqual(parsed.signature, await hmacSha256Base64(key, bytes));
}
