// Explain an APIG authentication error by comparing the gateway's canonical request with ours.
import { SignerError } from '../errors.js';
import { parseSdkDate } from './sdk-date.js';
import type { SignedRequest } from './types.js';

/** One line of the canonical request, ours against the gateway's. */
export interface DiagnosisLine {
  part: 'method' | 'path' | 'query' | 'header' | 'signed-headers' | 'payload-hash';
  /** The header name, for `part: 'header'`. */
  name?: string;
  ours?: string;
  theirs?: string;
  match: boolean;
  hint?: string;
}

/** What `diagnose` concluded. */
export interface Diagnosis {
  kind: 'signature-mismatch' | 'secret-mismatch' | 'expired' | 'unknown-key' | 'locked' | 'unrecognized';
  errorCode?: string;
  summary: string;
  hints: string[];
  /** For `signature-mismatch` / `secret-mismatch`: every line compared. */
  lines?: DiagnosisLine[];
  /** For `expired`: server time minus signature time, in seconds (positive: the client clock is behind). */
  clockSkewSeconds?: number;
  signatureTime?: string;
  serverTime?: string;
}

const MAX_INPUT = 256 * 1024;

/** Pull `error_msg`/`error_code` out of an APIG JSON error, or take the text as it is. */
function readError(input: string): { message: string; code?: string } {
  const text = input.slice(0, MAX_INPUT).trim();
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const message = typeof json.error_msg === 'string' ? json.error_msg : typeof json.message === 'string' ? json.message : text;
      const code = typeof json.error_code === 'string' ? json.error_code : undefined;
      return code === undefined ? { message } : { message, code };
    } catch {
      /* not JSON after all: fall through */
    }
  }
  const m = /\b(APIG\.\d{4})\b/.exec(text);
  return m ? { message: text, code: m[1] } : { message: text };
}

function isHeaderLine(s: string): boolean {
  const colon = s.indexOf(':');
  if (colon <= 0) return false;
  for (let i = 0; i < colon; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46 || c === 126 || (c >= 65 && c <= 90);
    if (!ok) return false;
  }
  return true;
}

function isSignedHeaderList(s: string): boolean {
  return s.length > 0 && /^[A-Za-z0-9_.~;-]+$/.test(s);
}

/** `***` in the gateway's text masks part of a value: treat it as a wildcard. */
export function maskedEquals(theirs: string, ours: string): boolean {
  if (!theirs.includes('***')) return theirs === ours;
  const parts = theirs.split('***');
  if (!ours.startsWith(parts[0]!)) return false;
  let pos = parts[0]!.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const at = ours.indexOf(parts[i]!, pos);
    if (at < 0) return false;
    pos = at + parts[i]!.length;
  }
  const last = parts[parts.length - 1]!;
  return ours.length - last.length >= pos && ours.endsWith(last);
}

interface Parsed {
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  signedHeaders: string;
  payloadHash: string;
}

/**
 * Parse the gateway's `canonicalRequest:` text, where `|` stands for a newline. Empty lines may be
 * collapsed (the published FAQ shows `GET|/test/|host:...`), and a header value may itself contain `|`,
 * so lines are classified by shape, not by position. Anything else is `null`.
 *
 * @throws Nothing: a value that is not a string, or text that does not parse, gives `null`.
 * @example
 * parseGatewayCanonicalRequest('GET|/test/||host:a.com|x-sdk-date:20191115T033655Z||host;x-sdk-date|e3b0c442…b855')
 * // { method: 'GET', path: '/test/', query: '', headers: [['host', 'a.com'], ['x-sdk-date', '20191115T033655Z']],
 * //   signedHeaders: 'host;x-sdk-date', payloadHash: 'e3b0c442…b855' }
 */
export function parseGatewayCanonicalRequest(text: string): Parsed | null {
  if (typeof text !== 'string') return null;
  const parts = text.split('|');
  if (parts.length < 4) return null;
  const method = parts[0]!.trim();
  const path = parts[1]!;
  const payloadHash = parts[parts.length - 1]!.trim();
  let end = parts.length - 2;
  const signedHeaders = parts[end]!;
  if (!isSignedHeaderList(signedHeaders)) return null;
  end--;
  let i = 2;
  let query = '';
  if (i <= end && !isHeaderLine(parts[i]!)) {
    query = parts[i]!;
    i++;
  }
  const headers: [string, string][] = [];
  for (; i <= end; i++) {
    const p = parts[i]!;
    if (p === '' && i === end) break;
    if (isHeaderLine(p)) {
      const colon = p.indexOf(':');
      headers.push([p.slice(0, colon).toLowerCase(), p.slice(colon + 1)]);
    } else if (headers.length > 0) {
      headers[headers.length - 1]![1] += '|' + p; // a value containing '|'
    } else if (p !== '') {
      return null;
    }
  }
  return { method, path, query, headers, signedHeaders, payloadHash };
}

function parseOurs(canonicalRequest: string): Parsed {
  const lines = canonicalRequest.split('\n');
  // Not what signRequest produced (it has at least six lines): compare it as an empty request.
  while (lines.length < 6) lines.push('');
  const payloadHash = lines[lines.length - 1]!;
  const signedHeaders = lines[lines.length - 2]!;
  const headers: [string, string][] = [];
  for (const l of lines.slice(3, lines.length - 3)) {
    const colon = l.indexOf(':');
    headers.push([l.slice(0, colon), l.slice(colon + 1)]);
  }
  return { method: lines[0]!, path: lines[1]!, query: lines[2]!, headers, signedHeaders, payloadHash };
}

const EMPTY_HASHES = ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b'];

// A loop, not /\/+$/: that regex backtracks quadratically on a long run of '/' not at the end.
function trimTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2f) end--;
  return s.slice(0, end);
}

/** A `.` or `..` segment, which fetch, browsers and most HTTP clients resolve before sending. */
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/;

function pathHint(ours: string, theirs: string): string {
  if (trimTrailingSlashes(ours) === trimTrailingSlashes(theirs)) return 'only the trailing slash differs: send the path exactly as signed';
  if (DOT_SEGMENT.test(ours) && !DOT_SEGMENT.test(theirs)) {
    return 'you signed "." or ".." segments that your HTTP client resolved before sending: sign new URL(url) (resolved as fetch resolves it) or use createSignedFetch';
  }
  if (theirs.toLowerCase() === ours.toLowerCase()) return 'the percent-encoding case differs: a proxy or HTTP client re-encoded the path';
  if (ours.includes('%2F') !== theirs.includes('%2F') || ours.split('/').length !== theirs.split('/').length) {
    return 'the path segments differ: %2F in a segment is decoded to a separator; check how your HTTP client and any proxy encode "/"';
  }
  if (theirs.endsWith(ours.slice(1)) || ours.endsWith(theirs.slice(1))) {
    return 'one path is a suffix of the other: a proxy or API base path added or stripped a prefix; sign the path the gateway receives';
  }
  return 'the gateway received a different path: check the encoding of spaces and non-ASCII characters, and whether a proxy rewrote the URL';
}

function queryHint(ours: string, theirs: string): string {
  if (ours.replace(/%2B/g, '%20') === theirs) return 'your "+" reached the gateway as a space: encode a literal "+" as %2B in the URL you send';
  if (ours === '' && theirs !== '') return 'the gateway received query parameters you did not sign';
  if (theirs === '' && ours !== '') return 'the gateway received no query string: your client or a proxy dropped it';
  const a = new Set(ours.split('&'));
  const b = new Set(theirs.split('&'));
  const missing = [...a].filter((x) => !b.has(x));
  const extra = [...b].filter((x) => !a.has(x));
  return `parameters differ (signed only: ${missing.join('&') || 'none'}; received only: ${extra.join('&') || 'none'}); check encoding of reserved characters`;
}

function headerHint(name: string, ours: string | undefined, theirs: string | undefined): string {
  if (ours === undefined) return `the gateway saw a signed header "${name}" that you did not sign`;
  if (theirs === undefined) return `you signed "${name}" but the gateway did not receive it: a proxy or your HTTP client dropped it`;
  if (name === 'host') return 'Host differs: a proxy or load balancer rewrote Host, or you signed another host (or port) than the one you call';
  if (name === 'x-sdk-date') return 'X-Sdk-Date differs: the header sent is not the one signed';
  if (name === 'content-type') return 'Content-Type differs: your HTTP client changed it after signing (for example added "; charset=UTF-8")';
  return `the value of "${name}" changed after signing (a proxy or the HTTP client rewrote it)`;
}

function compare(ours: Parsed, theirs: Parsed): DiagnosisLine[] {
  const lines: DiagnosisLine[] = [];
  const line = (part: DiagnosisLine['part'], o: string | undefined, t: string | undefined, hint: () => string, name?: string) => {
    const match = o !== undefined && t !== undefined && maskedEquals(t, o);
    const l: DiagnosisLine = { part, match };
    if (name !== undefined) l.name = name;
    if (o !== undefined) l.ours = o;
    if (t !== undefined) l.theirs = t;
    if (!match) l.hint = hint();
    lines.push(l);
  };
  line('method', ours.method, theirs.method, () => 'the HTTP method differs: a redirect (301/302) or a proxy changed it');
  line('path', ours.path, theirs.path, () => pathHint(ours.path, theirs.path));
  line('query', ours.query, theirs.query, () => queryHint(ours.query, theirs.query));
  const o = new Map(ours.headers);
  const t = new Map(theirs.headers);
  const names = [...new Set([...o.keys(), ...t.keys()])].sort();
  for (const name of names) line('header', o.get(name), t.get(name), () => headerHint(name, o.get(name), t.get(name)), name);
  line('signed-headers', ours.signedHeaders, theirs.signedHeaders, () => 'the signed-header lists differ: the Authorization header sent is not the one computed here');
  line('payload-hash', ours.payloadHash, theirs.payloadHash, () =>
    EMPTY_HASHES.some((h) => maskedEquals(theirs.payloadHash, h)) && !EMPTY_HASHES.includes(ours.payloadHash)
      ? 'the gateway received an empty body: your client dropped it (some clients drop bodies of GET/DELETE)'
      : 'the body changed after signing: re-serialised JSON, an added newline, another character encoding, or a compressed body; sign the exact bytes you send',
  );
  return lines;
}

function sdkDateSeconds(text: string): number | undefined {
  try {
    return parseSdkDate(text).getTime() / 1000;
  } catch {
    return undefined;
  }
}

/**
 * Explain an APIG authentication error (the error text or the JSON body of an APIG.0301/APIG.0303
 * answer) against the request you signed.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `signed` is given but is not an object, or its
 * `canonicalRequest` is not a string. `gatewayError` is read with `String()`: any text gives a diagnosis
 * (`kind: 'unrecognized'` when it is not an APIG error).
 * @example
 * ```ts
 * const res = await fetch(url, { headers: signed.headers });
 * if (res.status === 401) console.log(diagnose(await res.text(), signed));
 * ```
 */
export function diagnose(gatewayError: string, signed?: Pick<SignedRequest, 'canonicalRequest'> & Partial<SignedRequest>): Diagnosis {
  if (signed != null && (typeof signed !== 'object' || (signed.canonicalRequest != null && typeof signed.canonicalRequest !== 'string'))) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'signed must be what signRequest returned (its canonicalRequest a string)');
  }
  const { message, code } = readError(String(gatewayError ?? ''));
  const base = code === undefined ? {} : { errorCode: code };
  const lower = message.toLowerCase();

  const expired = /signature expired, signature time:\s*(\d{8}T\d{6}Z)\s*,\s*server time:\s*(\d{8}T\d{6}Z)/i.exec(message);
  if (expired) {
    const [, signatureTime, serverTime] = expired as unknown as [string, string, string];
    const a = sdkDateSeconds(signatureTime);
    const b = sdkDateSeconds(serverTime);
    const skew = a !== undefined && b !== undefined ? b - a : undefined;
    const d: Diagnosis = {
      ...base,
      kind: 'expired',
      summary: skew === undefined ? 'the signature time is outside the gateway\'s 15-minute window' : `the signature time is ${Math.abs(skew)} s ${skew > 0 ? 'behind' : 'ahead of'} the gateway's clock (allowed: 900 s)`,
      hints: ['fix the client clock (NTP), or sign with the server time: createSignedFetch does it for you', 'a retried request must be signed again with a fresh X-Sdk-Date'],
      signatureTime,
      serverTime,
    };
    if (skew !== undefined) d.clockSkewSeconds = skew;
    return d;
  }
  if (lower.includes('app not found') || lower.includes('get secretkey failed') || lower.includes('ak not exist')) {
    return { ...base, kind: 'unknown-key', summary: 'the gateway does not know this key', hints: ['check the AppKey (App authentication) or the AK (IAM authentication): it is wrong, deleted, or belongs to another region or gateway instance'] };
  }
  // Only the lock's own wording (APIG FAQs: "AK access failed to reach the limit,forbidden"): a bare
  // "Forbidden" (e.g. APIG.0302) is another refusal, not a lock-out.
  if (lower.includes('reach the limit')) {
    return { ...base, kind: 'locked', summary: 'the AK/SK is locked after repeated failed authentications', hints: ['APIG locks an AK/SK for five minutes after five failed authentications in a row: fix the signature, then wait'] };
  }
  const cr = message.indexOf('canonicalRequest:');
  if (cr >= 0) {
    let text = message.slice(cr + 'canonicalRequest:'.length);
    // Drop the JSON tail (`"}` and whitespace) of an error pasted raw; a loop, not a backtracking regex.
    let end = text.length;
    while (end > 0 && ' \t\r\n"}'.includes(text[end - 1]!)) end--;
    text = text.slice(0, end);
    const theirs = parseGatewayCanonicalRequest(text);
    if (!theirs) {
      return { ...base, kind: 'unrecognized', summary: 'the gateway\'s canonical request could not be parsed', hints: [] };
    }
    if (!signed?.canonicalRequest) {
      return { ...base, kind: 'signature-mismatch', summary: 'the signature does not match; pass the signed request to compare line by line', hints: [] };
    }
    const lines = compare(parseOurs(signed.canonicalRequest), theirs);
    const differing = lines.filter((l) => !l.match);
    if (differing.length === 0) {
      return { ...base, kind: 'secret-mismatch', summary: 'the canonical requests match: the secret used to sign is not the one the gateway has', hints: ['check the AppSecret / SK (copy errors, whitespace, another app or account)'], lines };
    }
    return {
      ...base,
      kind: 'signature-mismatch',
      summary: `${differing.length} line(s) of the canonical request differ from the gateway's: ${differing.map((l) => (l.part === 'header' ? `header ${l.name}` : l.part)).join(', ')}`,
      hints: differing.map((l) => l.hint!).filter((h, i, all) => all.indexOf(h) === i),
      lines,
    };
  }
  if (lower.includes('signature fail')) {
    return { ...base, kind: 'signature-mismatch', summary: 'the signature does not match and the gateway did not print its canonical request', hints: ['compare canonicalRequest and stringToSign with a reference signer (hcsign apig sign --json)', 'check the SK'] };
  }
  return { ...base, kind: 'unrecognized', summary: 'not an APIG authentication error this tool knows', hints: [] };
}
