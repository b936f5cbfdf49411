// Query-string decoding as a Java servlet's getParameterMap() does it (application/x-www-form-urlencoded:
// `+` is a space, %XX are UTF-8 bytes), plus the percent-only decoding the authToken needs (the Java sample's).
import { utf8Decode } from '../crypto/codecs.js';
import { SignerError } from '../errors.js';

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * Strict percent-decoding: `%` must be followed by two hex digits and the bytes must be UTF-8
 * (KooGallery encodes Java strings, which always gives valid UTF-8). `plusIsSpace` selects form decoding.
 */
export function percentDecode(text: string, plusIsSpace: boolean): string {
  if (!text.includes('%')) return plusIsSpace ? text.replace(/\+/g, ' ') : text;
  // At most 3 bytes per UTF-16 unit; one pass, no encoder call per character.
  const bytes = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 37) {
      const hi = hexValue(text.charCodeAt(i + 1));
      const lo = hexValue(text.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) throw new SignerError('ERR_INVALID_ARGUMENT', `malformed percent-encoding at offset ${i}`);
      bytes[n++] = (hi << 4) | lo;
      i += 3;
    } else if (c === 43 && plusIsSpace) {
      bytes[n++] = 32;
      i++;
    } else if (c < 0x80) {
      bytes[n++] = c;
      i++;
    } else {
      // One code point as UTF-8 (a surrogate pair stays together; a lone surrogate becomes U+FFFD, as
      // TextEncoder writes it).
      let cp = text.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      if (cp < 0x800) {
        bytes[n++] = 0xc0 | (cp >> 6);
      } else if (cp < 0x10000) {
        bytes[n++] = 0xe0 | (cp >> 12);
        bytes[n++] = 0x80 | ((cp >> 6) & 0x3f);
      } else {
        bytes[n++] = 0xf0 | (cp >> 18);
        bytes[n++] = 0x80 | ((cp >> 12) & 0x3f);
        bytes[n++] = 0x80 | ((cp >> 6) & 0x3f);
      }
      bytes[n++] = 0x80 | (cp & 0x3f);
    }
  }
  try {
    return utf8Decode(bytes.subarray(0, n));
  } catch (cause) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'percent-encoded bytes are not valid UTF-8', { cause });
  }
}

/** The raw `name=value` pairs of a URL's query (absolute URL or path), in order; no decoding. */
export function rawQueryPairs(url: string): Array<[string, string]> {
  const q = url.indexOf('?');
  if (q < 0) return [];
  let query = url.slice(q + 1);
  const hash = query.indexOf('#');
  if (hash >= 0) query = query.slice(0, hash);
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return pairs;
}

/** A parameter's first raw value, and all form-decoded parameters (first value wins, like the Java sample). */
export interface DecodedQuery {
  /** Form-decoded name -> first form-decoded value. */
  params: Map<string, string>;
  /** Form-decoded name -> first raw (still encoded) value. */
  raw: Map<string, string>;
}

/** Decode a URL's query the way the Java sample sees it. Throws `ERR_INVALID_ARGUMENT` on bad encoding. */
export function decodeQuery(url: string): DecodedQuery {
  const params = new Map<string, string>();
  const raw = new Map<string, string>();
  for (const [rawName, rawValue] of rawQueryPairs(url)) {
    const name = percentDecode(rawName, true);
    const value = percentDecode(rawValue, true);
    if (!params.has(name)) {
      params.set(name, value);
      raw.set(name, rawValue);
    }
  }
  return { params, raw };
}

/**
 * The authToken as sent: percent-decoded WITHOUT turning `+` into a space, and any space mapped back
 * to `+` (base64 has no spaces; a space here is a `+` that someone form-decoded). Access guide FAQ 3.
 */
export function decodeBase64Param(rawValue: string): string {
  return percentDecode(rawValue, false).replace(/ /g, '+');
}
