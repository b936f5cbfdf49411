// Generated vector inputs (vectors/README.md, `nameXorshift32`): large or many inputs without megabytes
// of hex in the JSON. Shared by `hcsign vectors` and the test suite's runner, so both read them alike.

/**
 * `length` bytes of Marsaglia's xorshift32 (shifts 13, 17, 5) from `seed`; each byte is the low 8 bits
 * of the state after one step. A port implements the same ten lines.
 *
 * @example xorshift32Bytes(1, 2) // Uint8Array [33, 1]: states 0x42021, 0x4080601
 */
export function xorshift32Bytes(seed: number, length: number): Uint8Array {
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(length) || length < 0) throw new Error('xorshift32 needs an integer seed and length');
  const out = new Uint8Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s & 0xff;
  }
  return out;
}

/** The generator spec of a `nameXorshift32` field, when the input has one. */
export function generatedBytes(field: unknown): Uint8Array | undefined {
  if (typeof field !== 'object' || field === null) return undefined;
  const { seed, length } = field as { seed?: unknown; length?: unknown };
  return xorshift32Bytes(Number(seed), Number(length));
}
