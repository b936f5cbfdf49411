// A fetch that signs every call with APIG's AK/SK signature, sends exactly what it signed, and heals
// clock skew once per call. It never retries a bad signature: APIG locks an AK/SK after five failures.
import { SignerError, optionsObject } from '../errors.js';
import type { AlgorithmName, SignatureSuite } from './algorithms.js';
import { resolveCredentials, type CredentialsProvider } from './credentials.js';
import { parseSdkDate } from './sdk-date.js';
import { signRequest } from './sign.js';
import type { SignOptions } from './types.js';

/** Bodies larger than this (12 MiB, APIG's signed-body limit) are sent with UNSIGNED-PAYLOAD. */
export const MAX_SIGNED_BODY_BYTES = 12 * 1024 * 1024;

/** Options of {@link createSignedFetch}. */
export interface SignedFetchOptions {
  /** `SDK-HMAC-SHA256` (default), `SDK-HMAC-SM3`, `V11-HMAC-SHA256` (with `region` and `service`) or a suite. */
  algorithm?: AlgorithmName | SignatureSuite;
  /**
   * The fetch to send with (default: `globalThis.fetch` at call time). It receives one signed `Request`
   * per hop, with `redirect: 'manual'`, and must honour that: a fetch that followed the redirect itself
   * would send the signed headers wherever it points (such an answer is refused with `ERR_UNSUPPORTED`).
   */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * `auto` (default): on an APIG `signature expired` answer, learn the gateway's clock, re-sign and retry
   * once, and sign later calls with the corrected clock. `off`: never retry.
   */
  clockSkew?: 'auto' | 'off';
  /** Sign every body as UNSIGNED-PAYLOAD (bodies over {@link MAX_SIGNED_BODY_BYTES} always are). */
  unsignedPayload?: boolean;
  /** Which headers to sign (see `SignOptions.headerRule`; default: all). */
  headerRule?: SignOptions['headerRule'];
  /** V11 only: the region id of the credential scope. */
  region?: string;
  /** V11 only: the service name of the credential scope. */
  service?: string;
}

/** A fetch that signs: fetch's signature, plus the clock offsets it has learned. */
export interface SignedFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /**
   * Gateway clock minus local clock, in milliseconds, learned per origin (`https://host[:port]`) from that
   * origin's own `signature expired` answers. Writable: values saved from an earlier run can be restored.
   */
  clockOffsets: Map<string, number>;
  /**
   * The offset used for an origin with no entry in `clockOffsets` (default 0). Writable; never changed
   * by the fetch itself.
   */
  clockOffsetMs: number;
}

/** Learned clock offsets larger than this (24 hours) are ignored: no gateway clock is that far off. */
export const MAX_CLOCK_OFFSET_MS = 24 * 60 * 60 * 1000;

const MAX_ERROR_BODY = 64 * 1024;
const MAX_REDIRECTS = 20;

async function readPrefix(response: Response, max: number): Promise<string | undefined> {
  if (Number(response.headers.get('content-length')) > max) return undefined;
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    total += value.byteLength;
    if (total > max) {
      // Not awaited: a cloned branch's cancel settles only once the other branch is done too.
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

// APIG's expired answer is exactly this message (after its code's prefix), with both times. APIG echoes
// request header values inside other messages (`verify signature fail, canonicalRequest:…`), so a
// search for the words anywhere would let a header value turn a bad signature into a retry.
const EXPIRED_MESSAGE =
  /^(?:Incorrect (?:app|IAM) authentication information: )?signature expired, signature time: ?(\d{8}T\d{6}Z), ?server time: ?(\d{8}T\d{6}Z)$/;
const EXPIRED_CODES = new Set(['APIG.0301', 'APIG.0303']);

/**
 * The gateway's clock (epoch ms) if `response` is APIG's own `signature expired` answer to a request
 * signed with `sentSdkDate`: a 401 whose JSON body has `error_code` APIG.0301 or APIG.0303 and an
 * `error_msg` that is the expired message (`…signature expired, signature time:<sentSdkDate>,server
 * time:<time>`); `undefined` for any other response. Only a 401's body is read (other answers go back to
 * the caller at once), and never more than 64 KiB of it.
 *
 * @example
 * ```ts
 * const serverTime = await expiredServerTime(response, '20230527T000431Z'); // 1685152968000 or undefined
 * ```
 */
export async function expiredServerTime(response: Response, sentSdkDate?: string): Promise<number | undefined> {
  if (response.status !== 401) return undefined;
  let text: string | undefined;
  try {
    text = await readPrefix(response.clone(), MAX_ERROR_BODY);
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  let json: { error_msg?: unknown; error_code?: unknown } | null;
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return undefined;
  }
  if (!json || typeof json.error_msg !== 'string' || typeof json.error_code !== 'string' || !EXPIRED_CODES.has(json.error_code)) return undefined;
  const m = EXPIRED_MESSAGE.exec(json.error_msg);
  // The answer must be about the request we sent: its signature time is our X-Sdk-Date.
  if (!m || (sentSdkDate !== undefined && m[1] !== sentSdkDate)) return undefined;
  try {
    return parseSdkDate(m[2]!).getTime();
  } catch {
    return undefined;
  }
}

/** `work`, or the signal's reason as soon as it aborts: fetch rejects that way, whatever it is doing. */
function abortable<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  let stop = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', stop));
}

// What a signature adds, the temporary credentials and ids of the v3 SDKs, and what fetch itself drops
// on a cross-origin redirect (cookie, proxy-authorization): never sent to another origin.
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-sdk-date',
  'x-sdk-content-sha256',
  'x-sdk-content-sm3',
  'x-security-token',
  'x-project-id',
  'x-domain-id',
]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Dropped with the body when a redirect turns the request into a GET (the fetch standard's list).
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

function isStream(body: unknown): boolean {
  return typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
}

/**
 * Create a `fetch` that signs every call with APIG's AK/SK signature (`SDK-HMAC-SHA256` by default), for
 * Huawei Cloud service APIs (ECS, VPC, IAM...) and APIG APIs with App authentication.
 *
 * - Same signature as fetch: a URL or a `Request`, plus init. The body (string, bytes, `ArrayBuffer`,
 *   `Blob`, `URLSearchParams`, `FormData`, stream) is read once into bytes, signed and sent as those bytes,
 *   with the Content-Type fetch would have generated; the URL sent is the one signed. Bodies over 12 MiB
 *   are signed with UNSIGNED-PAYLOAD.
 * - `credentials` may be a function (sync or async), called once per request: temporary credentials
 *   can be refreshed. `securityToken`, `projectId` and `domainId` are sent as signed headers.
 * - Clock skew (`clockSkew: 'auto'`, default): when the gateway answers with its own `signature expired`
 *   error for the request just sent (APIG.0301/0303, the message with that request's signature time and
 *   the server time), the offset is learned for that origin (in `clockOffsets`; offsets over 24 hours are
 *   ignored), the request re-signed and sent once more; later calls to that origin sign with the
 *   corrected clock. Nothing else is ever retried: above all not `verify signature fail`, since APIG locks
 *   an AK/SK for five minutes after five failed authentications. A request that carries its own
 *   `X-Sdk-Date` is not retried (the retry would be identical).
 * - Redirects (`redirect: 'follow'`, default) are followed here, not by fetch: a hop to the same origin is
 *   signed again for its own URL; a hop to another origin is sent without `Authorization`, `X-Sdk-Date`,
 *   `X-Sdk-Content-*`, `X-Security-Token`, `X-Project-Id` and `X-Domain-Id`. Where the runtime hides a
 *   redirect's target (browsers), the call rejects with `ERR_UNSUPPORTED` instead of following it blind.
 * - As fetch: the caller's `AbortSignal` ends the call with its reason at any point, and a `Host` header
 *   is not sent (nor signed): the URL's host is.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` for bad options, `ERR_MISSING_CREDENTIALS` without
 * credentials. The returned fetch rejects as fetch does (a TypeError for a URL it cannot parse, a network
 * failure, too many redirects), with `ERR_UNSUPPORTED` for a redirect whose target the runtime hides, and
 * with your credentials provider's own errors.
 *
 * @example
 * ```ts
 * const hcFetch = createSignedFetch(credentialsFromEnv());
 * const res = await hcFetch(`https://vpc.cn-north-4.myhuaweicloud.com/v1/${projectId}/vpcs?limit=10`);
 * console.log((await res.json()).vpcs);
 * ```
 */
export function createSignedFetch(credentials: CredentialsProvider, options: SignedFetchOptions = {}): SignedFetch {
  options = optionsObject(options);
  const clockSkew = options.clockSkew ?? 'auto';
  if (clockSkew !== 'auto' && clockSkew !== 'off') {
    throw new SignerError('ERR_INVALID_ARGUMENT', "clockSkew must be 'auto' or 'off'");
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw new SignerError('ERR_INVALID_ARGUMENT', 'options.fetch must be a function');
  if (!credentials || (typeof credentials !== 'object' && typeof credentials !== 'function')) {
    throw new SignerError('ERR_MISSING_CREDENTIALS', 'createSignedFetch needs credentials or a function returning them');
  }

  const signedFetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // Node's Request needs duplex 'half' for a stream body; fetch users rarely know that.
    const requestInit = init && isStream(init.body) && !('duplex' in init) ? ({ ...init, duplex: 'half' } as RequestInit) : init;
    // The Request does what fetch would: normalizes the URL and generates Content-Type (multipart boundary,
    // urlencoded, text/plain) for the body. Reading it once gives the exact bytes to sign and send.
    const source = new Request(input, requestInit);
    // Headers first: Bun generates the body's Content-Type (the multipart boundary...) only when they are
    // first read, and not at all once the body has been consumed.
    const sourceHeaders = new Headers(source.headers);
    // fetch sends the URL's host whatever Host header it is given (browsers refuse one, Node ignores it):
    // the URL's host is what is signed and sent.
    sourceHeaders.delete('host');
    // The caller's signal stops everything before the request goes out too, as it stops fetch.
    const signal = source.signal;
    if (signal.aborted) throw signal.reason;
    const body = source.body === null ? null : new Uint8Array(await abortable(signal, source.arrayBuffer()));
    const creds = await abortable(signal, resolveCredentials(credentials));
    const origin = new URL(source.url).origin;

    // One hop: signed when it goes to the origin the caller asked for, sent without any credential
    // header once a redirect has led elsewhere.
    const hop = async (url: string, method: string, hopBody: Uint8Array | null, sign: boolean): Promise<{ response: Response; sdkDate?: string }> => {
      const headers = new Headers();
      let sdkDate: string | undefined;
      if (sign) {
        const offset = signedFetch.clockOffsets.get(origin) ?? signedFetch.clockOffsetMs;
        const signed = await signRequest({ method, url, headers: sourceHeaders, body: hopBody }, creds, {
          algorithm: options.algorithm,
          headerRule: options.headerRule,
          region: options.region,
          service: options.service,
          unsignedPayload: options.unsignedPayload === true || (hopBody !== null && hopBody.byteLength > MAX_SIGNED_BODY_BYTES),
          date: new Date(Date.now() + offset),
        });
        for (const [name, value] of Object.entries(signed.headers)) if (name.toLowerCase() !== 'host') headers.set(name, value);
        sdkDate = signed.sdkDate;
      } else {
        sourceHeaders.forEach((value, name) => {
          if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) headers.set(name, value);
        });
      }
      // Everything else (signal, credentials, keepalive...) comes from the caller's request; a Request
      // made with an init resets the referrer and its policy, so they are passed on by name. Redirects
      // come back to us ('manual'): fetch would forward the signed headers to wherever they point.
      const hopInit: RequestInit = {
        method,
        headers,
        body: hopBody as BodyInit | null,
        referrer: source.referrer,
        referrerPolicy: source.referrerPolicy,
        redirect: 'manual',
      };
      // A redirect's target gets a fresh Request carrying the caller's settings (a Request cannot be
      // re-pointed at another URL).
      const sent =
        url === source.url
          ? new Request(source, hopInit)
          : new Request(url, { ...hopInit, signal: source.signal, credentials: source.credentials, cache: source.cache, keepalive: source.keepalive });
      const response = await (options.fetch ? options.fetch(sent) : globalThis.fetch(sent));
      return sdkDate === undefined ? { response } : { response, sdkDate };
    };

    // Redirects as fetch's 'follow' does them (method and body rules, 20 at most), each hop signed
    // again for its own target when it stays on the origin, unsigned when it leaves it.
    const send = async (): Promise<{ response: Response; sdkDate?: string }> => {
      let url = source.url;
      let method = source.method;
      let hopBody = body;
      // Sticky: a chain that left the origin is never signed again, or the foreign host could redirect
      // back to any path of its choosing and have it signed.
      let left = false;
      for (let redirects = 0; ; redirects++) {
        left ||= new URL(url).origin !== origin;
        const result = await hop(url, method, hopBody, !left);
        const { response } = result;
        if (response.redirected === true) {
          throw new SignerError('ERR_UNSUPPORTED', 'options.fetch followed a redirect itself: it must honour the request\'s redirect mode (manual)');
        }
        if (source.redirect === 'manual') return result;
        if (response.type === 'opaqueredirect') {
          // A browser hides the target: following it blind would send the credentials on.
          throw new SignerError('ERR_UNSUPPORTED', 'createSignedFetch cannot follow a redirect in this runtime (its target is hidden); use redirect: "manual"');
        }
        const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
        if (location === null) return result;
        if (source.redirect === 'error') throw new TypeError('fetch failed: redirect mode is "error"');
        if (redirects >= MAX_REDIRECTS) throw new TypeError('fetch failed: too many redirects');
        const next = new URL(location, url);
        if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new TypeError('fetch failed: redirect to a URL that is not HTTP(S)');
        if ((response.status === 303 && method !== 'GET' && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          hopBody = null;
          for (const name of BODY_HEADERS) sourceHeaders.delete(name);
        }
        response.body?.cancel().catch(() => undefined);
        url = next.href;
      }
    };

    const first = await send();
    if (clockSkew === 'off' || sourceHeaders.has('x-sdk-date') || first.sdkDate === undefined) return first.response;
    const serverTime = await abortable(signal, expiredServerTime(first.response, first.sdkDate));
    if (serverTime === undefined) return first.response;
    const offset = serverTime - Date.now();
    // An absurd clock (a Date in year 10000, decades off) is not learned: it would break every later call.
    if (!(Math.abs(offset) <= MAX_CLOCK_OFFSET_MS)) return first.response;
    signedFetch.clockOffsets.set(origin, offset);
    first.response.body?.cancel().catch(() => undefined); // free the connection; not awaited (see readPrefix)
    return (await send()).response; // exactly once: whatever this answer is, it is returned as is
  }) as SignedFetch;
  signedFetch.clockOffsets = new Map();
  signedFetch.clockOffsetMs = 0;
  return signedFetch;
}
