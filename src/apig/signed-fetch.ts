// A fetch that signs every call with APIG's AK/SK signature, sends exactly what it signed, and heals
// clock skew once per call. It never retries a bad signature: APIG locks an AK/SK after five failures.
import { SignerError, optionsObject } from '../errors.js';
import type { AlgorithmName, SignatureSuite } from './algorithms.js';
import { resolveCredentials, type CredentialsProvider } from './credentials.js';
import { parseSdkDate } from './sdk-date.js';
import { signRequest } from './sign.js';
import type { SignOptions } from './types.js';

/** Bodies larger than this (12 MiB, APIG's limit for signed bodies, seed 002) are sent with UNSIGNED-PAYLOAD. */
export const MAX_SIGNED_BODY_BYTES = 12 * 1024 * 1024;

/** Options of {@link createSignedFetch}. */
export interface SignedFetchOptions {
  /** `SDK-HMAC-SHA256` (default), `SDK-HMAC-SM3`, `V11-HMAC-SHA256` (with `region` and `service`) or a suite. */
  algorithm?: AlgorithmName | SignatureSuite;
  /** The fetch to send with (default: `globalThis.fetch` at call time). It receives one signed `Request`. */
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

/** A fetch that signs: fetch's signature, plus the clock offset it has learned. */
export interface SignedFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /**
   * Gateway clock minus local clock, in milliseconds (0 until a `signature expired` answer teaches it).
   * Writable: a value saved from an earlier run can be restored.
   */
  clockOffsetMs: number;
}

const MAX_ERROR_BODY = 64 * 1024;

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

/**
 * The gateway's clock (epoch ms) if `response` is APIG's `signature expired` answer (a 401 with
 * `error_code` APIG.0303/0301 and `signature expired, signature time:...,server time:...`), from the
 * message or else the Date header; `undefined` for any other response. Only a 401's body is read (other
 * answers go back to the caller at once), and only APIG's: a backend's own "JWT signature expired" is not
 * a reason to send the request again.
 */
export async function expiredServerTime(response: Response): Promise<number | undefined> {
  if (response.status !== 401) return undefined;
  let text: string | undefined;
  try {
    text = await readPrefix(response.clone(), MAX_ERROR_BODY);
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  let message: string | undefined;
  try {
    const json = JSON.parse(text) as { error_msg?: unknown; error_code?: unknown };
    if (json && typeof json.error_msg === 'string' && typeof json.error_code === 'string' && json.error_code.startsWith('APIG.')) message = json.error_msg;
  } catch {
    // Not JSON: only APIG's own wording, with the signature time, counts.
    if (/signature expired, signature time:/i.test(text)) message = text;
  }
  if (message === undefined || !/signature expired/i.test(message)) return undefined;
  const m = /server time:\s*(\d{8}T\d{6}Z)/i.exec(message);
  if (m) {
    try {
      return parseSdkDate(m[1]!).getTime();
    } catch {
      // fall through to the Date header
    }
  }
  const date = Date.parse(response.headers.get('date') ?? '');
  return Number.isNaN(date) ? undefined : date;
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
 * - Clock skew (`clockSkew: 'auto'`, default): when the gateway answers `signature expired ... server
 *   time:...`, the offset is learned (kept as `clockOffsetMs`), the request re-signed and sent once more;
 *   later calls sign with the corrected clock. Nothing else is ever retried: above all not `verify
 *   signature fail`, since APIG locks an AK/SK for five minutes after five failed authentications.
 *   A request that carries its own `X-Sdk-Date` is not retried (the retry would be identical).
 * - As fetch: the caller's `AbortSignal` ends the call with its reason at any point, and a `Host` header
 *   is not sent (nor signed): the URL's host is.
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

    const send = async (): Promise<Response> => {
      const signed = await signRequest({ method: source.method, url: source.url, headers: sourceHeaders, body }, creds, {
        algorithm: options.algorithm,
        headerRule: options.headerRule,
        region: options.region,
        service: options.service,
        unsignedPayload: options.unsignedPayload === true || (body !== null && body.byteLength > MAX_SIGNED_BODY_BYTES),
        date: new Date(Date.now() + signedFetch.clockOffsetMs),
      });
      const headers = new Headers();
      for (const [name, value] of Object.entries(signed.headers)) if (name.toLowerCase() !== 'host') headers.set(name, value);
      // Everything else (signal, redirect, credentials, keepalive...) comes from the caller's request; a
      // Request made with an init resets the referrer and its policy, so they are passed on by name.
      const request = new Request(source, { headers, body: body as BodyInit | null, referrer: source.referrer, referrerPolicy: source.referrerPolicy });
      return options.fetch ? options.fetch(request) : globalThis.fetch(request);
    };

    const response = await send();
    if (clockSkew === 'off' || sourceHeaders.has('x-sdk-date')) return response;
    const serverTime = await abortable(signal, expiredServerTime(response));
    if (serverTime === undefined) return response;
    signedFetch.clockOffsetMs = serverTime - Date.now();
    response.body?.cancel().catch(() => undefined); // free the connection; not awaited (see readPrefix)
    return send(); // exactly once: whatever this answer is, it is returned as is
  }) as SignedFetch;
  signedFetch.clockOffsetMs = 0;
  return signedFetch;
}
