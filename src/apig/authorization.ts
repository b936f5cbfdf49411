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
 * Accepts the gateway's grammar: `ALG Access=AK, SignedHeaders=a;b, Signature=hex` with the space after
 * each comma optional (the official backend demos' `,\s?`).
 *
 * @example parseAuthorization('SDK-HMAC-SHA256 Access=ak, SignedHeaders=host;x-sdk-date, Signature=ab12')
 * // { algorithm: 'SDK-HMAC-SHA256', key: 'ak', signedHeaders: ['host', 'x-sdk-date'], signature: 'ab12' }
 */
export function parseAuthorization(value: string): ParsedAuthorization | null {
  if (typeof value !== 'string' || value.length > MAX_AUTHORIZATION_LENGTH) return null;
  const text = value.trim();
  const space = text.indexOf(' ');
  if (space <= 0) return null;
  const algorithm = text.slice(0, space);
  const fields = text.slice(space + 1).trimStart().split(',');
  if (fields.length !== 3) return null;
  const values: Record<string, string> = {};
  for (let i = 0; i < fields.length; i++) {
    let f = fields[i]!;
    if (i > 0 && f.startsWith(' ')) f = f.slice(1);
    const eq = f.indexOf('=');
    if (eq <= 0) return null;
    const name = f.slice(0, eq);
    if (name in values) return null;
    values[name] = f.slice(eq + 1);
  }
  const signedHeaders = values['SignedHeaders'];
  const signature = values['Signature'];
  if (signedHeaders === undefined || signature === undefined || !isHex(signature)) return null;
  const names = signedHeaders.split(';');
  if (names.some((n) => n === '' || n.includes(' '))) return null;
  let key: string | undefined;
  let scope: string | undefined;
  if (values['Access'] !== undefined) {
    key = values['Access'];
  } else if (values['Credential'] !== undefined) {
    const cred = values['Credential']!;
    const slash = cred.indexOf('/');
    if (slash <= 0) return null;
    key = cred.slice(0, slash);
    scope = cred.slice(slash + 1);
    const parts = scope.split('/');
    if (parts.length !== 3 || parts.some((p) => p === '') || !/^\d{8}$/.test(parts[0]!)) return null;
  }
  if (!key || key.includes(' ')) return null;
  return scope === undefined
    ? { algorithm, key, signedHeaders: names, signature }
    : { algorithm, key, scope, signedHeaders: names, signature };
}
