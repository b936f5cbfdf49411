// Byte <-> text codecs. No Buffer, no atob/btoa (they work on Latin-1 strings, not bytes).
import { SignerError } from '../errors.js';
import { hexOf, strictDecoder, utf8Encode } from '../bytes.js';

export { hexOf, utf8Encode };

/** Bytes or text; text is always UTF-8 encoded before hashing. */
export type BinaryLike = string | Uint8Array;


/**
 * A Uint8Array, also one made in another realm (an iframe, a vm context, jsdom), where `instanceof`
 * fails: anything else given to an encoder would come out as silent garbage (a string's characters
 * indexed as bytes), so it is refused.
 */
function checkBytes(value: unknown, fn: string): void {
  if (!(value instanceof Uint8Array) && !(ArrayBuffer.isView(value) && value.constructor?.name === 'Uint8Array')) {
    throw new SignerError('ERR_INVALID_ARGUMENT', `${fn} expects a Uint8Array`);
  }
}

/**
 * Strict UTF-8 decode: invalid UTF-8 is a `SignerError` with code `ERR_BAD_UTF8`, never U+FFFD.
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `bytes` is not a Uint8Array; `ERR_BAD_UTF8` when they are
 * not valid UTF-8.
 * @example utf8Decode(new Uint8Array([0x68, 0x69])) // 'hi'
 */
export function utf8Decode(bytes: Uint8Array): string {
  checkBytes(bytes, 'utf8Decode');
  try {
    return strictDecoder.decode(bytes);
  } catch (cause) {
    throw new SignerError('ERR_BAD_UTF8', 'input is not valid UTF-8', { cause });
  }
}

/**
 * Turn a string (UTF-8) or bytes (any ArrayBuffer or view) into bytes without copying bytes.
 * Anything else is a `SignerError` whose message calls the argument `name`.
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `data` is neither a string nor an ArrayBuffer or a view
 * of one.
 * @example toBytes('hi') // Uint8Array [0x68, 0x69]
 */
export function toBytes(data: BinaryLike | ArrayBuffer, name = 'the input'): Uint8Array {
  if (typeof data === 'string') return utf8Encode(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    // No bytes, also a detached buffer (which node:crypto, Bun and Web Crypto each read differently, or
    // refuse with a TypeError), is one shared empty array: every input reaches the runtime through here.
    if (data.byteLength === 0) return NO_BYTES;
    if (data instanceof Uint8Array) return data;
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    const v = data as ArrayBufferView;
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }
  throw new SignerError('ERR_INVALID_ARGUMENT', `${String(name)} must be a string or bytes`);
}

/**
 * Lower-case hex.
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `bytes` is not a Uint8Array.
 * @example hexEncode(new Uint8Array([0xab, 0x01])) // 'ab01'
 */
export function hexEncode(bytes: Uint8Array): string {
  checkBytes(bytes, 'hexEncode');
  return hexOf(bytes);
}

function hexNibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Strict hex decode (either case, even length, nothing else): otherwise `ERR_BAD_HEX`.
 * @throws {SignerError} `ERR_BAD_HEX` for an odd length or a character outside `0-9a-fA-F`, and also when
 * `hex` is not a string.
 * @example hexDecode('AB01') // Uint8Array [0xab, 0x01]
 */
export function hexDecode(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0) {
    throw new SignerError('ERR_BAD_HEX', 'hex input must have an even number of characters');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexNibble(hex.charCodeAt(2 * i));
    const lo = hexNibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new SignerError('ERR_BAD_HEX', `invalid hex character at offset ${hi < 0 ? 2 * i : 2 * i + 1}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

const NO_BYTES = /* @__PURE__ */ new Uint8Array(0);
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// Built on first use (4,096 two-character strings), not at import.
let B64_PAIRS: string[] | undefined;
const B64_INDEX: Int8Array = /* @__PURE__ */ (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

/**
 * Standard base64 with padding (RFC 4648 section 4).
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `bytes` is not a Uint8Array.
 * @example base64Encode(utf8Encode('hi')) // 'aGk='
 */
export function base64Encode(bytes: Uint8Array): string {
  checkBytes(bytes, 'base64Encode');
  // Two characters per lookup: half the string concatenations (and garbage) of one per character.
  const pairs = B64_PAIRS ?? (B64_PAIRS = Array.from({ length: 4096 }, (_, i) => B64[i >> 6]! + B64[i & 63]!));
  let s = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += pairs[v >> 12]! + pairs[v & 4095]!;
  }
  if (i < n) {
    const b1 = i + 1 < n ? bytes[i + 1]! : 0;
    const v = (bytes[i]! << 16) | (b1 << 8);
    s += B64[v >> 18]! + B64[(v >> 12) & 63]! + (i + 1 < n ? B64[(v >> 6) & 63]! : '=') + '=';
  }
  return s;
}

/**
 * Strict standard base64: length a multiple of 4, `=` only as final padding, no whitespace, no
 * URL-safe alphabet, and unused trailing bits zero (one canonical text per byte string).
 * Anything else is `ERR_BAD_BASE64`.
 * @throws {SignerError} `ERR_BAD_BASE64` for anything but canonical padded base64, and also when `text` is
 * not a string.
 * @example base64Decode('aGk=') // bytes of 'hi'
 */
export function base64Decode(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length % 4 !== 0) {
    throw new SignerError('ERR_BAD_BASE64', 'base64 length must be a multiple of 4');
  }
  let pad = 0;
  if (text.endsWith('==')) pad = 2;
  else if (text.endsWith('=')) pad = 1;
  const outLen = (text.length / 4) * 3 - pad;
  const out = new Uint8Array(outLen);
  const dataChars = text.length - pad;
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < dataChars; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c]! : -1;
    if (v < 0) throw new SignerError('ERR_BAD_BASE64', `invalid base64 character at offset ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  if (acc !== 0) throw new SignerError('ERR_BAD_BASE64', 'non-canonical base64: trailing bits are not zero');
  return out;
}

/**
 * Join byte chunks (a streamed body) into one array; a single chunk is returned as it is.
 * @example concatBytes([new Uint8Array([1]), new Uint8Array([2, 3])]) // Uint8Array [1, 2, 3]
 */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
