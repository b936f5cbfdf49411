import { toBytes, type BinaryLike } from './codecs.js';

/**
 * Constant-time equality of two byte strings (strings compare as UTF-8). Different lengths return
 * false at once: lengths of MACs are public. Otherwise every byte is visited whatever the contents.
 *
 * @example timingSafeEqual(receivedSignature, expectedSignature)
 */
export function timingSafeEqual(a: BinaryLike, b: BinaryLike): boolean {
  const x = toBytes(a);
  const y = toBytes(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
