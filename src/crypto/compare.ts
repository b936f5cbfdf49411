import { toBytes, type BinaryLike } from './codecs.js';

/**
 * Constant-time equality of two byte strings (strings compare as UTF-8). Different lengths return
 * false at once: lengths of MACs are public. Otherwise every byte is visited whatever the contents.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `a` or `b` is neither a string nor bytes; never because
 * of their contents or lengths.
 * @example timingSafeEqual(receivedSignature, expectedSignature)
 */
export function timingSafeEqual(a: BinaryLike, b: BinaryLike): boolean {
  // Two strings without surrogates (hex or base64 MACs) compare code unit by code unit, without
  // encoding either: their UTF-8 bytes are equal exactly when their code units are. A surrogate (whose
  // lone halves UTF-8 turns into U+FFFD) sends them through the byte comparison below.
  if (typeof a === 'string' && typeof b === 'string') {
    if (a.length !== b.length) return false;
    let diff = 0;
    let surrogates = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a.charCodeAt(i);
      const y = b.charCodeAt(i);
      diff |= x ^ y;
      surrogates |= ((x & 0xf800) ^ 0xd800) === 0 || ((y & 0xf800) ^ 0xd800) === 0 ? 1 : 0;
    }
    if (surrogates === 0) return diff === 0;
  }
  const x = toBytes(a);
  const y = toBytes(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
