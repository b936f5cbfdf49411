// Response bodies of the seller interfaces, with the sensitive appInfo fields encrypted.
import { SignerError } from '../errors.js';
import { toEncryptType, type EncryptType } from './args.js';
import { resultCodes, resultMessages, type ResultCode } from './result-codes.js';
import { encryptSensitive } from './sensitive.js';

/** appInfo as you write it: userName and password in PLAIN text; they are encrypted for you. */
export interface AppInfoInput {
  /** Front-end (login) URL of the instance; KooGallery requires it for newInstance. */
  frontEndUrl?: string;
  /** Administration URL. */
  adminUrl?: string;
  /** Plain username; sent encrypted. */
  userName?: string;
  /** Plain password; sent encrypted. */
  password?: string;
  /** Free text shown to the buyer. */
  memo?: string;
}

/** Fields of a seller response. Extra fields are kept as they are (after the known ones). */
export interface ResponseBodyInput {
  /** Default `000000`. */
  resultCode?: ResultCode;
  /** Default: the code's standard message. */
  resultMsg?: string;
  instanceId?: string;
  /** AES size for userName/password: 1 = AES-256 (KooGallery's default), 2 = AES-128. Default 1. */
  encryptType?: EncryptType;
  appInfo?: AppInfoInput;
  [extra: string]: unknown;
}

/** The body as sent: userName/password are ciphertexts, encryptType a string like the Java sample's. */
export interface ResponseBody {
  resultCode: ResultCode;
  resultMsg: string;
  instanceId?: string;
  encryptType?: '1' | '2';
  appInfo?: { frontEndUrl?: string; adminUrl?: string; userName?: string; password?: string; memo?: string };
  [extra: string]: unknown;
}

/**
 * Build the JSON body of a seller interface response (newInstance, refreshInstance, …), encrypting
 * `appInfo.userName` and `appInfo.password` with {@link encryptSensitive}. `encryptType` (default 1) is
 * included whenever something was encrypted, so KooGallery knows how to decrypt. Sign and send it with
 * {@link signedResponse}.
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `input` is not an object, `resultCode` is
 * not one of 000000 to 000005, `encryptType` is not 1, 2, '1' or '2', or `appInfo` is not an object or one of
 * its fields is not a string; `ERR_MISSING_CREDENTIALS` when a userName or password is to be encrypted and
 * `accessKey` is not a non-empty string; `ERR_UNSUPPORTED` in a runtime without Web Crypto.
 * @example
 * ```ts
 * const body = await responseBody({
 *   instanceId: 'ins-42',
 *   appInfo: { frontEndUrl: 'https://app.example.com', userName: 'admin', password: 'Pa55word!' },
 * }, accessKey);
 * // { resultCode: '000000', resultMsg: 'success', instanceId: 'ins-42', encryptType: '1', appInfo: { …ciphertexts } }
 * ```
 */
export async function responseBody(input: ResponseBodyInput, accessKey: string): Promise<ResponseBody> {
  if (input === null || typeof input !== 'object') throw new SignerError('ERR_INVALID_ARGUMENT', 'input must be an object');
  const { resultCode = resultCodes.SUCCESS, resultMsg, instanceId, encryptType, appInfo, ...extra } = input;
  // An own property only: 'toString' must not pass as a result code.
  if (typeof resultCode !== 'string' || !Object.prototype.hasOwnProperty.call(resultMessages, resultCode)) throw new SignerError('ERR_INVALID_ARGUMENT', 'resultCode must be one of 000000 to 000005');
  const type = toEncryptType(encryptType ?? 1);
  const out: ResponseBody = { resultCode, resultMsg: resultMsg ?? resultMessages[resultCode] };
  if (instanceId !== undefined) out.instanceId = instanceId;
  if (appInfo !== undefined) {
    if (appInfo === null || typeof appInfo !== 'object') throw new SignerError('ERR_INVALID_ARGUMENT', 'appInfo must be an object');
    const info: NonNullable<ResponseBody['appInfo']> = {};
    let encrypted = false;
    for (const field of ['frontEndUrl', 'adminUrl', 'userName', 'password', 'memo'] as const) {
      const value = appInfo[field];
      if (value === undefined) continue;
      if (typeof value !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', `appInfo.${field} must be a string`);
      if (field === 'userName' || field === 'password') {
        info[field] = await encryptSensitive(value, accessKey, type);
        encrypted = true;
      } else {
        info[field] = value;
      }
    }
    if (encrypted || encryptType !== undefined) out.encryptType = type === 1 ? '1' : '2';
    out.appInfo = info;
  } else if (encryptType !== undefined) {
    out.encryptType = type === 1 ? '1' : '2';
  }
  return { ...out, ...extra } as ResponseBody;
}
