// Generated vector inputs (vectors/README.md, `nameXorshift32`): large or many inputs without megabytes
// of hex in the JSON. Shared by `hcsign vectors` and the test suite's runner (which may take this one
// module from src/: it is not the library), so both read them alike.

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

/** The bytes of a `nameXorshift32` field's `{ seed, length }` spec; anything else is an error. */
export function generatedBytes(field: unknown): Uint8Array {
  const { seed, length } = (field ?? {}) as { seed?: unknown; length?: unknown };
  // Numbers as written in the JSON, not coerced: xorshift32Bytes refuses anything but safe integers.
  return xorshift32Bytes(seed as number, length as number);
}
