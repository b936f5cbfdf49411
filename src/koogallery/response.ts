// Signed responses: the body is serialised once, signed, and those very bytes are sent (access guide FAQ 2).
import { utf8Encode } from '../crypto/codecs.js';
import { SignerError, optionsObject } from '../errors.js';
import { BODY_SIGN_HEADER, bodySign } from './body-sign.js';

const JSON_TYPE = 'application/json;charset=UTF-8';

/** What {@link prepareSignedResponse} returns: the exact bytes to send and the headers to send with them. */
export interface PreparedResponse {
  /** The body as text (exactly what was signed). */
  text: string;
  /** The body's UTF-8 bytes (send these, unchanged). */
  bytes: Uint8Array;
  /** `Content-Type`, `Content-Length` and `Body-Sign`, spelled as KooGallery reads them. */
  headers: { 'Content-Type': string; 'Content-Length': string; 'Body-Sign': string };
}

function serialise(body: object | string): string {
  if (typeof body === 'string') return body;
  if (body === null || typeof body !== 'object') throw new SignerError('ERR_INVALID_ARGUMENT', 'body must be an object or a string');
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (cause) {
    // A BigInt, a cycle or a throwing toJSON: kept as the cause, which says which.
    throw new SignerError('ERR_INVALID_ARGUMENT', 'body cannot be serialised as JSON', { cause });
  }
  if (typeof text !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', 'body cannot be serialised as JSON');
  return text;
}

/**
 * Serialise (objects with `JSON.stringify`, strings as they are) and sign a response body, for servers
 * that write responses themselves (Express, node:http): send `bytes` with `headers`, changing nothing.
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `body` is neither an object nor a string, or
 * cannot be serialised as JSON (a BigInt, a cycle, a throwing `toJSON`); `ERR_MISSING_CREDENTIALS` when
 * `accessKey` is not a non-empty string; `ERR_UNSUPPORTED` in a runtime without Web Crypto.
 * @example
 * ```ts
 * const { bytes, headers } = await prepareSignedResponse({ resultCode: '000000', resultMsg: 'success' }, accessKey);
 * res.writeHead(200, headers).end(bytes); // node:http keeps the 'Body-Sign' spelling on the wire
 * ```
 */
export async function prepareSignedResponse(body: object | string, accessKey: string): Promise<PreparedResponse> {
  const text = serialise(body);
  const bytes = utf8Encode(text);
  const signature = await bodySign(bytes, accessKey);
  // Content-Length too: node:http would otherwise send the body chunked after writeHead.
  const headers = { 'Content-Type': JSON_TYPE, 'Content-Length': String(bytes.length), [BODY_SIGN_HEADER]: signature };
  return { text, bytes, headers: headers as PreparedResponse['headers'] };
}

/**
 * A fetch `Response` whose `Body-Sign` header covers exactly the bytes it carries, with a JSON
 * `Content-Type` (unless `init.headers` sets one). Works wherever the global `Response` exists
 * (Node >= 18, Deno, Bun, Workers, browsers).
 *
 * Fetch `Headers` store names in lower case, and some servers write them so (`Deno.serve` sends
 * `body-sign`; `Bun.serve` and node:http keep `Body-Sign`); KooGallery matches `Body-Sign`
 * case-sensitively (access guide FAQ 1). Where the wire shows `body-sign`, write the response with
 * {@link prepareSignedResponse} through node:http, which keeps the spelling.
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `init` is not an object or `body` is neither
 * an object nor a string, or cannot be serialised as JSON; `ERR_MISSING_CREDENTIALS` when `accessKey` is not
 * a non-empty string; `ERR_UNSUPPORTED` in a runtime without Web Crypto. An invalid `init.headers` or
 * `init.status` rejects with the TypeError or RangeError of `Headers`/`Response`.
 * @example
 * ```ts
 * return signedResponse({ resultCode: '000000', resultMsg: 'success' }, accessKey);
 * ```
 */
export async function signedResponse(body: object | string, accessKey: string, init?: ResponseInit): Promise<Response> {
  init = optionsObject(init, 'init');
  const prepared = await prepareSignedResponse(body, accessKey);
  const headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('Content-Type', prepared.headers['Content-Type']);
  headers.set(BODY_SIGN_HEADER, prepared.headers['Body-Sign']);
  return new Response(prepared.bytes as unknown as BodyInit, { status: init.status ?? 200, statusText: init.statusText ?? '', headers });
}
