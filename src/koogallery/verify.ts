// verifyNotification: check a call from KooGallery, whichever of its three schemes it uses. Never throws
// on request input; only bad configuration throws.
import { timingSafeEqual } from '../crypto/compare.js';
import { SignerError, optionsObject } from '../errors.js';
import { requireAccessKey } from './args.js';
import { authToken } from './auth-token.js';
import { decodeBase64Param, decodeQuery, type DecodedQuery } from './form.js';
import { createNonceStore, type NonceStore } from '../replay/memory-store.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_HEADER_BYTES } from '../request/input.js';
import { checkStoreLifetime } from '../replay/lifetime.js';
import { recordCall } from '../replay/record.js';
import { headerSignature, requestSignature } from './request-signature.js';
import { RequestInputError, headerLookup, requestParts, type NodeRequestLike, type NotificationRequestInit } from '../request/input.js';
import { parseEpochTimestamp, parseLegacyTimeStamp } from './timestamp.js';

/**
 * How a call was signed: `header-signature` (x-sign, x-timestamp, x-nonce headers), `url-signature`
 * (signature, timestamp, nonce query parameters) or `auth-token` (the legacy authToken query parameter).
 */
export type NotificationScheme = 'header-signature' | 'url-signature' | 'auth-token';

/** Every scheme, in the order verifyNotification looks for them. */
export const NOTIFICATION_SCHEMES: readonly NotificationScheme[] = ['header-signature', 'url-signature', 'auth-token'];

/** The schemes accepted by default: the two signature schemes (the legacy authToken is opt-in). */
export const DEFAULT_NOTIFICATION_SCHEMES: readonly NotificationScheme[] = ['header-signature', 'url-signature'];

/**
 * Why a call was refused. Stable strings: match on them, not on `message`. The names are shared with
 * APIG's `verifyRequest` where the failure is the same.
 */
export type VerifyFailureReason =
  | 'bad-request'
  | 'body-too-large'
  | 'headers-too-large'
  | 'missing-signature'
  | 'scheme-not-allowed'
  | 'missing-parameter'
  | 'bad-timestamp'
  | 'expired'
  | 'signature-mismatch'
  | 'replayed'
  | 'replay-store-full'
  | 'replay-store-unavailable';

/** A verified call. */
export interface VerifySuccess {
  ok: true;
  scheme: NotificationScheme;
  /**
   * The raw body bytes that were verified (parse these, not a re-read stream). Absent for `auth-token`,
   * whose token does not cover the body: its bytes are in `unsignedBody`.
   */
  body?: Uint8Array;
  /** `auth-token` only: the body as received. NOT verified: the token covers the query alone. */
  unsignedBody?: Uint8Array;
  /**
   * `auth-token` only: the query parameters the token covers, form-decoded (first value per name),
   * `authToken` itself left out.
   */
  params?: Record<string, string>;
  /**
   * Signature schemes only: every other query parameter, form-decoded (first value per name). NOT
   * verified: the signature covers the body, timestamp and nonce, and anyone can add to the query.
   */
  unsignedParams?: Record<string, string>;
  /** The call's time in UNIX milliseconds (the signature schemes' timestamp, or authToken's timeStamp). */
  timestamp?: number;
  /** The call's nonce (signature schemes). */
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
   * Where verified calls are remembered to refuse replays. Default: a process-wide in-memory store (TTL
   * 2 × maxSkewSeconds). Pass your own (e.g. `createRedisNonceStore`) when several instances serve the
   * endpoint; `false` turns the replay check off (only if something else refuses replays). It receives
   * two keys per signed call, `nonce:<nonce>` and `signature:<lower-case hex>` (a call is a replay when
   * either was seen), and `authToken:<token>` for a legacy call.
   */
  nonceStore?: NonceStore | false;
  /** Largest accepted body in bytes (default 12 MiB); larger is `body-too-large`, read no further. */
  maxBodyBytes?: number;
  /** Largest accepted header section, names and values (default 64 KiB); larger is `headers-too-large`. */
  maxHeaderBytes?: number;
  /**
   * The schemes to accept (default: `header-signature` and `url-signature`). Add `auth-token` only for
   * products still on the legacy V1 interfaces: its token travels in the URL (access logs, proxies).
   */
  schemes?: readonly NotificationScheme[];
  /**
   * The UTC offset, in minutes, of the legacy authToken's yyyyMMddHHmmssSSS `timeStamp` (default 0: the
   * V1 basic interfaces send UTC; V1 kit bodies use UTC+8, 480). The timeStamp must fall within
   * `maxSkewSeconds` of now.
   */
  authTokenUtcOffsetMinutes?: number;
}

const DEFAULT_SKEW_SECONDS = 60;
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
  /** The clock, when `now` was not given: read again just before a call is recorded. */
  clock: (() => number) | undefined;
  store: NonceStore | false;
  maxBody: number;
  maxHeaderBytes: number;
  schemes: ReadonlySet<NotificationScheme>;
  legacyOffset: number;
}

function settingsOf(options: VerifyOptions | undefined): Settings {
  const o = optionsObject(options);
  const skew = o.maxSkewSeconds ?? DEFAULT_SKEW_SECONDS;
  if (typeof skew !== 'number' || !Number.isFinite(skew) || skew < 0) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'maxSkewSeconds must be a non-negative number');
  }
  const maxBody = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (typeof maxBody !== 'number' || !(maxBody >= 0)) throw new SignerError('ERR_INVALID_ARGUMENT', 'maxBodyBytes must be a non-negative number');
  const maxHeaderBytes = o.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  if (typeof maxHeaderBytes !== 'number' || !(maxHeaderBytes >= 0)) throw new SignerError('ERR_INVALID_ARGUMENT', 'maxHeaderBytes must be a non-negative number');
  const now = o.now === undefined ? Date.now() : o.now instanceof Date ? o.now.getTime() : o.now;
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new SignerError('ERR_INVALID_ARGUMENT', 'now must be a Date or UNIX milliseconds');
  if (o.schemes !== undefined && !Array.isArray(o.schemes)) throw new SignerError('ERR_INVALID_ARGUMENT', 'schemes must be an array of scheme names');
  const schemes = new Set(o.schemes ?? DEFAULT_NOTIFICATION_SCHEMES);
  for (const s of schemes) {
    if (!NOTIFICATION_SCHEMES.includes(s)) throw new SignerError('ERR_INVALID_ARGUMENT', `unknown scheme '${String(s)}'`);
  }
  const legacyOffset = o.authTokenUtcOffsetMinutes ?? 0;
  if ((typeof legacyOffset !== 'number' || !Number.isInteger(legacyOffset) || Math.abs(legacyOffset) > 18 * 60)) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'authTokenUtcOffsetMinutes must be an integer between -1080 and 1080');
  }
  let store: NonceStore | false;
  if (o.nonceStore === false) store = false;
  else if (o.nonceStore === undefined) store = defaultStore(Math.max(1, Math.ceil(2 * skew)));
  else if (typeof o.nonceStore?.checkAndSet === 'function') store = o.nonceStore;
  else throw new SignerError('ERR_INVALID_ARGUMENT', 'nonceStore must have a checkAndSet(nonce) method, or be false');
  checkStoreLifetime(store, skew, 'nonceStore');
  return { skewMs: skew * 1000, now, clock: o.now === undefined ? Date.now : undefined, store, maxBody, maxHeaderBytes, schemes, legacyOffset };
}

class Refusal extends Error {
  constructor(
    readonly reason: VerifyFailureReason,
    message: string,
  ) {
    super(message);
  }
}

// What a request's own getters threw (even a revoked Proxy, on which instanceof itself throws) is
// bad-request; only our own refusals carry a reason.
function isRefusal(e: unknown): Refusal | RequestInputError | undefined {
  try {
    return e instanceof Refusal || e instanceof RequestInputError ? e : undefined;
  } catch {
    return undefined;
  }
}

function present(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new Refusal('missing-parameter', `'${name}' is missing or empty`);
  return value;
}

function checkWindow(ts: number, s: Settings): void {
  if (ts < s.now - s.skewMs) throw new Refusal('expired', `timestamp is ${Math.round((s.now - ts) / 1000)} s old (limit ${s.skewMs / 1000} s)`);
  if (ts > s.now + s.skewMs) throw new Refusal('expired', `timestamp is ${Math.round((ts - s.now) / 1000)} s ahead (limit ${s.skewMs / 1000} s)`);
}

function epochOf(text: string, name: string): number {
  const ts = parseEpochTimestamp(text);
  if (ts === null) throw new Refusal('bad-timestamp', `'${name}' must be UNIX seconds (10 digits) or milliseconds (13 digits), without a leading zero`);
  return ts;
}

/** Hex signatures: the docs show both cases, so compare lower-case. */
function sameHex(received: string, expected: string): boolean {
  return timingSafeEqual(received.toLowerCase(), expected);
}

// Two entries per call: its nonce, and what was signed (the signature). accessKey + nonce + timestamp
// + body has no separators, so a character can move between fields while the signature stays: from the
// nonce into the timestamp (the signature entry catches it), or from the body into the timestamp (the
// nonce entry catches it). Canonical timestamps make most such moves fail anyway; this holds regardless.
async function record(keys: readonly string[], timestamp: number, s: Settings): Promise<void> {
  // The window again, on the clock of now: a body held back until the first call's entry expired would
  // otherwise pass on the clock read before it arrived.
  if (s.clock !== undefined) checkWindow(timestamp, { ...s, now: s.clock() });
  if (s.store === false) return;
  const refused = await recordCall(s.store, keys, 'call', 'this call was seen before (a replay)');
  if (refused) throw new Refusal(refused.reason, refused.message);
}

// The token signs the decoded pairs joined as name=value with '&': a decoded '&' (or '=' in a name) would
// let one parameter stand for two under the same token.
function checkAuthTokenParams(params: Map<string, string>): void {
  for (const [name, value] of params) {
    if (name.includes('&') || name.includes('=') || value.includes('&')) {
      throw new Refusal('bad-request', "a parameter holds a decoded '&' (or '=' in its name): the authToken cannot tell it from two parameters");
    }
  }
}

function pickScheme(query: DecodedQuery, header: (n: string) => string | undefined): NotificationScheme | undefined {
  if (header('x-sign') !== undefined) return 'header-signature';
  if (query.params.has('signature')) return 'url-signature';
  if (query.params.has('authToken')) return 'auth-token';
  return undefined;
}

async function run(request: Request | NotificationRequestInit | NodeRequestLike, accessKey: string, s: Settings, setScheme: (x: NotificationScheme) => void): Promise<VerifySuccess> {
  const parts = requestParts(request);
  if (typeof parts.url !== 'string') throw new Refusal('bad-request', 'request url must be a string');

  let query: DecodedQuery;
  let header: (name: string) => string | undefined;
  try {
    query = decodeQuery(parts.url);
    header = headerLookup(parts.headers, s.maxHeaderBytes);
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

  const body = await parts.body(s.maxBody);

  if (scheme === 'auth-token') {
    const token = decodeBase64Param(query.raw.get('authToken')!);
    present(token, 'authToken');
    const timeStamp = present(query.params.get('timeStamp'), 'timeStamp');
    const timestamp = parseLegacyTimeStamp(timeStamp, s.legacyOffset);
    if (timestamp === null) throw new Refusal('bad-timestamp', "'timeStamp' must be yyyyMMddHHmmssSSS");
    checkWindow(timestamp, s);
    checkAuthTokenParams(query.params);
    const params = Object.fromEntries(query.params);
    delete params.authToken;
    const expected = await authToken(params, accessKey);
    if (!timingSafeEqual(token, expected)) throw new Refusal('signature-mismatch', 'authToken does not match the parameters');
    await record(['authToken:' + expected], timestamp, s);
    return { ok: true, scheme, params, unsignedBody: body, timestamp };
  }

  const fromHeaders = scheme === 'header-signature';
  const names = fromHeaders ? ['x-sign', 'x-timestamp', 'x-nonce'] : ['signature', 'timestamp', 'nonce'];
  const get = fromHeaders ? header : (n: string) => query.params.get(n);
  const signature = present(get(names[0]!), names[0]!);
  const timestampText = present(get(names[1]!), names[1]!);
  const nonce = present(get(names[2]!), names[2]!);
  if (nonce.length > MAX_NONCE_LENGTH) throw new Refusal('bad-request', `nonce is longer than ${MAX_NONCE_LENGTH} characters`);
  const timestamp = epochOf(timestampText, names[1]!);
  checkWindow(timestamp, s);
  const input = { accessKey, nonce, timestamp: timestampText, body };
  const expected = fromHeaders ? await headerSignature(input) : await requestSignature(input);
  if (!sameHex(signature, expected)) throw new Refusal('signature-mismatch', `${names[0]} does not match the body, nonce and timestamp`);
  // Only calls with a valid signature reach the store: nobody else can fill it or burn an entry.
  await record(['nonce:' + nonce, 'signature:' + expected], timestamp, s);
  const unsignedParams = Object.fromEntries(query.params);
  if (!fromHeaders) for (const n of names) delete unsignedParams[n];
  return { ok: true, scheme, body, unsignedParams, timestamp, nonce };
}

/**
 * Verify a call from KooGallery. `request` is a fetch `Request` (read from a clone, so you can still
 * read it), a node:http request as it arrives (its stream is read), or `{ url, headers, body }` with the
 * RAW body bytes. The scheme is recognised from the call: an `x-sign` header, else a `signature` query
 * parameter, else an `authToken` query parameter.
 *
 * Signature schemes: the timestamp (10-digit seconds or 13-digit milliseconds, no leading zero) must be
 * within `maxSkewSeconds` of now, the signature must match (constant-time, hex in either case), then the
 * signature must be new to the `nonceStore`. The legacy authToken is refused unless `schemes` includes
 * `auth-token`; then its parameters are form-decoded like a servlet does (the token keeps its `+`), its
 * `timeStamp` must be within the window (see `authTokenUtcOffsetMinutes`) and a token is accepted once.
 *
 * Resolves `{ ok: true, scheme, body, … }` or `{ ok: false, reason, message }`: on success `body` is
 * what was verified; query parameters other than the signature's own are in `unsignedParams` (NOT
 * verified), except for authToken, whose `params` the token covers.
 *
 * @throws {SignerError} `ERR_MISSING_CREDENTIALS` for an empty or non-string accessKey, `ERR_INVALID_ARGUMENT`
 * for bad options; never for what the request holds.
 *
 * @example
 * ```ts
 * const result = await verifyNotification(request, accessKey, { nonceStore });
 * if (!result.ok) console.warn(result.reason, result.message);
 * ```
 */
export async function verifyNotification(
  request: Request | NotificationRequestInit | NodeRequestLike,
  accessKey: string,
  options?: VerifyOptions,
): Promise<VerifyResult> {
  requireAccessKey(accessKey);
  const s = settingsOf(options);
  let scheme: NotificationScheme | undefined;
  try {
    return await run(request, accessKey, s, (x) => (scheme = x));
  } catch (e) {
    const known = isRefusal(e);
    const reason: VerifyFailureReason = known ? known.reason : 'bad-request';
    const message = known ? known.message : 'malformed request';
    return scheme === undefined ? { ok: false, reason, message } : { ok: false, reason, message, scheme };
  }
}
