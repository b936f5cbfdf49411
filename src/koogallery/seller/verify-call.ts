// Verification of one KooGallery V2 call (URL signature or header signature), for the seller handler:
// canonical timestamps only (10 digits of seconds or 13 of milliseconds, no sign, no leading zero),
// a +-window around now, the signature over the raw body first and then over the canonical
// re-serialisation, compared in constant time, and the replay store given the nonce and the signature
// that matched (as verifyNotification gives them). Never throws on request input.
import { concatBytes, utf8Decode, utf8Encode } from '../../crypto/codecs.js';
import { timingSafeEqual } from '../../crypto/compare.js';
import { hmacSha256Hex } from '../../crypto/hash.js';
import type { NonceStore } from '../../replay/memory-store.js';
import { recordCall } from '../../replay/record.js';
import { parseEpochTimestamp } from '../timestamp.js';
import { canonicalJsonOf, parseJsonObject, type JsonObject } from './canonical-json.js';

/** `url-signature`: `?signature=&timestamp=&nonce=` (basic interfaces, orderNotify); `header-signature`: x-sign headers (the kit). */
export type CallScheme = 'url-signature' | 'header-signature';

/** Why a call was refused (the names verifyNotification and verifyRequest use). */
export type CallRefusalReason =
  | 'bad-request'
  | 'missing-parameter'
  | 'bad-timestamp'
  | 'expired'
  | 'signature-mismatch'
  | 'replayed'
  | 'replay-store-full'
  | 'replay-store-unavailable';

export interface VerifiedCall {
  ok: true;
  /** Which bytes the signature covered: the body as received, or its canonical re-serialisation. */
  matched: 'raw' | 'canonical';
  /** The verified body, parsed (from the bytes that matched); undefined when it is not a JSON object. */
  json: JsonObject | undefined;
  /** The call's time, UNIX milliseconds. */
  timestamp: number;
}

export interface RefusedCall {
  ok: false;
  reason: CallRefusalReason;
  /** For logs: names the rule, never a key or an expected signature. */
  message: string;
}

export interface VerifyCallInput {
  scheme: CallScheme;
  /** The route's access key, as bytes (see keys.ts). */
  key: Uint8Array;
  /** Form-decoded query parameters, first value per name. */
  query: ReadonlyMap<string, string>;
  header: (name: string) => string | undefined;
  body: Uint8Array;
  now: number;
  skewMs: number;
  store: NonceStore;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;
const MAX_NONCE = 512;

/** The signature of `payload` (bytes) in the route's scheme, lower-case hex. */
export async function callSignature(scheme: CallScheme, key: Uint8Array, nonce: string, timestamp: string, payload: Uint8Array): Promise<string> {
  const prefix = concatBytes([key, utf8Encode(nonce + timestamp)]);
  if (scheme === 'header-signature') return hmacSha256Hex(key, concatBytes([prefix, payload]));
  const inner = await hmacSha256Hex(key, payload);
  return hmacSha256Hex(key, concatBytes([prefix, utf8Encode(inner)]));
}

const refuse = (reason: CallRefusalReason, message: string): RefusedCall => ({ ok: false, reason, message });

function bodyText(body: Uint8Array): string | undefined {
  try {
    return utf8Decode(body);
  } catch {
    return undefined;
  }
}

/** Verify one call; resolves to what was verified or why it was refused. */
export async function verifyCall(input: VerifyCallInput): Promise<VerifiedCall | RefusedCall> {
  const fromHeaders = input.scheme === 'header-signature';
  const names = fromHeaders ? (['x-sign', 'x-timestamp', 'x-nonce'] as const) : (['signature', 'timestamp', 'nonce'] as const);
  const get = (n: string): string | undefined => (fromHeaders ? input.header(n) : input.query.get(n));
  const signature = get(names[0]);
  const timestampText = get(names[1]);
  const nonce = get(names[2]);
  for (const [name, value] of [[names[0], signature], [names[1], timestampText], [names[2], nonce]] as const) {
    if (value === undefined || value === '') return refuse('missing-parameter', `'${name}' is missing or empty`);
  }
  if (nonce!.length > MAX_NONCE) return refuse('bad-request', `'${names[2]}' is longer than ${MAX_NONCE} characters`);
  const timestamp = parseEpochTimestamp(timestampText!);
  if (timestamp === null) return refuse('bad-timestamp', `'${names[1]}' must be 13 digits of UNIX milliseconds (or 10 of seconds), without sign or leading zero`);
  if (timestamp < input.now - input.skewMs) return refuse('expired', `'${names[1]}' is more than ${input.skewMs / 1000} s old`);
  if (timestamp > input.now + input.skewMs) return refuse('expired', `'${names[1]}' is more than ${input.skewMs / 1000} s ahead`);
  // A signature is 64 hex digits in either case (the documents show upper case, the sample writes lower).
  if (!HEX64.test(signature!)) return refuse('signature-mismatch', `'${names[0]}' is not 64 hex digits`);
  const received = signature!.toLowerCase();

  let matched: 'raw' | 'canonical' | undefined;
  let expected = await callSignature(input.scheme, input.key, nonce!, timestampText!, input.body);
  let verifiedText: string | undefined;
  if (timingSafeEqual(received, expected)) {
    matched = 'raw';
    verifiedText = bodyText(input.body);
  } else {
    // The sample verifies its re-serialisation of the parsed body (TreeMap, nulls dropped, Jackson).
    const text = bodyText(input.body);
    const parsed = text === undefined ? undefined : parseJsonObject(text);
    if (parsed !== undefined) {
      const canonical = canonicalJsonOf(parsed);
      expected = await callSignature(input.scheme, input.key, nonce!, timestampText!, utf8Encode(canonical));
      if (timingSafeEqual(received, expected)) {
        matched = 'canonical';
        verifiedText = canonical;
      }
    }
  }
  if (matched === undefined) return refuse('signature-mismatch', `'${names[0]}' does not match the body, nonce and timestamp`);

  // Only signed calls reach the store, so nobody without the key can fill it.
  // The keys are verifyNotification's (one store can serve both): the nonce and what was signed, since
  // characters can move between the unseparated fields while the signature stays.
  const refused = await recordCall(input.store, ['nonce:' + nonce!, 'signature:' + expected], 'call', 'this call was received before (replay)');
  if (refused) return refuse(refused.reason, refused.message);
  return { ok: true, matched, json: verifiedText === undefined ? undefined : parseJsonObject(verifiedText), timestamp };
}
