// The legacy authToken (KooGallery's Java sample verificateRequestParams):
// base64(HMAC-SHA256(key = accessKey + timeStamp, "&"-joined name=value of the sorted, decoded params)).
import { hmacSha256Base64 } from '../crypto/hash.js';
import { SignerError } from '../errors.js';
import { requireAccessKey } from './args.js';

/** Request parameters, already URL-decoded: a plain object or a URLSearchParams (first value per name). */
export type AuthTokenParams = Record<string, string> | URLSearchParams;

function entriesOf(params: AuthTokenParams): Array<[string, string]> {
  const out = new Map<string, string>();
  if (typeof URLSearchParams !== 'undefined' && params instanceof URLSearchParams) {
    // The sample reads getParameterMap() and takes value[0]: the first occurrence wins.
    for (const [name, value] of params) if (!out.has(name)) out.set(name, value);
  } else if (params !== null && typeof params === 'object') {
    for (const name of Object.keys(params)) {
      const value = (params as Record<string, unknown>)[name];
      if (typeof value !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', `parameter '${name}' must be a string`);
      out.set(name, value);
    }
  } else {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'params must be an object of strings or a URLSearchParams');
  }
  out.delete('authToken');
  return [...out];
}

// Java's TreeMap<String, …> orders by String.compareTo: UTF-16 code units, which is what < does in JS.
const byCodeUnits = (a: [string, string], b: [string, string]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The string the legacy authToken signs: every parameter except `authToken`, sorted by name like Java's
 * TreeMap, joined as `name=value` with `&`. Values must already be URL-decoded; the buyer's
 * mobilePhone/email stay ciphertext.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `params` is neither an object nor a URLSearchParams, or
 * one of its values is not a string.
 * @example
 * ```ts
 * authTokenStringToSign({ p2: '2', p1: '1', p3: '3', timeStamp: '201706211855321' })
 * // 'p1=1&p2=2&p3=3&timeStamp=201706211855321'
 * ```
 */
export function authTokenStringToSign(params: AuthTokenParams): string {
  return stringToSign(entriesOf(params));
}

function stringToSign(entries: Array<[string, string]>): string {
  return entries
    .sort(byCodeUnits)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/**
 * The legacy `authToken` of a KooGallery call: `base64(HMAC-SHA256(accessKey + timeStamp, stringToSign))`,
 * where timeStamp is the request's own `timeStamp` parameter. Any `authToken` entry is ignored.
 * Throws `ERR_INVALID_ARGUMENT` when `timeStamp` is missing.
 *
 * @throws {SignerError} Rejects with `ERR_MISSING_CREDENTIALS` when `accessKey` is not a non-empty string;
 * `ERR_INVALID_ARGUMENT` when `params` is neither an object of strings nor a URLSearchParams, or has no
 * `timeStamp`; `ERR_UNSUPPORTED` in a runtime without Web Crypto.
 * @example
 * ```ts
 * await authToken({ p1: '1', p2: '2', p3: '3', timeStamp: '201706211855321' }, 'xxxxxxx')
 * // 'pFDO0i85uykoqyb/eXdNNUGaIGSknt/NNx/B557NZS4='
 * ```
 */
export async function authToken(params: AuthTokenParams, accessKey: string): Promise<string> {
  requireAccessKey(accessKey);
  const entries = entriesOf(params);
  const timeStamp = entries.find(([name]) => name === 'timeStamp')?.[1];
  if (timeStamp === undefined) throw new SignerError('ERR_INVALID_ARGUMENT', "the 'timeStamp' parameter is missing");
  return hmacSha256Base64(accessKey + timeStamp, stringToSign(entries));
}
