// The checks KooGallery's console runs on every answer during interface debugging, with the console's own
// messages (KooGallery FAQ, "接口调试" errors; the Body-Sign value text is the console's English one).
import { base64Encode, utf8Decode } from '../../crypto/codecs.js';
import { timingSafeEqual } from '../../crypto/compare.js';
import { hmacSha256 } from '../../crypto/hash.js';
import { BODY_SIGN_TYPE, parseBodySign } from '../body-sign.js';
import type { WireResponse } from './transport.js';

export const MESSAGES = {
  unreachable: '调测失败,生产地址不可达.',
  timeout: (seconds: number) => `调测失败,调用接口超时${seconds}s.`,
  httpCode: (code: number) => `调测失败,接口响应httpCode=${code},请检查服务器日志,定位失败原因.`,
  contentType: (got: string) => `调测失败,响应content-type格式错误,返回的格式为${got},正确的格式为"application/json".`,
  bodySign: '调测失败,生产接口响应头缺少Body-Sign,或Body-Sign格式错误.',
  bodySignValue: 'Failed to verify the HTTP Body signature. Expected signature value: **********',
  body: '调测失败,解析响应体失败,响应格式参考{"resultCode":"000000","resultMsg":"success."}.',
  resultCode: '调用失败,生产接口resultCode返回错误.',
  missing: (field: string) => `调测失败,接口响应缺少${field}.`,
  length: (field: string) => `调测失败,字段${field}长度不合法.`,
} as const;

/** An answer that passed the transport, header and body checks. */
export interface ParsedAnswer {
  json: Record<string, unknown>;
  resultCode: string;
}

/** The first failed check of one answer: the console's message and what exactly was wrong. */
export interface AnswerFault {
  message: string;
  detail: string;
}

function headerValues(res: WireResponse, name: string): { exact: string | undefined; other: [string, string] | undefined } {
  let exact: string | undefined;
  let other: [string, string] | undefined;
  for (const [n, v] of res.headers) {
    if (n === name && exact === undefined) exact = v;
    else if (n.toLowerCase() === name.toLowerCase() && other === undefined) other = [n, v];
  }
  return { exact, other };
}

/** HTTP status, Content-Type, Body-Sign (name, format, value with `key`), JSON with resultCode/resultMsg. */
export async function checkAnswer(res: WireResponse, key: Uint8Array): Promise<ParsedAnswer | AnswerFault> {
  if (res.status !== 200) return { message: MESSAGES.httpCode(res.status), detail: `HTTP status ${res.status}` };
  const ct = headerValues(res, 'Content-Type');
  const contentType = ct.exact ?? ct.other?.[1] ?? '';
  if (contentType.split(';')[0]!.trim().toLowerCase() !== 'application/json') {
    return { message: MESSAGES.contentType(contentType), detail: `Content-Type is '${contentType}'` };
  }
  const sign = headerValues(res, 'Body-Sign');
  let value = sign.exact;
  if (value === undefined) {
    if (sign.other && res.exactHeaderNames) return { message: MESSAGES.bodySign, detail: `the header is spelled '${sign.other[0]}'; KooGallery matches 'Body-Sign' exactly` };
    if (sign.other) value = sign.other[1]; // through fetch the spelling is not observable
    else return { message: MESSAGES.bodySign, detail: 'no Body-Sign header' };
  }
  let signature: string;
  try {
    const parsed = parseBodySign(value);
    if (parsed.signType !== BODY_SIGN_TYPE) return { message: MESSAGES.bodySign, detail: `sign_type is '${parsed.signType}', not '${BODY_SIGN_TYPE}'` };
    signature = parsed.signature;
  } catch {
    return { message: MESSAGES.bodySign, detail: 'Body-Sign must be sign_type="HMAC-SHA256", signature="<base64>" (values in double quotes)' };
  }
  const expected = base64Encode(await hmacSha256(key, res.body));
  if (!timingSafeEqual(signature, expected)) {
    return { message: MESSAGES.bodySignValue, detail: "Body-Sign is not the HMAC-SHA256 of the exact answer bytes with this interface type's key" };
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8Decode(res.body));
  } catch {
    return { message: MESSAGES.body, detail: 'the answer is not JSON (UTF-8)' };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { message: MESSAGES.body, detail: 'the answer is not a JSON object' };
  const o = json as Record<string, unknown>;
  if (typeof o.resultCode !== 'string') return { message: MESSAGES.body, detail: 'no resultCode string' };
  if (typeof o.resultMsg !== 'string') return { message: MESSAGES.body, detail: 'no resultMsg string' };
  if (o.resultCode.length !== 6) return { message: MESSAGES.length('resultCode'), detail: 'resultCode must be 6 characters' };
  if (o.resultMsg.length > 255) return { message: MESSAGES.length('resultMsg'), detail: 'resultMsg is longer than 255 characters' };
  return { json: o, resultCode: o.resultCode };
}

export function isFault(x: ParsedAnswer | AnswerFault): x is AnswerFault {
  return (x as AnswerFault).message !== undefined;
}

function longer(v: unknown, max: number): boolean {
  return typeof v === 'string' && v.length > max;
}

/** newInstance: instanceId required, at most 64 characters. */
export function checkNewInstance(json: Record<string, unknown>): AnswerFault | undefined {
  if (typeof json.instanceId !== 'string' || json.instanceId === '') return { message: MESSAGES.missing('instanceId'), detail: 'newInstance must return instanceId' };
  if (longer(json.instanceId, 64)) return { message: MESSAGES.length('instanceId'), detail: 'instanceId is longer than 64 characters' };
  return undefined;
}

/** queryInstance: info[].instanceId; usageValue and statisticalTime with usageInfo; appInfo lengths. */
export function checkQueryInstance(json: Record<string, unknown>): AnswerFault | undefined {
  const info = json.info;
  if (info === undefined) return undefined;
  if (!Array.isArray(info)) return { message: MESSAGES.missing('instanceId'), detail: 'info must be an array of instances' };
  for (const item of info as Record<string, unknown>[]) {
    if (item === null || typeof item !== 'object' || typeof item.instanceId !== 'string' || item.instanceId === '') return { message: MESSAGES.missing('instanceId'), detail: 'every info[] entry needs instanceId' };
    if (longer(item.instanceId, 64)) return { message: MESSAGES.length('instanceId'), detail: 'info[].instanceId is longer than 64 characters' };
    const app = item.appInfo as Record<string, unknown> | undefined;
    if (app !== undefined && app !== null) {
      if (typeof app.frontEndUrl !== 'string') return { message: MESSAGES.missing('frontEndUrl'), detail: 'appInfo needs frontEndUrl' };
      for (const [f, max] of [['frontEndUrl', 512], ['adminUrl', 512], ['userName', 128], ['password', 128], ['memo', 1024]] as const) {
        if (longer(app[f], max)) return { message: MESSAGES.length(f), detail: `appInfo.${f} is longer than ${max} characters` };
      }
    }
    const usage = item.usageInfo ?? item.usageInfos;
    if (usage !== undefined && usage !== null) {
      if (!Array.isArray(usage)) return { message: MESSAGES.missing('usageValue'), detail: 'usageInfo must be an array' };
      for (const u of usage as Record<string, unknown>[]) {
        if (typeof u?.usageValue !== 'number') return { message: MESSAGES.missing('usageValue'), detail: 'usageInfo[] needs usageValue (a number)' };
        if (typeof u.statisticalTime !== 'string' || u.statisticalTime === '') return { message: MESSAGES.missing('statisticalTime'), detail: 'usageInfo[] needs statisticalTime' };
        if (longer(u.statisticalTime, 20)) return { message: MESSAGES.length('statisticalTime'), detail: 'statisticalTime is longer than 20 characters' };
      }
    }
  }
  return undefined;
}
