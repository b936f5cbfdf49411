// Parse an APIG Authorization header without regular expressions that could backtrack.

/** A parsed `SDK-HMAC-* Access=..., SignedHeaders=..., Signature=...` (or V11 `Credential=`) header. */
export interface ParsedAuthorization {
  algorithm: string;
  key: string;
  /** V11 only: `YYYYMMDD/region/service`. */
  scope?: string;
  signedHeaders: string[];
  signature: string;
}

const MAX_AUTHORIZATION_LENGTH = 16384;

function isHex(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Explicit ranges: folding case with `| 0x20` would also turn U+0010..U+0019 into digits.
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * Parse an Authorization header value; returns `null` when it is not an APIG signature header.
 * Accepts the gateway's grammar: `ALG Access=AK, SignedHeaders=a;b, Signature=hex`, with spaces or tabs
 * after the algorithm and at most one after each comma, optional (the official backend demos'
 * `ALG\s+Access=...,\s?SignedHeaders=...`).
 *
 * @throws Nothing: a value that is not a string, longer than 16384 characters or not an APIG signature header
 * gives `null`.
 * @example parseAuthorization('SDK-HMAC-SHA256 Access=ak, SignedHeaders=host;x-sdk-date, Signature=ab12')
 * // { algorithm: 'SDK-HMAC-SHA256', key: 'ak', signedHeaders: ['host', 'x-sdk-date'], signature: 'ab12' }
 */
export function parseAuthorization(value: string): ParsedAuthorization | null {
  if (typeof value !== 'string' || value.length > MAX_AUTHORIZATION_LENGTH) return null;
  const text = value.trim();
  // The gateway's grammar (`ALG\s+Access=...,\s?SignedHeaders=...`): in a header value that whitespace
  // is a space or a tab (HTTP's OWS).
  let space = 0;
  while (space < text.length && text.charCodeAt(space) !== 0x20 && text.charCodeAt(space) !== 0x09) space++;
  if (space === 0 || space === text.length) return null;
  const algorithm = text.slice(0, space);
  const rest = text.slice(space + 1).trimStart();
  // Three fields: two commas and no third (indexOf, not split: no array per call).
  const c1 = rest.indexOf(',');
  const c2 = c1 < 0 ? -1 : rest.indexOf(',', c1 + 1);
  if (c2 < 0 || rest.indexOf(',', c2 + 1) >= 0) return null;
  const fields = [rest.slice(0, c1), rest.slice(c1 + 1, c2), rest.slice(c2 + 1)];
  // Exactly three fields, each known name at most once: SignedHeaders, Signature and the key's field
  // (Access, or Credential for V11). Any other name leaves one of them missing, so it fails at once.
  let access: string | undefined;
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (let i = 0; i < 3; i++) {
    const f = fields[i]!;
    const start = i > 0 && (f.charCodeAt(0) === 0x20 || f.charCodeAt(0) === 0x09) ? 1 : 0;
    const eq = f.indexOf('=', start);
    if (eq <= start) return null;
    const v = f.slice(eq + 1);
    switch (f.slice(start, eq)) {
      case 'Access':
        if (access !== undefined) return null;
        access = v;
        break;
      case 'Credential':
        if (credential !== undefined) return null;
        credential = v;
        break;
      case 'SignedHeaders':
        if (signedHeaders !== undefined) return null;
        signedHeaders = v;
        break;
      case 'Signature':
        if (signature !== undefined) return null;
        signature = v;
        break;
      default:
        return null;
    }
  }
  if (signedHeaders === undefined || signature === undefined || !isHex(signature)) return null;
  const names: string[] = [];
  for (let from = 0; ; ) {
    const semi = signedHeaders.indexOf(';', from);
    const name = semi < 0 ? signedHeaders.slice(from) : signedHeaders.slice(from, semi);
    if (name === '' || name.includes(' ')) return null;
    names.push(name);
    if (semi < 0) break;
    from = semi + 1;
  }
  let key: string | undefined;
  let scope: string | undefined;
  if (access !== undefined) {
    key = access;
  } else if (credential !== undefined) {
    const slash = credential.indexOf('/');
    if (slash <= 0) return null;
    key = credential.slice(0, slash);
    scope = credential.slice(slash + 1);
    const parts = scope.split('/');
    if (parts.length !== 3 || parts[1] === '' || parts[2] === '' || !isDate8(parts[0]!)) return null;
  }
  if (!key || key.includes(' ')) return null;
  return scope === undefined
    ? { algorithm, key, signedHeaders: names, signature }
    : { algorithm, key, scope, signedHeaders: names, signature };
}

/** `YYYYMMDD`: exactly eight ASCII digits. */
function isDate8(s: string): boolean {
  if (s.length !== 8) return false;
  for (let i = 0; i < 8; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
