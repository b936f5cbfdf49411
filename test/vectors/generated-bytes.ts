// Generated vector inputs (`nameXorshift32`, vectors/README.md) for the runtime-agnostic runner. The
// harness may not bundle src/, so this is the test side's own copy of src/cli/vector-bytes.ts; the
// OpenSSL digests of vectors/crypto-sm3.json hold both copies (and any port's) to the same bytes.

/** The bytes of a `{ seed, length }` spec: xorshift32 (13, 17, 5), the low 8 bits of each state. */
export function generatedBytes(field: unknown): Uint8Array {
  const { seed, length } = (field ?? {}) as { seed?: unknown; length?: unknown };
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(length) || (length as number) < 0) throw new Error('xorshift32 needs an integer seed and length');
  const out = new Uint8Array(length as number);
  let s = (seed as number) >>> 0;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s & 0xff;
  }
  return out;
}
