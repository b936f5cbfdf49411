// What every framework adapter shares for APIG: its options, and the 401 it answers in APIG's own error
// shape (`{ error_code, error_msg }`), so that clients and tools that read the gateway's answers (our
// createSignedFetch's clock correction, diagnose()) read ours the same way.
import { SignerError, optionsObject } from '../errors.js';
import { formatSdkDate } from '../apig/sdk-date.js';
import { verifyRequest, type ResolveSecret, type VerifyFailure, type VerifyOptions, type VerifyResult, type VerifySuccess } from '../apig/verify.js';

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
  const { resolveSecret, debug, ...verifyOptions } = optionsObject(options) as Partial<VerifyApigOptions>;
  if (typeof resolveSecret !== 'function') {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'verifyApig needs options.resolveSecret: (key) => the secret of that key, or undefined');
  }
  if (debug !== undefined && typeof debug !== 'boolean') throw new SignerError('ERR_INVALID_ARGUMENT', 'options.debug must be a boolean');
  return { resolveSecret, verifyOptions, debug: debug === true };
}

/** verifyRequest with the adapter's setup; errors from the caller's own callbacks propagate. */
export function verifyWith(setup: ApigSetup, request: Parameters<typeof verifyRequest>[0]): Promise<VerifyResult> {
  return verifyRequest(request, setup.resolveSecret, setup.verifyOptions);
}

const SDK_DATE = /^\d{8}T\d{6}Z$/;
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
    text = `signature expired, signature time:${sdkDateHeader.trim()},server time:${formatSdkDate(now)}`;
  } else {
    text = `${result.reason}, ${result.message}`;
  }
  const status = result.reason === 'replay-store-unavailable' || result.reason === 'replay-store-full' ? 503 : 401;
  return { status, body: { error_code: 'APIG.0303', error_msg: PREFIX + text } };
}
