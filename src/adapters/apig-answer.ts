// The adapters use the package's public /apig only (one copy of verifyRequest and SignerError at run
// time: the build imports huaweicloud-signer/apig, see tsup.config.ts).
// What every framework adapter shares for APIG: its options, and the 401 it answers in APIG's own error
// shape (`{ error_code, error_msg }`), so that clients and tools that read the gateway's answers (our
// createSignedFetch's clock correction, diagnose()) read ours the same way.
import { SignerError, verifyRequest } from '../apig/index.js';
import type { ResolveSecret, VerifiableRequest, VerifyFailure, VerifyOptions, VerifyResult, VerifySuccess } from '../apig/verify.js';
import type { BodyInput, HeadersInput } from '../request/input.js';

/** Options of an adapter's `verifyApig`: `verifyRequest`'s options, the secret lookup, and `debug`. */
export interface VerifyApigOptions extends VerifyOptions {
  /** Looks up the secret of a key (AppKey, AK or a signature key's sign_key); `undefined` if unknown. */
  resolveSecret: ResolveSecret;
  /**
   * Put our canonical request into a `signature-mismatch` answer, as APIG's `verify signature fail,
   * canonicalRequest:…` does. Off by default: it echoes the request's signed headers back to the client.
   */
  debug?: boolean;
}

/** What an adapter stores on the request after a signature verified (`req.apig`, `ctx.state.apig`…). */
export type ApigVerified = VerifySuccess;

/** The answer to a refused request: status and APIG's error body. */
export interface ApigRefusal {
  status: number;
  body: { error_code: string; error_msg: string };
}

/** The checked options, split into the secret lookup and what verifyRequest takes. */
export interface ApigSetup {
  resolveSecret: ResolveSecret;
  verifyOptions: VerifyOptions;
  debug: boolean;
}

/**
 * Checks an adapter's options once, when the middleware is made: a mistake shows at start-up.
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when options or `resolveSecret` are missing or not a function.
 */
export function apigSetup(options: VerifyApigOptions): ApigSetup {
  const { resolveSecret, debug, ...verifyOptions } = (options === null || typeof options !== 'object' ? {} : options) as Partial<VerifyApigOptions>;
  if (typeof resolveSecret !== 'function') {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'verifyApig needs options.resolveSecret: (key) => the secret of that key, or undefined');
  }
  if (debug !== undefined && typeof debug !== 'boolean') throw new SignerError('ERR_INVALID_ARGUMENT', 'options.debug must be a boolean');
  return { resolveSecret, verifyOptions, debug: debug === true };
}

/** A request as an adapter hands it over: the target as received, headers as the framework has them. */
export type AdapterRequest =
  | VerifiableRequest
  | { method: string; url: string; headers: HeadersInput; body?: BodyInput | AsyncIterable<Uint8Array> };

/** verifyRequest with the adapter's setup; errors from the caller's own callbacks propagate. */
export function verifyWith(setup: ApigSetup, request: AdapterRequest): Promise<VerifyResult> {
  // verifyRequest reads headers and bodies in every form HeadersInput and BodyInput name (request/input.ts).
  return verifyRequest(request as VerifiableRequest, setup.resolveSecret, setup.verifyOptions);
}

const SDK_DATE = /^\d{8}T\d{6}Z$/;

// X-Sdk-Date's form of a date. Not apig/sdk-date.js's formatter: sharing that module with the adapters
// moves it into another chunk of the build, which reorders (and so resizes) the /apig bundles.
const sdkDateOf = (date: Date): string => `${date.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
const PREFIX = 'Incorrect app authentication information: ';

/**
 * The answer to a failed verification. 401 and APIG.0303 like the gateway's app authentication; a replay
 * store that cannot answer is the server's problem, not the client's: 503, so a client does not take it
 * for a bad signature. `signature-mismatch` and `expired` use the gateway's own words (APIG's clients
 * recognise them; an expired answer carries both clocks, which createSignedFetch corrects from).
 */
export function apigRefusal(result: VerifyFailure, setup: ApigSetup, sdkDateHeader: string | null | undefined): ApigRefusal {
  let text: string;
  if (result.reason === 'signature-mismatch') {
    text = 'verify signature fail';
    if (setup.debug && result.canonicalRequest !== undefined) text += `, canonicalRequest:${result.canonicalRequest.split('\n').join('|')}`;
  } else if (result.reason === 'expired' && typeof sdkDateHeader === 'string' && SDK_DATE.test(sdkDateHeader.trim())) {
    const now = setup.verifyOptions.now instanceof Date ? setup.verifyOptions.now : new Date();
    text = `signature expired, signature time:${sdkDateHeader.trim()},server time:${sdkDateOf(now)}`;
  } else {
    text = `${result.reason}, ${result.message}`;
  }
  const status = result.reason === 'replay-store-unavailable' || result.reason === 'replay-store-full' ? 503 : 401;
  return { status, body: { error_code: 'APIG.0303', error_msg: PREFIX + text } };
}
