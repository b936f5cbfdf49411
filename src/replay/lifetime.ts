// A replay store that forgets sooner than 2 × the verifier's window reopens it: a call replayed after
// its entry expired, but while its timestamp still passes the window, would be accepted.
import { SignerError } from '../errors.js';

/** Throws `ERR_INVALID_ARGUMENT` when a store that tells its lifetime (`ttlSeconds`) is too short for the window. */
export function checkStoreLifetime(store: unknown, maxSkewSeconds: number, name: string): void {
  const ttl = store !== null && typeof store === 'object' ? (store as { ttlSeconds?: unknown }).ttlSeconds : undefined;
  if (typeof ttl === 'number' && ttl < 2 * maxSkewSeconds) {
    throw new SignerError('ERR_INVALID_ARGUMENT', `${name} remembers for ${ttl} s, less than 2 × maxSkewSeconds (${2 * maxSkewSeconds} s): replays would pass once it forgets`);
  }
}
