import { describe, expect, it } from 'vitest';
import { hmacSha256Base64 } from '../../src/crypto/index.js';
import { SignerError } from '../../src/errors.js';
import {
  authToken,
  authTokenStringToSign,
  bodySign,
  headerSignature,
  parseBodySign,
  requestSignature,
  verifyBodySign,
} from '../../src/koogallery/index.js';
import requestSignatureVectors from '../../vectors/koogallery-request-signature.json';

const AK = 'ebf72724-bacc-414b-a86b-fda5bcc8153c';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return e instanceof SignerError ? e.code : `not a SignerError: ${String(e)}`;
  }
  return 'no error';
}

async function asyncCodeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof SignerError ? e.code : `not a SignerError: ${String(e)}`;
  }
  return 'no error';
}

describe('authToken', () => {
  it('sorts names by UTF-16 code units, like Java TreeMap (String.compareTo)', () => {
    // Code units: 'B' 0x42 < '_' 0x5f < 'a' 0x61 < 'é' 0xe9 < '😀' 0xd83d < 'ｚ' 0xff5a. Code points
    // would put 'ｚ' (U+FF5A) before '😀' (U+1F600): Java does not.
    const params = { 'ｚ': '6', a: '3', '😀': '5', _: '2', B: '1', 'é': '4', timeStamp: 't' };
    expect(authTokenStringToSign(params)).toBe('B=1&_=2&a=3&timeStamp=t&é=4&😀=5&ｚ=6');
  });

  it('ignores authToken, keeps empty values, takes the first of repeated names', () => {
    const q = new URLSearchParams('b=2&a=&b=3&authToken=zzz&timeStamp=1');
    expect(authTokenStringToSign(q)).toBe('a=&b=2&timeStamp=1');
  });

  it('is HMAC-SHA256 keyed with accessKey + timeStamp over the string to sign', async () => {
    const params = { activity: 'newInstance', instanceId: 'a b+c', timeStamp: '20240101000000000' };
    const expected = await hmacSha256Base64(AK + '20240101000000000', 'activity=newInstance&instanceId=a b+c&timeStamp=20240101000000000');
    expect(await authToken(params, AK)).toBe(expected);
  });

  it('refuses a missing timeStamp, non-string values and an empty accessKey', async () => {
    expect(await asyncCodeOf(authToken({ a: '1' }, AK))).toBe('ERR_INVALID_ARGUMENT');
    expect(await asyncCodeOf(authToken({ a: 1 as unknown as string, timeStamp: '1' }, AK))).toBe('ERR_INVALID_ARGUMENT');
    expect(await asyncCodeOf(authToken({ timeStamp: '1' }, ''))).toBe('ERR_MISSING_CREDENTIALS');
    expect(codeOf(() => authTokenStringToSign(null as unknown as Record<string, string>))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('request signatures (protocols.md 3.2: no published example with a real key)', () => {
  const nonce = 'RLLUammMSInlrNWb';
  const timestamp = '1716363778801';
  const body = '{"activity":"newInstance","buyerInfo":{"customerName":"张三"}}';
  // The expected values come from OpenSSL (vectors/koogallery-request-signature.json, run in every
  // runtime); here, the other spellings of the same input give the same signature.
  const v = requestSignatureVectors.vectors.find((x) => x.id === 'openssl-request-signature-01')!;
  const parts = { accessKey: v.input.accessKey, nonce: v.input.nonce, timestamp: v.input.timestamp, body: v.input.body! };

  it('URL form: a numeric timestamp and a byte body sign as their text', async () => {
    expect(await requestSignature(parts)).toBe(v.expect.urlSignature);
    expect(await requestSignature({ ...parts, timestamp: Number(parts.timestamp) })).toBe(v.expect.urlSignature);
    expect(await requestSignature({ ...parts, body: new TextEncoder().encode(parts.body) })).toBe(v.expect.urlSignature);
  });

  it('header form: a numeric timestamp and a byte body sign as their text', async () => {
    expect(await headerSignature(parts)).toBe(v.expect.headerSignature);
    expect(await headerSignature({ ...parts, timestamp: Number(parts.timestamp) })).toBe(v.expect.headerSignature);
    expect(await headerSignature({ ...parts, body: new TextEncoder().encode(parts.body) })).toBe(v.expect.headerSignature);
  });

  it('the two forms differ, and every input changes the signature', async () => {
    const base = { accessKey: AK, nonce, timestamp, body };
    const url = await requestSignature(base);
    expect(await headerSignature(base)).not.toBe(url);
    for (const changed of [{ ...base, accessKey: AK + '1' }, { ...base, nonce: nonce + '1' }, { ...base, timestamp: timestamp + '1' }, { ...base, body: body + ' ' }]) {
      expect(await requestSignature(changed)).not.toBe(url);
    }
  });

  it('refuses bad input', async () => {
    expect(await asyncCodeOf(requestSignature({ accessKey: '', nonce, timestamp, body }))).toBe('ERR_MISSING_CREDENTIALS');
    expect(await asyncCodeOf(requestSignature({ accessKey: AK, nonce: 1 as unknown as string, timestamp, body }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await asyncCodeOf(headerSignature({ accessKey: AK, nonce, timestamp: 1.5, body }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await asyncCodeOf(headerSignature({ accessKey: AK, nonce, timestamp, body: {} as unknown as string }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await asyncCodeOf(requestSignature(null as unknown as Parameters<typeof requestSignature>[0]))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('Body-Sign', () => {
  const sig = 'MkW2WiHUOpT4G/IFYV5kigY7djPRs3U5hOCe/EQrt8g=';

  it('parses the FAQ form, the Java form and other spacing', () => {
    for (const header of [
      `sign_type="HMAC-SHA256", signature="${sig}"`,
      `sign_type="HMAC-SHA256", signature= "${sig}"`,
      `sign_type = "HMAC-SHA256" ,signature =  "${sig}"  `,
      `signature="${sig}",sign_type="HMAC-SHA256"`,
      `sign_type="HMAC-SHA256", version="1", signature="${sig}"`,
    ]) {
      expect(parseBodySign(header)).toEqual({ signType: 'HMAC-SHA256', signature: sig });
    }
  });

  it('refuses unquoted, incomplete, repeated or trailing-comma values', () => {
    for (const header of [
      `sign_type=HMAC-SHA256, signature=${sig}`,
      `sign_type="HMAC-SHA256"`,
      `sign_type="HMAC-SHA256", signature=""`,
      `sign_type="HMAC-SHA256", signature="a", signature="b"`,
      `sign_type="HMAC-SHA256", signature="${sig}",`,
      `sign_type="HMAC-SHA256" signature="${sig}"`,
      '',
      'garbage',
    ]) {
      expect(codeOf(() => parseBodySign(header))).toBe('ERR_BAD_HEADER');
    }
    expect(codeOf(() => parseBodySign(undefined as unknown as string))).toBe('ERR_BAD_HEADER');
  });

  it('signs the exact bytes, binary included', async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0x7d]);
    expect(await bodySign(bytes, AK)).toBe(`sign_type="HMAC-SHA256", signature="${await hmacSha256Base64(AK, bytes)}"`);
  });

  it('verifyBodySign: false for another body, key or sign_type, and for garbage; never throws on the header', async () => {
    const body = '{"resultCode":"000000"}';
    const header = await bodySign(body, AK);
    expect(await verifyBodySign(body, header, AK)).toBe(true);
    expect(await verifyBodySign(body + '\n', header, AK)).toBe(false);
    expect(await verifyBodySign(body, header, AK + 'x')).toBe(false);
    expect(await verifyBodySign(body, header.replace('HMAC-SHA256', 'HMAC-SHA1'), AK)).toBe(false);
    expect(await verifyBodySign(body, header.replace('HMAC-SHA256', 'hmac-sha256'), AK)).toBe(false);
    expect(await verifyBodySign(body, 'garbage', AK)).toBe(false);
    expect(await verifyBodySign(body, undefined as unknown as string, AK)).toBe(false);
  });
});
