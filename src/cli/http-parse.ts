// Parse a captured raw HTTP/1.1 request (as `nc -l`, a proxy log or a hand-written file shows it) into
// the method, raw target, headers and exact body bytes. No node:* imports: pure byte handling.

export interface RawHttpRequest {
  method: string;
  /** The request target as written: origin-form `/path?query` or absolute-form `http://host/path`. */
  target: string;
  version: string;
  /** Header fields in order, names as written. */
  headers: [string, string][];
  body: Uint8Array;
}

export class HttpParseError extends Error {
  override name = 'HttpParseError';
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function indexOfSeq(bytes: Uint8Array, seq: number[], from = 0): number {
  outer: for (let i = from; i + seq.length <= bytes.length; i++) {
    for (let j = 0; j < seq.length; j++) if (bytes[i + j] !== seq[j]) continue outer;
    return i;
  }
  return -1;
}

/** Header bytes as text: UTF-8 when valid (what signers hash), else Latin-1 byte for byte. */
function headerText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return s;
  }
}

function decodeChunked(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let pos = 0;
  for (;;) {
    const eol = indexOfSeq(bytes, [0x0a], pos);
    if (eol < 0) throw new HttpParseError('chunked body: a chunk size line is missing');
    const line = headerText(bytes.subarray(pos, eol)).replace(/\r$/, '');
    const sizeText = line.split(';')[0]!.trim();
    if (!/^[0-9A-Fa-f]{1,8}$/.test(sizeText)) throw new HttpParseError('chunked body: bad chunk size');
    const size = parseInt(sizeText, 16);
    pos = eol + 1;
    if (size === 0) break; // trailers, if any, are ignored
    if (pos + size > bytes.length) throw new HttpParseError('chunked body: a chunk is shorter than its size');
    parts.push(bytes.subarray(pos, pos + size));
    pos += size;
    if (bytes[pos] === 0x0d) pos++;
    if (bytes[pos] !== 0x0a) throw new HttpParseError('chunked body: a chunk does not end with CRLF');
    pos++;
  }
  return concat(parts);
}

/** The chunks as one array (a local copy: the CLI uses the library's public API only). */
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Parse a raw HTTP/1.1 request. Lines may end in CRLF or LF (hand-edited files). The body is read by
 * `Transfer-Encoding: chunked`, else by `Content-Length`, else it is every byte after the blank line.
 *
 * @example parseRawHttpRequest(new TextEncoder().encode('GET /v1/x?a=1 HTTP/1.1\r\nHost: a.com\r\n\r\n'))
 * // { method: 'GET', target: '/v1/x?a=1', version: 'HTTP/1.1', headers: [['Host', 'a.com']], body: Uint8Array(0) }
 */
export function parseRawHttpRequest(bytes: Uint8Array): RawHttpRequest {
  // Leading blank lines are allowed before a request line (RFC 9112 2.2).
  let start = 0;
  while (start < bytes.length && (bytes[start] === 0x0d || bytes[start] === 0x0a)) start++;
  let end = -1;
  let bodyStart = -1;
  for (let i = start; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a) {
      end = i;
      bodyStart = i + 2;
      break;
    }
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) {
      end = i;
      bodyStart = i + 3;
      break;
    }
  }
  if (end < 0) {
    // No blank line: a request without body, possibly without the final empty line.
    end = bytes.length;
    bodyStart = bytes.length;
  }
  const lines = headerText(bytes.subarray(start, end)).split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const requestLine = lines.shift() ?? '';
  const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) (HTTP\/\d(?:\.\d)?)$/.exec(requestLine);
  if (!m) throw new HttpParseError('the first line is not an HTTP request line (METHOD TARGET HTTP/1.1)');
  const [, method, target, version] = m as unknown as [string, string, string, string];

  const headers: [string, string][] = [];
  // Folded values are joined once at the end: appending to a string and trimming it per continuation
  // line is quadratic on a capture with thousands of them.
  const folds = new Map<[string, string], string[]>();
  for (const line of lines) {
    if (line === '') continue;
    // A CR not followed by LF (RFC 9112 2.2): refused, not kept inside a value that is then signed.
    if (line.includes('\r')) throw new HttpParseError(`a header line contains a bare CR: ${JSON.stringify(line.slice(0, 40))}`);
    if (line[0] === ' ' || line[0] === '\t') {
      // Obsolete line folding: the continuation joins the previous value with one space (RFC 9112 5.2).
      const last = headers[headers.length - 1];
      if (!last) throw new HttpParseError('a header continuation line comes before any header');
      const parts = folds.get(last) ?? folds.set(last, [last[1]]).get(last)!;
      const piece = line.trim();
      if (piece !== '') parts.push(piece);
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!TOKEN.test(name)) throw new HttpParseError(`not a header line: ${JSON.stringify(line.slice(0, 40))}`);
    headers.push([name, trimSpaceTab(line.slice(colon + 1))]);
  }
  for (const [header, parts] of folds) header[1] = parts.join(' ').trim();

  const header = (n: string) => headers.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
  let body = bytes.subarray(bodyStart);
  const te = header('transfer-encoding').join(',').toLowerCase();
  if (te.split(',').map((s) => s.trim()).includes('chunked')) {
    body = decodeChunked(body);
  } else {
    const lengths = header('content-length');
    if (lengths.length > 0) {
      const unique = [...new Set(lengths.map((l) => l.trim()))];
      if (unique.length !== 1 || !/^\d{1,15}$/.test(unique[0]!)) throw new HttpParseError('Content-Length is not one number');
      const n = Number(unique[0]);
      if (body.length < n) throw new HttpParseError(`the body has ${body.length} bytes but Content-Length says ${n}`);
      body = body.subarray(0, n);
    }
  }
  return { method, target, version, headers, body: body.slice() };
}

/**
 * Trim spaces and tabs (HTTP's optional whitespace) around a header value. A loop: the regex
 * `/^[ \t]+|[ \t]+$/g` is quadratic on a long run of spaces inside a captured request.
 */
export function trimSpaceTab(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === ' ' || value[start] === '\t')) start++;
  while (end > start && (value[end - 1] === ' ' || value[end - 1] === '\t')) end--;
  return value.slice(start, end);
}
