import { addHeader, normalizeHeaders, sortHeaderNames } from '../canonical/headers.js';
import { splitUrl } from '../canonical/url.js';
import { SignerError, optionsObject } from '../errors.js';
import { bodyBytes } from './body.js';
import { formatSdkDate, sdkDateNow } from './sdk-date.js';
import { computeSignature, formatAuthorization, resolveSuite } from './signature.js';
import type { ApigRequest, Credentials, SignOptions, SignedRequest } from './types.js';

function checkCredentials(credentials: Credentials): void {
  if (!credentials || typeof credentials.key !== 'string' || typeof credentials.secret !== 'string' || !credentials.key || !credentials.secret) {
    throw new SignerError('ERR_MISSING_CREDENTIALS', 'credentials need a non-empty key and secret');
  }
  if (/[\s,]/.test(credentials.key)) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'the key must not contain spaces or commas');
  }
  // Most callers have none of the optional fields: named loads, no loop over field names.
  if (credentials.securityToken == null && credentials.projectId == null && credentials.domainId == null) return;
  for (const field of ['securityToken', 'projectId', 'domainId'] as const) {
    const value = credentials[field];
    // Header values: a CR, LF or NUL would split or break the request. Name the field, never the value.
    if (value !== undefined && value !== null && (typeof value !== 'string' || /[\r\n\0]/.test(value))) {
      throw new SignerError('ERR_INVALID_ARGUMENT', `credentials.${field} must be a string without line breaks`);
    }
  }
}

/**
 * Sign a request with APIG's `SDK-HMAC-SHA256` (App authentication or AK/SK), exactly as Huawei's
 * reference signer does: every header is signed, plus `host` when absent; `X-Sdk-Date` is added
 * unless the request already has one. `credentials.securityToken`, `projectId` and `domainId` are sent
 * and signed as `X-Security-Token`, `X-Project-Id` and `X-Domain-Id` (replacing headers of those names).
 *
 * @throws {SignerError} Rejects with `ERR_MISSING_CREDENTIALS` when `credentials` lacks a non-empty string
 * key or secret; `ERR_INVALID_ARGUMENT` when `options` is not an object, the request has no method or url
 * (string or URL), there is no host in the URL or the headers, the headers are not a record, `Headers` or
 * `[name, value]` pairs, the body is not a string or bytes, the key holds whitespace or a comma,
 * `securityToken`/`projectId`/`domainId` is not a string or holds a line break, `headerRule` is unknown, or
 * V11 lacks `region`/`service` (or its scope exceeds 1024 bytes); `ERR_BAD_DATE` when `options.date` is not a
 * valid Date (year 0000 to 9999); `ERR_UNSUPPORTED` for an unknown `algorithm` or in a runtime without Web
 * Crypto.
 * @example
 * ```ts
 * const signed = await signRequest(
 *   { method: 'GET', url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2',
 *     headers: { 'Content-Type': 'application/json' } },
 *   { key: process.env.APP_KEY!, secret: process.env.APP_SECRET! },
 * );
 * await fetch(url, { headers: signed.headers });
 * ```
 */
export async function signRequest(request: ApigRequest, credentials: Credentials, options: SignOptions = {}): Promise<SignedRequest> {
  options = optionsObject(options);
  checkCredentials(credentials);
  if (!request || typeof request.method !== 'string' || !request.method || (typeof request.url !== 'string' && !(request.url instanceof URL))) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'request needs a method and a url (string or URL)');
  }
  // Await only real Promises: on Node both answers are synchronous and each await costs a microtask turn.
  const resolved = resolveSuite(options.algorithm);
  const suite = resolved instanceof Promise ? await resolved : resolved;
  const target = splitUrl(request.url);
  // What goes out keeps the caller's spelling of each header name; ours are spelled as the SDKs send them.
  const spelling = new Map<string, string>();
  const headers = normalizeHeaders(request.headers, spelling);
  headers.delete('authorization');

  if (!headers.has('host')) {
    if (!target.host) throw new SignerError('ERR_INVALID_ARGUMENT', 'no host in the URL or the headers');
    addHeader(headers, spelling, 'host', 'Host', target.host);
  }
  // The optional credentials, sent and signed in the headers the v3 cores use. They win over a header of
  // the same name, as in the v3 cores (a refreshed token must be sent).
  const { securityToken, projectId, domainId } = credentials;
  if (securityToken) addHeader(headers, spelling, 'x-security-token', 'X-Security-Token', securityToken);
  if (projectId) addHeader(headers, spelling, 'x-project-id', 'X-Project-Id', projectId);
  if (domainId) addHeader(headers, spelling, 'x-domain-id', 'X-Domain-Id', domainId);
  let sdkDate = headers.get('x-sdk-date');
  if (sdkDate === undefined) addHeader(headers, spelling, 'x-sdk-date', 'X-Sdk-Date', (sdkDate = options.date == null ? sdkDateNow() : formatSdkDate(options.date)));
  if (options.unsignedPayload && !headers.has(suite.contentHashHeader)) {
    // x-sdk-content-sha256 -> X-Sdk-Content-Sha256 (any suite's header, spelled as the SDKs send it).
    const name = suite.contentHashHeader.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('-');
    addHeader(headers, spelling, suite.contentHashHeader, name, 'UNSIGNED-PAYLOAD');
  }

  let scope: string | undefined;
  if (suite.name === 'V11-HMAC-SHA256') {
    if (!options.region || !options.service) throw new SignerError('ERR_INVALID_ARGUMENT', 'V11 needs options.region and options.service');
    scope = `${sdkDate.slice(0, 8)}/${options.region}/${options.service}`;
  }

  const include = headerRule(options.headerRule);
  const names: string[] = [];
  // Always signed: X-Sdk-Date, and the content-hash header when there is one, since it then stands in for
  // the body's hash (a verifier must ignore it unsigned, or anyone could swap the body).
  for (const n of headers.keys()) if (include === undefined || n === 'x-sdk-date' || n === suite.contentHashHeader || include(n)) names.push(n);
  const signedHeaderList = sortHeaderNames(names, true);
  // Joined by hand: Array#join's generic path costs more than the signature's own string work.
  let signedHeaders = signedHeaderList[0] ?? '';
  for (let i = 1; i < signedHeaderList.length; i++) signedHeaders += ';' + signedHeaderList[i];
  const computed = computeSignature({
    method: request.method,
    path: target.path,
    query: target.query,
    headers,
    signedHeaders: signedHeaderList,
    signedHeadersText: signedHeaders,
    body: bodyBytes(request.body),
    suite,
    key: credentials.key,
    secret: credentials.secret,
    sdkDate,
    scope,
  });
  const { canonicalRequest, stringToSign, signature } = computed instanceof Promise ? await computed : computed;
  const authorization = formatAuthorization(suite.name, credentials.key, signedHeaders, signature, scope);
  const out: Record<string, string> = {};
  headers.forEach((value, lower) => {
    out[spelling.get(lower)!] = value;
  });
  out['Authorization'] = authorization;
  return { headers: out, authorization, sdkDate, signedHeaders, canonicalRequest, stringToSign, signature };
}

const v3Java = (n: string): boolean => n !== 'content-type' && !n.includes('_');
const v3Go = (n: string): boolean => n !== 'content-type' && n !== 'host' && !n.includes('_');

/**
 * Which headers are signed (undefined: all of them). `all` (default) is the reference rule; `v3-java` reproduces the Huawei Cloud
 * v3 Java core (no `content-type`, no names containing `_`); `v3-go` the v3 Go core (also no `host`).
 * APIG verifies whatever SignedHeaders lists, so every rule is accepted by the gateway.
 */
function headerRule(rule: SignOptions['headerRule']): ((lowerName: string) => boolean) | undefined {
  if (rule === undefined || rule === 'all') return undefined;
  if (rule === 'v3-java') return v3Java;
  if (rule === 'v3-go') return v3Go;
  if (typeof rule === 'function') return rule;
  throw new SignerError('ERR_INVALID_ARGUMENT', 'headerRule must be all, v3-java, v3-go or a function');
}

/**
 * Sign a fetch `Request` and return a signed copy with the same body. The signature covers the
 * request's URL as the runtime will send it (`request.url`), so the wire path and query are exactly
 * those that were signed.
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `request` is not a fetch Request, and with
 * the codes of {@link signRequest} for the credentials and options. A Request whose body was already read
 * rejects with fetch's own TypeError.
 * @example
 * ```ts
 * const req = await signFetchRequest(new Request('https://api.example.com/v1/items', { method: 'POST', body: '{}' }), creds);
 * const res = await fetch(req);
 * ```
 */
export async function signFetchRequest(request: Request, credentials: Credentials, options: SignOptions = {}): Promise<Request> {
  if (!request || typeof request.url !== 'string' || typeof request.clone !== 'function') {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'signFetchRequest needs a fetch Request');
  }
  const body = request.body === null ? null : new Uint8Array(await request.clone().arrayBuffer());
  const signed = await signRequest({ method: request.method, url: request.url, headers: request.headers, body }, credentials, options);
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(signed.headers)) {
    if (name.toLowerCase() === 'host') continue; // fetch derives Host from the URL, which is what we signed
    headers.set(name, value);
  }
  return new Request(request.url, {
    method: request.method,
    headers,
    body: body as BodyInit | null,
    redirect: request.redirect,
    signal: request.signal,
    credentials: request.credentials,
    cache: request.cache,
    mode: request.mode === 'navigate' ? 'same-origin' : request.mode,
    referrer: request.referrer,
    referrerPolicy: request.referrerPolicy,
    integrity: request.integrity,
    keepalive: request.keepalive,
  });
}
