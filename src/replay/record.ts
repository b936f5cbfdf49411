// Recording a verified call in a replay store, for every verifier (APIG's, KooGallery's, the seller
// handler's): all keys at once, a replay when any was seen, and a store that is full or fails refuses
// the call (fail closed). Never throws.
import { isSignerError } from '../errors.js';
import type { NonceStore } from './memory-store.js';

/** Why recording refused a call: the reasons the verifiers report. */
export type RecordRefusal = { reason: 'replayed' | 'replay-store-full' | 'replay-store-unavailable'; message: string };

/**
 * Record `keys` (only ever for a call whose signature verified, so nobody without the key can fill the
 * store or burn an entry). Resolves `undefined` when every key was new, else the refusal; `subject` names
 * what is refused in the messages (`call`, `request`), `replayedMessage` is the replay's message.
 */
export async function recordCall(store: Pick<NonceStore, 'checkAndSet'>, keys: readonly string[], subject: string, replayedMessage: string): Promise<RecordRefusal | undefined> {
  let answers: unknown[];
  try {
    answers = await Promise.all(keys.map((key) => store.checkAndSet(key)));
  } catch (e) {
    if (isSignerError(e, 'ERR_NONCE_STORE_FULL')) return { reason: 'replay-store-full', message: `the replay store is full; the ${subject} cannot be checked for replay` };
    // Redis down or too slow (createRedisNonceStore), or any other failure: refused, never let through unchecked.
    return { reason: 'replay-store-unavailable', message: `the replay store failed or timed out; the ${subject} cannot be checked for replay` };
  }
  return answers.every((first) => first === true) ? undefined : { reason: 'replayed', message: replayedMessage };
}
