// Byte helpers at the bottom of the module graph (they import only ./errors.ts, which imports nothing),
// so that every layer, the runtime layer included, shares one hex table and one UTF-8 encoder per
// bundle. src/crypto/codecs.ts offers them to users with the other codecs.
import { SignerError } from './errors.js';

const encoder = /* @__PURE__ */ new TextEncoder();
/** Refuses invalid UTF-8 (the codecs' utf8Decode turns that into ERR_BAD_UTF8); keeps a leading BOM. */
export const strictDecoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * UTF-8 encode a string.
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `text` is not a string.
 * @example utf8Encode('€') // Uint8Array [0xe2, 0x82, 0xac]
 */
export function utf8Encode(text: string): Uint8Array {
  if (typeof text !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', 'utf8Encode expects a string');
  const n = text.length;
  // TextEncoder costs a fixed ~0.4 µs per call on Node and Deno: short ASCII text (IVs, keys, nonces)
  // is copied code unit by code unit instead; anything else goes to the encoder.
  if (n <= 32) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) return encoder.encode(text);
      out[i] = c;
    }
    return out;
  }
  return encoder.encode(text);
}

const HEX = '0123456789abcdef';
const HEX_PAIRS: string[] = /* @__PURE__ */ (() => {
  const t: string[] = [];
  for (let i = 0; i < 256; i++) t.push(HEX[i >> 4]! + HEX[i & 15]!);
  return t;
})();

/** Lower-case hex of bytes the library made itself (digests, MACs): no argument check. */
export function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_PAIRS[bytes[i]!];
  return s;
}
