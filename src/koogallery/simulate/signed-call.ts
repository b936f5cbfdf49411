// One call as KooGallery sends it: canonical compact JSON (top-level keys ascending), a 13-digit
// millisecond timestamp, a fresh 64-digit upper-case hex nonce, an upper-case hex signature, and
// `Content-Type: application/json;charset=utf8`. Basic interfaces and orderNotify go to the production
// address with the signature in the URL; kit calls to `<address>/produceAPI/v2/<name>` with x-sign headers.
import { hexEncode, utf8Encode } from '../../crypto/codecs.js';
import { randomBytes } from '../../crypto/hash.js';
import { SignerError, optionsObject } from '../../errors.js';
import { isKitInterface, type KitInterface } from '../seller/bodies.js';
import { canonicalJsonOf, isJsonObject } from '../seller/canonical-json.js';
import { keyBytes, keyEncodingOf, type KeyEncoding } from '../seller/keys.js';
import { callSignature } from '../seller/verify-call.js';

/** Input of {@link createSignedCall}. */
export interface SignedCallInput {
  /** The production address (`https://isv.example.com`, a path allowed). */
  address: string;
  /** The body: an object (sent in canonical form) or exact text. Basic calls carry `activity`. */
  body: Record<string, unknown> | string;
  /** The key of this interface type. */
  accessKey: string;
  /** For a kit call: the kit interface (the call goes to `/produceAPI/v2/<kit>` with x-sign headers). */
  kit?: KitInterface;
  /** How `accessKey` is written (default `utf8`). */
  keyEncoding?: KeyEncoding;
  /** Override the timestamp (13 digits of ms; default now). */
  timestamp?: string;
  /** Override the nonce (default 64 random upper-case hex digits). */
  nonce?: string;
}

/** A signed call, ready to send (fetch, curl). */
export interface SignedCall {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  /** The exact body text that was signed. */
  body: string;
}

/** 64 upper-case hex digits, like KooGallery's nonces. */
export function newNonce(): string {
  return hexEncode(randomBytes(32)).toUpperCase();
}

export function kitUrl(address: string, kit: string): string {
  const q = address.search(/[?#]/);
  const base = (q < 0 ? address : address.slice(0, q)).replace(/\/+$/, '');
  return `${base}/produceAPI/v2/${kit}`;
}

/**
 * Sign one call the way KooGallery does (URL signature for the basic interfaces and orderNotify, x-sign
 * headers for the kit), for curl or a test. An object body is sent in canonical form (compact, top-level
 * keys ascending), as KooGallery sends it.
 *
 * @example
 * ```ts
 * const call = await createSignedCall({
 *   address: 'https://isv.example.com/koo',
 *   accessKey: process.env.HCSIGN_ACCESS_KEY!,
 *   body: { activity: 'queryInstance', instanceId: 'ins-1', testFlag: '1' },
 * });
 * await fetch(call.url, { method: call.method, headers: call.headers, body: call.body });
 * ```
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` for an address that is not http(s), an unknown kit name,
 * or a body that is neither an object nor text; `ERR_MISSING_CREDENTIALS` without a key.
 */
export async function createSignedCall(input: SignedCallInput): Promise<SignedCall> {
  const o = optionsObject(input, 'input');
  if (typeof o.address !== 'string' || !/^https?:\/\/[^/?#]+/i.test(o.address)) throw new SignerError('ERR_INVALID_ARGUMENT', 'address must be an http(s) URL');
  const key = keyBytes(o.accessKey, keyEncodingOf(o.keyEncoding), 'accessKey');
  if (o.kit !== undefined && !isKitInterface(o.kit)) throw new SignerError('ERR_INVALID_ARGUMENT', 'kit must be tenantSync, applicationSync, authSync, singleOrgSync or allOrgSync');
  let body: string;
  if (typeof o.body === 'string') body = o.body;
  else if (isJsonObject(o.body)) body = canonicalJsonOf(o.body);
  else throw new SignerError('ERR_INVALID_ARGUMENT', 'body must be an object or text');
  const timestamp = o.timestamp ?? String(Date.now());
  const nonce = o.nonce ?? newNonce();
  if (typeof timestamp !== 'string' || typeof nonce !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', 'timestamp and nonce must be strings');
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json;charset=utf8' };
  if (o.kit !== undefined) {
    const sign = await callSignature('header-signature', key, nonce, timestamp, utf8Encode(body));
    return { url: kitUrl(o.address, o.kit), method: 'POST', headers: { ...headers, 'x-sign': sign.toUpperCase(), 'x-timestamp': timestamp, 'x-nonce': nonce }, body };
  }
  const signature = (await callSignature('url-signature', key, nonce, timestamp, utf8Encode(body))).toUpperCase();
  const sep = o.address.includes('?') ? '&' : '?';
  return { url: `${o.address}${sep}signature=${signature}&timestamp=${timestamp}&nonce=${encodeURIComponent(nonce)}`, method: 'POST', headers, body };
}
