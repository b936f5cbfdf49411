/**
 * SM3 hash (GB/T 32905-2016) and HMAC-SM3 (RFC 2104) in plain TypeScript.
 *
 * No dependencies and no `node:` imports, so it runs unchanged on Node, Deno,
 * Bun and browsers (WebCrypto has no SM3). Written for speed: blocks are read
 * straight from the caller's bytes, all 32-bit math stays in int32 (`| 0`),
 * nothing is allocated per block, and short inputs (a string-to-sign) cost
 * little more than the 32-byte result.
 *
 * @module
 */

/** SM3 initial value IV (GB/T 32905-2016, 4.1). */
const IV = /* @__PURE__ */ new Int32Array([
  0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e,
]);

/** T_j <<< (j mod 32), precomputed so each round does one table read instead of a variable rotate. */
// Built in a pure IIFE (not a top-level loop) so that bundles which never call SM3 drop it entirely.
const T = /* @__PURE__ */ (() => {
  const t = new Int32Array(64);
  for (let j = 0; j < 64; j++) {
    const c = j < 16 ? 0x79cc4519 : 0x7a879d8a;
    const n = j % 32;
    t[j] = n === 0 ? c : (c << n) | (c >>> (32 - n));
  }
  return t;
})();

/**
 * Compresses the 64-byte blocks d[off .. end) into state `s` (end - off must be
 * a multiple of 64).
 *
 * Written out for speed, as OpenSSL does: the eight state words and the
 * message schedule live in locals (V8 keeps them in registers) rather than in
 * arrays. W is a ring of 16 locals, w{j % 16} = W[j]; W[j + 4] is expanded just
 * before round j needs it (W'[j] = W[j] ^ W[j + 4]), overwriting W[j - 12],
 * which is no longer used. Instead of the per-round shuffle D = C, C = B <<< 9,
 * B = A, A = TT1, H = G, G = F <<< 19, F = E, E = P0(TT2), the names rotate:
 * round j + 1 calls (A, B, C, D, E, F, G, H) what round j called
 * (D, A, B, C, H, E, F, G), so each round updates only B, D, F and H in place.
 * Rounds 0..15 (FF = GG = XOR) are written once; rounds 16..63 (FF = majority,
 * GG = choose, each in a cheaper equivalent form) loop three times over 16.
 */
function compress(s: Int32Array, d: Uint8Array, off: number, end: number): void {
  let v0 = s[0]!, v1 = s[1]!, v2 = s[2]!, v3 = s[3]!, v4 = s[4]!, v5 = s[5]!, v6 = s[6]!, v7 = s[7]!;
  const t = T;
  // A DataView's big-endian getInt32 beats four byte loads on long inputs, but
  // creating one costs more than it saves on a block or two.
  const dv = end - off >= 512 ? new DataView(d.buffer, d.byteOffset, d.byteLength) : null;
  let a12: number, ss: number, x: number, y: number;
  for (; off < end; off += 64) {
    let w0: number, w1: number, w2: number, w3: number, w4: number, w5: number, w6: number, w7: number, w8: number, w9: number, w10: number, w11: number, w12: number, w13: number, w14: number, w15: number;
    if (dv !== null) {
      w0 = dv.getInt32(off); w1 = dv.getInt32(off + 4); w2 = dv.getInt32(off + 8); w3 = dv.getInt32(off + 12);
      w4 = dv.getInt32(off + 16); w5 = dv.getInt32(off + 20); w6 = dv.getInt32(off + 24); w7 = dv.getInt32(off + 28);
      w8 = dv.getInt32(off + 32); w9 = dv.getInt32(off + 36); w10 = dv.getInt32(off + 40); w11 = dv.getInt32(off + 44);
      w12 = dv.getInt32(off + 48); w13 = dv.getInt32(off + 52); w14 = dv.getInt32(off + 56); w15 = dv.getInt32(off + 60);
    } else {
      w0 = (d[off]! << 24) | (d[off + 1]! << 16) | (d[off + 2]! << 8) | d[off + 3]!;
      w1 = (d[off + 4]! << 24) | (d[off + 5]! << 16) | (d[off + 6]! << 8) | d[off + 7]!;
      w2 = (d[off + 8]! << 24) | (d[off + 9]! << 16) | (d[off + 10]! << 8) | d[off + 11]!;
      w3 = (d[off + 12]! << 24) | (d[off + 13]! << 16) | (d[off + 14]! << 8) | d[off + 15]!;
      w4 = (d[off + 16]! << 24) | (d[off + 17]! << 16) | (d[off + 18]! << 8) | d[off + 19]!;
      w5 = (d[off + 20]! << 24) | (d[off + 21]! << 16) | (d[off + 22]! << 8) | d[off + 23]!;
      w6 = (d[off + 24]! << 24) | (d[off + 25]! << 16) | (d[off + 26]! << 8) | d[off + 27]!;
      w7 = (d[off + 28]! << 24) | (d[off + 29]! << 16) | (d[off + 30]! << 8) | d[off + 31]!;
      w8 = (d[off + 32]! << 24) | (d[off + 33]! << 16) | (d[off + 34]! << 8) | d[off + 35]!;
      w9 = (d[off + 36]! << 24) | (d[off + 37]! << 16) | (d[off + 38]! << 8) | d[off + 39]!;
      w10 = (d[off + 40]! << 24) | (d[off + 41]! << 16) | (d[off + 42]! << 8) | d[off + 43]!;
      w11 = (d[off + 44]! << 24) | (d[off + 45]! << 16) | (d[off + 46]! << 8) | d[off + 47]!;
      w12 = (d[off + 48]! << 24) | (d[off + 49]! << 16) | (d[off + 50]! << 8) | d[off + 51]!;
      w13 = (d[off + 52]! << 24) | (d[off + 53]! << 16) | (d[off + 54]! << 8) | d[off + 55]!;
      w14 = (d[off + 56]! << 24) | (d[off + 57]! << 16) | (d[off + 58]! << 8) | d[off + 59]!;
      w15 = (d[off + 60]! << 24) | (d[off + 61]! << 16) | (d[off + 62]! << 8) | d[off + 63]!;
    }
    let a = v0, b = v1, c = v2, dd = v3, e = v4, f = v5, g = v6, h = v7;
    // Rounds 0..15; W[16..19] are expanded in rounds 12..15.
    a12 = (a << 12) | (a >>> 20); ss = (a12 + e + t[0]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((a ^ b ^ c) + dd + (ss ^ a12) + (w0 ^ w4)) | 0; y = ((e ^ f ^ g) + h + ss + w0) | 0;
    b = (b << 9) | (b >>> 23); dd = x; f = (f << 19) | (f >>> 13); h = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    a12 = (dd << 12) | (dd >>> 20); ss = (a12 + h + t[1]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((dd ^ a ^ b) + c + (ss ^ a12) + (w1 ^ w5)) | 0; y = ((h ^ e ^ f) + g + ss + w1) | 0;
    a = (a << 9) | (a >>> 23); c = x; e = (e << 19) | (e >>> 13); g = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    a12 = (c << 12) | (c >>> 20); ss = (a12 + g + t[2]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((c ^ dd ^ a) + b + (ss ^ a12) + (w2 ^ w6)) | 0; y = ((g ^ h ^ e) + f + ss + w2) | 0;
    dd = (dd << 9) | (dd >>> 23); b = x; h = (h << 19) | (h >>> 13); f = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    a12 = (b << 12) | (b >>> 20); ss = (a12 + f + t[3]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((b ^ c ^ dd) + a + (ss ^ a12) + (w3 ^ w7)) | 0; y = ((f ^ g ^ h) + e + ss + w3) | 0;
    c = (c << 9) | (c >>> 23); a = x; g = (g << 19) | (g >>> 13); e = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    a12 = (a << 12) | (a >>> 20); ss = (a12 + e + t[4]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((a ^ b ^ c) + dd + (ss ^ a12) + (w4 ^ w8)) | 0; y = ((e ^ f ^ g) + h + ss + w4) | 0;
    b = (b << 9) | (b >>> 23); dd = x; f = (f << 19) | (f >>> 13); h = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    a12 = (dd << 12) | (dd >>> 20); ss = (a12 + h + t[5]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((dd ^ a ^ b) + c + (ss ^ a12) + (w5 ^ w9)) | 0; y = ((h ^ e ^ f) + g + ss + w5) | 0;
    a = (a << 9) | (a >>> 23); c = x; e = (e << 19) | (e >>> 13); g = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    a12 = (c << 12) | (c >>> 20); ss = (a12 + g + t[6]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((c ^ dd ^ a) + b + (ss ^ a12) + (w6 ^ w10)) | 0; y = ((g ^ h ^ e) + f + ss + w6) | 0;
    dd = (dd << 9) | (dd >>> 23); b = x; h = (h << 19) | (h >>> 13); f = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    a12 = (b << 12) | (b >>> 20); ss = (a12 + f + t[7]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((b ^ c ^ dd) + a + (ss ^ a12) + (w7 ^ w11)) | 0; y = ((f ^ g ^ h) + e + ss + w7) | 0;
    c = (c << 9) | (c >>> 23); a = x; g = (g << 19) | (g >>> 13); e = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    a12 = (a << 12) | (a >>> 20); ss = (a12 + e + t[8]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((a ^ b ^ c) + dd + (ss ^ a12) + (w8 ^ w12)) | 0; y = ((e ^ f ^ g) + h + ss + w8) | 0;
    b = (b << 9) | (b >>> 23); dd = x; f = (f << 19) | (f >>> 13); h = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    a12 = (dd << 12) | (dd >>> 20); ss = (a12 + h + t[9]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((dd ^ a ^ b) + c + (ss ^ a12) + (w9 ^ w13)) | 0; y = ((h ^ e ^ f) + g + ss + w9) | 0;
    a = (a << 9) | (a >>> 23); c = x; e = (e << 19) | (e >>> 13); g = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    a12 = (c << 12) | (c >>> 20); ss = (a12 + g + t[10]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((c ^ dd ^ a) + b + (ss ^ a12) + (w10 ^ w14)) | 0; y = ((g ^ h ^ e) + f + ss + w10) | 0;
    dd = (dd << 9) | (dd >>> 23); b = x; h = (h << 19) | (h >>> 13); f = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    a12 = (b << 12) | (b >>> 20); ss = (a12 + f + t[11]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((b ^ c ^ dd) + a + (ss ^ a12) + (w11 ^ w15)) | 0; y = ((f ^ g ^ h) + e + ss + w11) | 0;
    c = (c << 9) | (c >>> 23); a = x; g = (g << 19) | (g >>> 13); e = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    x = w0 ^ w7 ^ ((w13 << 15) | (w13 >>> 17)); y = w3;
    w0 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w10;
    a12 = (a << 12) | (a >>> 20); ss = (a12 + e + t[12]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((a ^ b ^ c) + dd + (ss ^ a12) + (w12 ^ w0)) | 0; y = ((e ^ f ^ g) + h + ss + w12) | 0;
    b = (b << 9) | (b >>> 23); dd = x; f = (f << 19) | (f >>> 13); h = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    x = w1 ^ w8 ^ ((w14 << 15) | (w14 >>> 17)); y = w4;
    w1 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w11;
    a12 = (dd << 12) | (dd >>> 20); ss = (a12 + h + t[13]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((dd ^ a ^ b) + c + (ss ^ a12) + (w13 ^ w1)) | 0; y = ((h ^ e ^ f) + g + ss + w13) | 0;
    a = (a << 9) | (a >>> 23); c = x; e = (e << 19) | (e >>> 13); g = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    x = w2 ^ w9 ^ ((w15 << 15) | (w15 >>> 17)); y = w5;
    w2 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w12;
    a12 = (c << 12) | (c >>> 20); ss = (a12 + g + t[14]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((c ^ dd ^ a) + b + (ss ^ a12) + (w14 ^ w2)) | 0; y = ((g ^ h ^ e) + f + ss + w14) | 0;
    dd = (dd << 9) | (dd >>> 23); b = x; h = (h << 19) | (h >>> 13); f = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    x = w3 ^ w10 ^ ((w0 << 15) | (w0 >>> 17)); y = w6;
    w3 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w13;
    a12 = (b << 12) | (b >>> 20); ss = (a12 + f + t[15]!) | 0; ss = (ss << 7) | (ss >>> 25);
    x = ((b ^ c ^ dd) + a + (ss ^ a12) + (w15 ^ w3)) | 0; y = ((f ^ g ^ h) + e + ss + w15) | 0;
    c = (c << 9) | (c >>> 23); a = x; g = (g << 19) | (g >>> 13); e = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    // Rounds 16..63: three passes of 16; the last pass expands W[64..67] for W'[60..63].
    for (let j = 16; j < 64; j += 16) {
      x = w4 ^ w11 ^ ((w1 << 15) | (w1 >>> 17)); y = w7;
      w4 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w14;
      a12 = (a << 12) | (a >>> 20); ss = (a12 + e + t[j]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((a & b) | (c & (a | b))) + dd + (ss ^ a12) + (w0 ^ w4)) | 0; y = ((g ^ (e & (f ^ g))) + h + ss + w0) | 0;
      b = (b << 9) | (b >>> 23); dd = x; f = (f << 19) | (f >>> 13); h = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w5 ^ w12 ^ ((w2 << 15) | (w2 >>> 17)); y = w8;
      w5 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w15;
      a12 = (dd << 12) | (dd >>> 20); ss = (a12 + h + t[j + 1]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((dd & a) | (b & (dd | a))) + c + (ss ^ a12) + (w1 ^ w5)) | 0; y = ((f ^ (h & (e ^ f))) + g + ss + w1) | 0;
      a = (a << 9) | (a >>> 23); c = x; e = (e << 19) | (e >>> 13); g = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w6 ^ w13 ^ ((w3 << 15) | (w3 >>> 17)); y = w9;
      w6 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w0;
      a12 = (c << 12) | (c >>> 20); ss = (a12 + g + t[j + 2]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((c & dd) | (a & (c | dd))) + b + (ss ^ a12) + (w2 ^ w6)) | 0; y = ((e ^ (g & (h ^ e))) + f + ss + w2) | 0;
      dd = (dd << 9) | (dd >>> 23); b = x; h = (h << 19) | (h >>> 13); f = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w7 ^ w14 ^ ((w4 << 15) | (w4 >>> 17)); y = w10;
      w7 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w1;
      a12 = (b << 12) | (b >>> 20); ss = (a12 + f + t[j + 3]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((b & c) | (dd & (b | c))) + a + (ss ^ a12) + (w3 ^ w7)) | 0; y = ((h ^ (f & (g ^ h))) + e + ss + w3) | 0;
      c = (c << 9) | (c >>> 23); a = x; g = (g << 19) | (g >>> 13); e = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w8 ^ w15 ^ ((w5 << 15) | (w5 >>> 17)); y = w11;
      w8 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w2;
      a12 = (a << 12) | (a >>> 20); ss = (a12 + e + t[j + 4]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((a & b) | (c & (a | b))) + dd + (ss ^ a12) + (w4 ^ w8)) | 0; y = ((g ^ (e & (f ^ g))) + h + ss + w4) | 0;
      b = (b << 9) | (b >>> 23); dd = x; f = (f << 19) | (f >>> 13); h = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w9 ^ w0 ^ ((w6 << 15) | (w6 >>> 17)); y = w12;
      w9 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w3;
      a12 = (dd << 12) | (dd >>> 20); ss = (a12 + h + t[j + 5]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((dd & a) | (b & (dd | a))) + c + (ss ^ a12) + (w5 ^ w9)) | 0; y = ((f ^ (h & (e ^ f))) + g + ss + w5) | 0;
      a = (a << 9) | (a >>> 23); c = x; e = (e << 19) | (e >>> 13); g = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w10 ^ w1 ^ ((w7 << 15) | (w7 >>> 17)); y = w13;
      w10 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w4;
      a12 = (c << 12) | (c >>> 20); ss = (a12 + g + t[j + 6]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((c & dd) | (a & (c | dd))) + b + (ss ^ a12) + (w6 ^ w10)) | 0; y = ((e ^ (g & (h ^ e))) + f + ss + w6) | 0;
      dd = (dd << 9) | (dd >>> 23); b = x; h = (h << 19) | (h >>> 13); f = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w11 ^ w2 ^ ((w8 << 15) | (w8 >>> 17)); y = w14;
      w11 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w5;
      a12 = (b << 12) | (b >>> 20); ss = (a12 + f + t[j + 7]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((b & c) | (dd & (b | c))) + a + (ss ^ a12) + (w7 ^ w11)) | 0; y = ((h ^ (f & (g ^ h))) + e + ss + w7) | 0;
      c = (c << 9) | (c >>> 23); a = x; g = (g << 19) | (g >>> 13); e = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w12 ^ w3 ^ ((w9 << 15) | (w9 >>> 17)); y = w15;
      w12 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w6;
      a12 = (a << 12) | (a >>> 20); ss = (a12 + e + t[j + 8]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((a & b) | (c & (a | b))) + dd + (ss ^ a12) + (w8 ^ w12)) | 0; y = ((g ^ (e & (f ^ g))) + h + ss + w8) | 0;
      b = (b << 9) | (b >>> 23); dd = x; f = (f << 19) | (f >>> 13); h = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w13 ^ w4 ^ ((w10 << 15) | (w10 >>> 17)); y = w0;
      w13 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w7;
      a12 = (dd << 12) | (dd >>> 20); ss = (a12 + h + t[j + 9]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((dd & a) | (b & (dd | a))) + c + (ss ^ a12) + (w9 ^ w13)) | 0; y = ((f ^ (h & (e ^ f))) + g + ss + w9) | 0;
      a = (a << 9) | (a >>> 23); c = x; e = (e << 19) | (e >>> 13); g = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w14 ^ w5 ^ ((w11 << 15) | (w11 >>> 17)); y = w1;
      w14 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w8;
      a12 = (c << 12) | (c >>> 20); ss = (a12 + g + t[j + 10]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((c & dd) | (a & (c | dd))) + b + (ss ^ a12) + (w10 ^ w14)) | 0; y = ((e ^ (g & (h ^ e))) + f + ss + w10) | 0;
      dd = (dd << 9) | (dd >>> 23); b = x; h = (h << 19) | (h >>> 13); f = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w15 ^ w6 ^ ((w12 << 15) | (w12 >>> 17)); y = w2;
      w15 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w9;
      a12 = (b << 12) | (b >>> 20); ss = (a12 + f + t[j + 11]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((b & c) | (dd & (b | c))) + a + (ss ^ a12) + (w11 ^ w15)) | 0; y = ((h ^ (f & (g ^ h))) + e + ss + w11) | 0;
      c = (c << 9) | (c >>> 23); a = x; g = (g << 19) | (g >>> 13); e = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w0 ^ w7 ^ ((w13 << 15) | (w13 >>> 17)); y = w3;
      w0 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w10;
      a12 = (a << 12) | (a >>> 20); ss = (a12 + e + t[j + 12]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((a & b) | (c & (a | b))) + dd + (ss ^ a12) + (w12 ^ w0)) | 0; y = ((g ^ (e & (f ^ g))) + h + ss + w12) | 0;
      b = (b << 9) | (b >>> 23); dd = x; f = (f << 19) | (f >>> 13); h = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w1 ^ w8 ^ ((w14 << 15) | (w14 >>> 17)); y = w4;
      w1 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w11;
      a12 = (dd << 12) | (dd >>> 20); ss = (a12 + h + t[j + 13]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((dd & a) | (b & (dd | a))) + c + (ss ^ a12) + (w13 ^ w1)) | 0; y = ((f ^ (h & (e ^ f))) + g + ss + w13) | 0;
      a = (a << 9) | (a >>> 23); c = x; e = (e << 19) | (e >>> 13); g = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w2 ^ w9 ^ ((w15 << 15) | (w15 >>> 17)); y = w5;
      w2 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w12;
      a12 = (c << 12) | (c >>> 20); ss = (a12 + g + t[j + 14]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((c & dd) | (a & (c | dd))) + b + (ss ^ a12) + (w14 ^ w2)) | 0; y = ((e ^ (g & (h ^ e))) + f + ss + w14) | 0;
      dd = (dd << 9) | (dd >>> 23); b = x; h = (h << 19) | (h >>> 13); f = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
      x = w3 ^ w10 ^ ((w0 << 15) | (w0 >>> 17)); y = w6;
      w3 = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9)) ^ ((y << 7) | (y >>> 25)) ^ w13;
      a12 = (b << 12) | (b >>> 20); ss = (a12 + f + t[j + 15]!) | 0; ss = (ss << 7) | (ss >>> 25);
      x = (((b & c) | (dd & (b | c))) + a + (ss ^ a12) + (w15 ^ w3)) | 0; y = ((h ^ (f & (g ^ h))) + e + ss + w15) | 0;
      c = (c << 9) | (c >>> 23); a = x; g = (g << 19) | (g >>> 13); e = y ^ ((y << 9) | (y >>> 23)) ^ ((y << 17) | (y >>> 15));
    }
    v0 ^= a; v1 ^= b; v2 ^= c; v3 ^= dd; v4 ^= e; v5 ^= f; v6 ^= g; v7 ^= h;
  }
  s[0] = v0; s[1] = v1; s[2] = v2; s[3] = v3; s[4] = v4; s[5] = v5; s[6] = v6; s[7] = v7;
}

/** Scratch for padding the final one or two blocks, shared like W. */
const TAIL = /* @__PURE__ */ new Uint8Array(128);
/** Scratch state for the one-shot and non-destructive digest paths. */
const STATE = /* @__PURE__ */ new Int32Array(8);

/**
 * Pads and compresses the last `n` (< 64) bytes `src[off .. off + n)` of a
 * `len`-byte message into `s`, then writes the digest to `out` (a new array by default).
 */
function finish(
  s: Int32Array,
  src: Uint8Array,
  off: number,
  n: number,
  len: number,
  out: Uint8Array = new Uint8Array(32),
): Uint8Array {
  const tail = TAIL;
  for (let i = 0; i < n; i++) tail[i] = src[off + i]!;
  tail[n] = 0x80;
  // One block if the 0x80 byte and the 8-byte length fit after the data, else two.
  const end = n < 56 ? 64 : 128;
  tail.fill(0, n + 1, end - 8);
  // Bit length as a 64-bit big-endian integer; exact for any length below 2^53 bytes.
  const hi = Math.floor(len / 0x20000000);
  const lo = (len * 8) >>> 0;
  tail[end - 8] = hi >>> 24; tail[end - 7] = hi >>> 16; tail[end - 6] = hi >>> 8; tail[end - 5] = hi;
  tail[end - 4] = lo >>> 24; tail[end - 3] = lo >>> 16; tail[end - 2] = lo >>> 8; tail[end - 1] = lo;
  compress(s, tail, 0, end);
  for (let i = 0, p = 0; i < 8; i++, p += 4) {
    const x = s[i]!;
    out[p] = x >>> 24; out[p + 1] = x >>> 16; out[p + 2] = x >>> 8; out[p + 3] = x;
  }
  return out;
}

/**
 * Hashes `data` with SM3 and returns the 32-byte digest.
 *
 * @example
 * ```ts
 * const digest = sm3Pure(new TextEncoder().encode('abc'));
 * // 66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0
 * ```
 */
export function sm3Pure(data: Uint8Array): Uint8Array {
  const s = STATE;
  s.set(IV);
  const len = data.length;
  const full = len - (len % 64);
  compress(s, data, 0, full);
  return finish(s, data, full, len - full, len);
}

/** An incremental SM3 hasher; see {@link createSm3}. */
export class Sm3 {
  private readonly s = new Int32Array(IV);
  private readonly buf = new Uint8Array(64);
  /** Bytes buffered in `buf` (always < 64 between calls). */
  private n = 0;
  /** Total bytes hashed so far. */
  private len = 0;

  /** Appends `data` to the message; returns `this` so calls chain. */
  update(data: Uint8Array): this {
    let off = 0;
    const len = data.length;
    this.len += len;
    if (this.n > 0) {
      // Top up the partial block first.
      const take = Math.min(64 - this.n, len);
      this.buf.set(data.subarray(0, take), this.n);
      this.n += take;
      off = take;
      if (this.n < 64) return this;
      compress(this.s, this.buf, 0, 64);
      this.n = 0;
    }
    // Whole blocks straight from the input, no copy.
    const full = len - ((len - off) % 64);
    compress(this.s, data, off, full);
    if (full < len) {
      this.buf.set(data.subarray(full), 0);
      this.n = len - full;
    }
    return this;
  }

  /**
   * Returns the 32-byte digest of everything passed to {@link update} so far.
   * The hasher is left unchanged, so more data may be added afterwards.
   */
  digest(): Uint8Array {
    STATE.set(this.s);
    return finish(STATE, this.buf, 0, this.n, this.len);
  }
}

/**
 * Creates an incremental SM3 hasher.
 *
 * @example
 * ```ts
 * const enc = new TextEncoder();
 * const digest = createSm3().update(enc.encode('ab')).update(enc.encode('c')).digest();
 * // same bytes as sm3Pure(enc.encode('abc'))
 * ```
 */
export function createSm3(): Sm3 {
  return new Sm3();
}

/** Scratch for the ipad/opad block and the inner digest of the one-shot HMAC. */
const PAD = /* @__PURE__ */ new Uint8Array(64);
const INNER = /* @__PURE__ */ new Uint8Array(32);

/** Fills `pad` with the zero-padded key XOR `x` (RFC 2104); `k` is at most 64 bytes. */
function keyPad(pad: Uint8Array, k: Uint8Array, x: number): Uint8Array {
  const n = k.length;
  for (let i = 0; i < n; i++) pad[i] = k[i]! ^ x;
  pad.fill(x, n);
  return pad;
}

/** RFC 2104: keys longer than the 64-byte block are hashed first, shorter ones zero-padded. */
function blockKey(key: Uint8Array): Uint8Array {
  return key.length > 64 ? sm3Pure(key) : key;
}

/**
 * HMAC-SM3 (RFC 2104 over SM3, 64-byte block): returns the 32-byte MAC of
 * `data` under `key`.
 *
 * @example
 * ```ts
 * const enc = new TextEncoder();
 * const mac = hmacSm3Pure(enc.encode('Jefe'), enc.encode('what do ya want for nothing?'));
 * // 2e87f1d1 6862e6d9 64b50a52 00bf2b10 b764faa9 680a296a 2405f24b ec39f882
 * ```
 */
export function hmacSm3Pure(key: Uint8Array, data: Uint8Array): Uint8Array {
  const k = blockKey(key);
  const s = STATE;
  // Inner: SM3((K ^ ipad) || data), hashed in place without concatenating.
  s.set(IV);
  compress(s, keyPad(PAD, k, 0x36), 0, 64);
  const len = data.length;
  const full = len - (len % 64);
  compress(s, data, 0, full);
  const inner = finish(s, data, full, len - full, 64 + len, INNER);
  // Outer: SM3((K ^ opad) || inner).
  s.set(IV);
  compress(s, keyPad(PAD, k, 0x5c), 0, 64);
  return finish(s, inner, 0, 32, 96);
}

/** An incremental HMAC-SM3; see {@link createHmacSm3}. */
export class HmacSm3 {
  private readonly inner = new Sm3();
  /** SM3 state after the K ^ opad block, kept so each digest skips that compression. */
  private readonly outer = new Int32Array(IV);

  constructor(key: Uint8Array) {
    const k = blockKey(key);
    const pad = new Uint8Array(64);
    this.inner.update(keyPad(pad, k, 0x36));
    compress(this.outer, keyPad(pad, k, 0x5c), 0, 64);
  }

  /** Appends `data` to the message; returns `this` so calls chain. */
  update(data: Uint8Array): this {
    this.inner.update(data);
    return this;
  }

  /** Returns the 32-byte MAC; like {@link Sm3.digest} it leaves the state unchanged. */
  digest(): Uint8Array {
    const ih = this.inner.digest();
    STATE.set(this.outer);
    return finish(STATE, ih, 0, 32, 96);
  }
}

/**
 * Creates an incremental HMAC-SM3 keyed with `key`.
 *
 * @example
 * ```ts
 * const enc = new TextEncoder();
 * const mac = createHmacSm3(enc.encode('Jefe'))
 *   .update(enc.encode('what do ya want '))
 *   .update(enc.encode('for nothing?'))
 *   .digest(); // same bytes as the hmacSm3Pure example
 * ```
 */
export function createHmacSm3(key: Uint8Array): HmacSm3 {
  return new HmacSm3(key);
}
