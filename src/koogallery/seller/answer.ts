// The answers: compact JSON (non-ASCII escaped), HTTP 200, Content-Type application/json and Body-Sign over
// exactly those bytes with the route's key.
import { base64Encode, utf8Encode } from '../../crypto/codecs.js';
import { hmacSha256 } from '../../crypto/hash.js';
import { BODY_SIGN_TYPE } from '../body-sign.js';
import { asciiJson } from './canonical-json.js';

/** A signed answer, ready to send. */
export interface SignedAnswer {
  bytes: Uint8Array;
  bodySign: string;
}

/** Standard messages (Huawei's sample words them so). */
export const ANSWER_MESSAGES: Readonly<Record<string, string>> = {
  '000000': 'success',
  '000001': 'authentication failed',
  '000002': 'invalid parameter',
  '000003': 'instance not found',
  '000004': 'request is being processed',
  '000005': 'other error',
};

export const JSON_CONTENT_TYPE = 'application/json';

export async function signAnswer(body: Record<string, unknown>, key: Uint8Array): Promise<SignedAnswer> {
  const bytes = utf8Encode(asciiJson(body));
  const signature = base64Encode(await hmacSha256(key, bytes));
  return { bytes, bodySign: `sign_type="${BODY_SIGN_TYPE}", signature="${signature}"` };
}

/** A refusal or failure answer: resultCode and its standard message only (never a detail). */
export function codeAnswer(code: '000001' | '000002' | '000005'): Record<string, unknown> {
  return { resultCode: code, resultMsg: ANSWER_MESSAGES[code] };
}
