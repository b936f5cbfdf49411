// RFC 3986 percent-encoding as APIG canonicalizes it: unreserved bytes stay, every other byte is %XX.
// Pure strings in, strings out.

const ENCODED: string[] = /* @__PURE__ */ (() => {
  const t: string[] = [];
  for (let b = 0; b < 256; b++) {
    const unreserved =
      (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) ||
      b === 0x2d || b === 0x5f || b === 0x2e || b === 0x7e;
    t.push(unreserved ? String.fromCharCode(b) : '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase());
  }
  return t;
})();

const encoder = /* @__PURE__ */ new TextEncoder();
// Lenient on purpose: Python's unquote (the reference signer) turns invalid UTF-8 into U+FFFD.
const lenientDecoder = /* @__PURE__ */ new TextDecoder('utf-8');

function isUnreservedCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === 0x2e || c === 0x7e;
}

/**
 * Percent-encode a string's UTF-8 bytes: `A-Z a-z 0-9 - _ . ~` stay, everything else becomes `%XX`
 * (upper-case hex), so a space is `%20` and `+` is `%2B`. With `keepSlash`, `/` stays too.
 */
export function percentEncode(text: string, keepSlash = false): string {
  let i = 0;
  // Fast path: most names and values are already plain.
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!(isUnreservedCode(c) || (keepSlash && c === 0x2f))) break;
    i++;
  }
  if (i === text.length) return text;
  const bytes = encoder.encode(text);
  let out = '';
  for (let j = 0; j < bytes.length; j++) {
    const b = bytes[j]!;
    out += keepSlash && b === 0x2f ? '/' : ENCODED[b]!;
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/**
 * Percent-decode like the reference signer (Python's `urllib.parse.unquote`): `%XX` sequences become
 * bytes, a `%` not followed by two hex digits stays literal, `+` stays `+` (it is NOT a space), and
 * the bytes are read as UTF-8 with invalid sequences replaced by U+FFFD.
 */
export function percentDecode(text: string): string {
  if (text.indexOf('%') < 0) return text;
  const src = encoder.encode(text);
  const out = new Uint8Array(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25 && i + 2 < src.length) {
      const hi = hexValue(src[i + 1]!);
      const lo = hexValue(src[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        out[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[n++] = b;
  }
  return lenientDecoder.decode(out.subarray(0, n));
}

/**
 * Compare two strings by Unicode code point (what Python's sort does), not by UTF-16 code unit
 * (what JavaScript's `<` does): they differ once astral characters meet U+E000..U+FFFF.
 *
 * @example ['\u{1F600}', '\uFF5E'].sort(compareCodePoints) // ['\uFF5E', '\u{1F600}']
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800..DFFF) encode code points above FFFF: lift them above E000..FFFF.
    if (x >= 0xd800 && x <= 0xdfff) x += 0x2000;
    else if (x >= 0xe000) x -= 0x800;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x2000;
    else if (y >= 0xe000) y -= 0x800;
    return x - y;
  }
  return a.length - b.length;
}
