// Java's SHA1PRNG (SUN provider) seeded before its first use: the one generator KooGallery's Java sample
// uses to turn an accessKey into an AES key (KeyGenerator.init(bits, SecureRandom("SHA1PRNG"))).
// Only the state machine lives here; SHA-1 itself comes from src/crypto.
import { sha1 } from '../crypto/hash.js';

/**
 * `state = state + output + 1`, byte by byte from index 0 with Java's SIGNED bytes, exactly like
 * sun.security.provider.SecureRandom.updateState: the carry is an arithmetic shift of a signed sum,
 * so it can be -1. If no byte changed, state[0] is incremented. Exported for tests only.
 */
export function updateState(state: Uint8Array, output: Uint8Array): void {
  let last = 1;
  let changed = false;
  for (let i = 0; i < state.length; i++) {
    const v = ((state[i]! << 24) >> 24) + ((output[i]! << 24) >> 24) + last;
    const t = v & 0xff;
    if (state[i] !== t) changed = true;
    state[i] = t;
    last = v >> 8;
  }
  if (!changed) state[0] = (state[0]! + 1) & 0xff;
}

/**
 * The first `length` bytes SHA1PRNG produces after `setSeed(seed)` on a fresh instance:
 * state = SHA-1(seed); each 20-byte block = SHA-1(state), then updateState(state, block).
 */
export async function sha1prng(seed: Uint8Array, length: number): Promise<Uint8Array> {
  const state = new Uint8Array(await sha1(seed));
  const out = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const block = await sha1(state);
    updateState(state, block);
    const take = Math.min(block.length, length - filled);
    out.set(block.subarray(0, take), filled);
    filled += take;
  }
  return out;
}
