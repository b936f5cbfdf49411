// verifyNotification: check a call from KooGallery, whichever of the three schemes it uses
// (protocols.md 3.1, 3.2). Never throws on request input; only bad configuration throws.
import { timingSafeEqual } from '../crypto/compare.js';
import { SignerError, isSignerError, optionsObject } from '../errors.js';
import { requireAccessKey } from './args.js';
import { authToken } from './auth-token.js';
import { decodeBase64Param, decodeQuery, type DecodedQuery } from './form.js';
import { createNonceStore, type NonceStore } from './nonce-store.js';
import { headerSignature, requestSignature } from './request-signature.js';
import {
  RequestInputError,
  headerLookup,
  isFetchRequest,
  checkDeclaredLength,
  nodeRequestStream,
  readBodyInput,
  readRequestBody,
  type NotificationRequestInit,
} from './request-input.js';
import { parseEpochTimestamp, parseLegacyTimeStamp } from './timestamp.js';

/**
 * How a call was signed: `header-signature` (x-sign, x-timestamp, x-nonce headers), `url-signature`
 * (signature, timestamp, nonce query parameters) or `auth-token` (the legacy authToken query parameter).
 */
export type NotificationScheme = 'header-signature' | 'url-signature' | 'auth-token';

/** Every scheme, in the order verifyNotification looks for them. */
export const NOTIFICATION_SCHEMES: readonly NotificationScheme[] = ['header-signature', 'url-signature', 'auth-token'];

/** Why a call was refused. Stable strings: match on them, not on `message`. */
export type VerifyFailureReason =
  | 'bad-request'
  | 'body-too-large'
  | 'headers-too-large'
  | 'missing-signature'
  | 'scheme-not-allowed'
  | 'missing-parameter'
  | 'bad-timestamp'
  | 'stale-timestamp'
  | 'future-timestamp'
  | 'bad-signature'
  | 'replayed-nonce'
  | 'nonce-store-full'
  | 'nonce-store-unavailable'
  | 'nonce-store-error';

/** A verified call. */
export interface VerifySuccess {
  ok: true;
  scheme: NotificationScheme;
  /** The query parameters, form-decoded (first value per name), signature parameters included. */
  params: Record<string, string>;
  /** The raw body bytes that were verified (parse these, not a re-read stream). */
  body: Uint8Array;
  /** The call's time in UNIX milliseconds, when the scheme's timestamp was checked. */
  timestamp?: number;
  /** The nonce recorded in the nonce store (signature schemes). */
  nonce?: string;
}

/** A refused call. `message` is for logs: it never contains the accessKey or an expected signature. */
export interface VerifyFailure {
  ok: false;
  reason: VerifyFailureReason;
  message: string;
  /** The scheme the call used, once known. */
  scheme?: NotificationScheme;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

/** Options of {@link verifyNotification}. */
export interface VerifyOptions {
  /** Largest accepted |now - timestamp| in seconds for the signature schemes (default 60). */
  maxSkewSeconds?: number;
  /** The current time (a Date or UNIX milliseconds); default: the clock. */
  now?: Date | number;
  /**
   * Where nonces are remembered. Default: a process-wide in-memory store (TTL 2 × maxSkewSeconds).
   * Pass your own (e.g. Redis-backed) when several instances serve the endpoint; `false` turns the
   * replay check off (only if something else refuses replays).
   */
  nonceStore?: NonceStore | false;
  /** Largest accepted body in bytes (default 12 MiB); larger is `body-too-large`, read no further. */
  maxBodyBytes?: number;
  /** Largest accepted header section, names and values (default 64 KiB); larger is `headers-too-large`. */
  maxHeaderBytes?: number;
  /** The schemes to accept (default all three). Drop `auth-token` once KooGallery signs your calls. */
  schemes?: readonly NotificationScheme[];
  /**
   * Opt-in time check for the legacy authToken: the UTC offset, in minutes, of its yyyyMMddHHmmssSSS
   * `timeStamp` (480 for UTC+8). Undocumented by KooGallery and never checked by its sample, so off by default.
   */
  authTokenUtcOffsetMinutes?: number;
}

const DEFAULT_SKEW_SECONDS = 60;
const DEFAULT_MAX_BODY = 12 * 1024 * 1024;
const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
const MAX_NONCE_LENGTH = 512;

// One default store per TTL, shared by calls that bring none.
const defaultStores = /* @__PURE__ */ new Map<number, NonceStore>();
function defaultStore(ttlSeconds: number): NonceStore {
  let store = defaultStores.get(ttlSeconds);
  if (!store) {
    store = createNonceStore({ ttlSeconds, maxEntries: 100_000 });
    defaultStores.set(ttlSeconds, store);
  }
  return store;
}

interface Settings {
  skewMs: number;
  now: number;
  store: NonceStore | false;
  maxBody: number;
  maxHeaderBytes: number;
  schemes: ReadonlySet<NotificationScheme>;
  legacyOffset: number | undefined;
}

function settingsOf(options: VerifyOptions | undefined): Settings {
  const o = optionsObject(options);
  const skew = o.maxSkewSeconds ?? DEFAULT_SKEW_SECONDS;
  if (typeof skew !== 'number' || !Number.isFinite(skew) || skew < 0) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'maxSkewSeconds must be a non-negative number');
  }
  const maxBody = o.maxBodyBytes ?? DEFAULT_MAX_BODY;
  if (typeof maxBody !== 'number' || !(maxBody >= 0)) throw new SignerError('ERR_INVALID_ARGUMENT', 'maxBodyBytes must be a non-negative number');
  const maxHeaderBytes = o.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  if (typeof maxHeaderBytes !== 'number' || !(maxHeaderBytes >= 0)) throw new SignerError('ERR_INVALID_ARGUMENT', 'maxHeaderBytes must be a non-negative number');
  const now = o.now === undefined ? Date.now() : o.now instanceof Date ? o.now.getTime() : o.now;
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new SignerError('ERR_INVALID_ARGUMENT', 'now must be a Date or UNIX milliseconds');
  if (o.schemes !== undefined && !Array.isArray(o.schemes)) throw new SignerError('ERR_INVALID_ARGUMENT', 'schemes must be an array of scheme names');
  const schemes = new Set(o.schemes ?? NOTIFICATION_SCHEMES);
  for (const s of schemes) {
    if (!NOTIFICATION_SCHEMES.includes(s)) throw new SignerError('ERR_INVALID_ARGUMENT', `unknown scheme '${String(s)}'`);
  }
  const legacyOffset = o.authTokenUtcOffsetMinutes;
  if (legacyOffset !== undefined && (typeof legacyOffset !== 'number' || !Number.isInteger(legacyOffset) || Math.abs(legacyOffset) > 18 * 60)) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'authTokenUtcOffsetMinutes must be an integer between -1080 and 1080');
  }
  let store: NonceStore | false;
  if (o.nonceStore === false) store = false;
  else if (o.nonceStore === undefined) store = defaultStore(Math.max(1, Math.ceil(2 * skew)));
  else if (typeof o.nonceStore?.checkAndSet === 'function') store = o.nonceStore;
  else throw new SignerError('ERR_INVALID_ARGUMENT', 'nonceStore must have a checkAndSet(nonce) method, or be false');
  return { skewMs: skew * 1000, now, store, maxBody, maxHeaderBytes, schemes, legacyOffset };
}

class Refusal extends Error {
  constructor(
    readonly reason: VerifyFailureReason,
    message: string,
  ) {
    super(message);
  }
}

function present(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new Refusal('missing-parameter', `'${name}' is missing or empty`);
  return value;
}

function checkWindow(ts: number, s: Settings): void {
  if (ts < s.now - s.skewMs) throw new Refusal('stale-timestamp', `timestamp is ${Math.round((s.now - ts) / 1000)} s old (limit ${s.skewMs / 1000} s)`);
  if (ts > s.now + s.skewMs) throw new Refusal('future-timestamp', `timestamp is ${Math.round((ts - s.now) / 1000)} s ahead (limit ${s.skewMs / 1000} s)`);
}

function epochOf(text: string, name: string): number {
  const ts = parseEpochTimestamp(text);
  if (ts === null) throw new Refusal('bad-timestamp', `'${name}' must be UNIX seconds or milliseconds`);
  return ts;
}

/** Hex signatures: the docs show both cases, so compare lower-case. */
function sameHex(received: string, expected: string): boolean {
  return timingSafeEqual(received.toLowerCase(), expected);
}

async function recordNonce(nonce: string, s: Settings): Promise<void> {
  if (nonce.length > MAX_NONCE_LENGTH) throw new Refusal('bad-request', `nonce is longer than ${MAX_NONCE_LENGTH} characters`);
  if (s.store === false) return;
  let first: boolean;
  try {
    first = await s.store.checkAndSet(nonce);
  } catch (e) {
    if (isSignerError(e, 'ERR_NONCE_STORE_FULL')) throw new Refusal('nonce-store-full', 'the nonce store is full; the call cannot be checked for replay');
    // Redis down or too slow (createRedisNonceStore): refused, never let through unchecked.
    if (isSignerError(e, 'ERR_NONCE_STORE_UNAVAILABLE')) throw new Refusal('nonce-store-unavailable', 'the nonce store is unavailable (failed or too slow); the call cannot be checked for replay');
    throw new Refusal('nonce-store-error', 'the nonce store failed; the call cannot be checked for replay');
  }
  if (first !== true) throw new Refusal('replayed-nonce', 'this nonce was seen before (replayed call)');
}

function pickScheme(query: DecodedQuery, header: (n: string) => string | undefined): NotificationScheme | undefined {
  if (header('x-sign') !== undefined) return 'header-signature';
  if (query.params.has('signature')) return 'url-signature';
  if (query.params.has('authToken')) return 'auth-token';
  return undefined;
}

async function run(request: Request | NotificationRequestInit, accessKey: string, s: Settings, setScheme: (x: NotificationScheme) => void): Promise<VerifySuccess> {
  if (request === null || typeof request !== 'object') throw new Refusal('bad-request', 'request must be a fetch Request or { url, headers, body }');
  const fetchRequest = isFetchRequest(request) ? request : undefined;
  const init = request as NotificationRequestInit;
  const url = fetchRequest ? fetchRequest.url : init.url;
  if (typeof url !== 'string') throw new Refusal('bad-request', 'request url must be a string');

  let query: DecodedQuery;
  let header: (name: string) => string | undefined;
  try {
    query = decodeQuery(url);
    header = headerLookup(fetchRequest ? fetchRequest.headers : init.headers, s.maxHeaderBytes);
  } catch (e) {
    if (e instanceof RequestInputError) throw e;
    throw new Refusal('bad-request', e instanceof Error ? e.message : 'malformed request');
  }

  const scheme = pickScheme(query, header);
  if (scheme === undefined) {
    throw new Refusal('missing-signature', 'no x-sign header, no signature parameter and no authToken parameter');
  }
  setScheme(scheme);
  if (!s.schemes.has(scheme)) throw new Refusal('scheme-not-allowed', `the '${scheme}' scheme is not accepted here`);

  let body: Uint8Array;
  if (fetchRequest) body = await readRequestBody(fetchRequest, s.maxBody);
  else {
    checkDeclaredLength(header('content-length'), s.maxBody);
    // No body property: node:http's request itself is the body stream.
    body = await readBodyInput(init.body !== undefined ? init.body : nodeRequestStream(request), s.maxBody);
  }
  const params = Object.fromEntries(query.params);

  if (scheme === 'auth-token') {
    const token = decodeBase64Param(query.raw.get('authToken')!);
    present(token, 'authToken');
    const timeStamp = present(query.params.get('timeStamp'), 'timeStamp');
    let timestamp: number | undefined;
    if (s.legacyOffset !== undefined) {
      const ts = parseLegacyTimeStamp(timeStamp, s.legacyOffset);
      if (ts === null) throw new Refusal('bad-timestamp', "'timeStamp' must be yyyyMMddHHmmssSSS");
      checkWindow(ts, s);
      timestamp = ts;
    }
    const expected = await authToken(params, accessKey);
    if (!timingSafeEqual(token, expected)) throw new Refusal('bad-signature', 'authToken does not match the parameters');
    return timestamp === undefined ? { ok: true, scheme, params, body } : { ok: true, scheme, params, body, timestamp };
  }

  const fromHeaders = scheme === 'header-signature';
  const names = fromHeaders ? ['x-sign', 'x-timestamp', 'x-nonce'] : ['signature', 'timestamp', 'nonce'];
  const get = fromHeaders ? header : (n: string) => query.params.get(n);
  const signature = present(get(names[0]!), names[0]!);
  const timestampText = present(get(names[1]!), names[1]!);
  const nonce = present(get(names[2]!), names[2]!);
  const timestamp = epochOf(timestampText, names[1]!);
  checkWindow(timestamp, s);
  const input = { accessKey, nonce, timestamp: timestampText, body };
  const expected = fromHeaders ? await headerSignature(input) : await requestSignature(input);
  if (!sameHex(signature, expected)) throw new Refusal('bad-signature', `${names[0]} does not match the body, nonce and timestamp`);
  // Only calls with a valid signature reach the store: nobody else can fill it or burn a nonce.
  await recordNonce(nonce, s);
  return { ok: true, scheme, params, body, timestamp, nonce };
}

/**
 * Verify a call from KooGallery. `request` is a fetch `Request` (read from a clone, so you can still
 * read it) or `{ url, headers, body }` with the RAW body bytes. The scheme is recognised from the call:
 * an `x-sign` header, else a `signature` query parameter, else an `authToken` query parameter.
 *
 * Signature schemes: the timestamp (seconds or milliseconds) must be within `maxSkewSeconds` of now,
 * the signature must match (constant-time, hex in either case), then the nonce must be new to the
 * `nonceStore`. Legacy authToken: parameters are form-decoded like a servlet does, the token itself
 * keeps its `+`; its timeStamp is only checked with `authTokenUtcOffsetMinutes`.
 *
 * Resolves `{ ok: true, scheme, params, body, … }` or `{ ok: false, reason, message }`; it never
 * throws on request input (only on bad options or an empty accessKey).
 *
 * @example
 * ```ts
 * const result = await verifyNotification(request, accessKey, { nonceStore });
 * if (!result.ok) console.warn(result.reason, result.message);
 * ```
 */
export async function verifyNotification(
  request: Request | NotificationRequestInit,
  accessKey: string,
  options?: VerifyOptions,
): Promise<VerifyResult> {
  requireAccessKey(accessKey);
  const s = settingsOf(options);
  let scheme: NotificationScheme | undefined;
  try {
    return await run(request, accessKey, s, (x) => (scheme = x));
  } catch (e) {
    const reason: VerifyFailureReason = e instanceof Refusal || e instanceof RequestInputError ? e.reason : 'bad-request';
    const message = e instanceof Refusal || e instanceof RequestInputError ? e.message : 'malformed request';
    return scheme === undefined ? { ok: false, reason, message } : { ok: false, reason, message, scheme };
  }
}
