import { describe, expect, it } from 'vitest';
import { SignerError } from '../../src/errors.js';
import {
  decryptSensitive,
  prepareSignedResponse,
  resultCodes,
  resultMessages,
  responseBody,
  signedResponse,
  verifyBodySign,
} from '../../src/koogallery/index.js';
import bodySignVectors from '../../vectors/koogallery-body-sign.json';

const AK = 'ebf72724-bacc-414b-a86b-fda5bcc8153c';

describe('signedResponse', () => {
  it('matches the Java sample for its own body (vector java17-body-sign-02)', async () => {
    const v = bodySignVectors.vectors.find((x) => x.id === 'java17-body-sign-02')!;
    const res = await signedResponse(v.input.body!, v.input.accessKey!);
    expect(res.headers.get('Body-Sign')).toBe(v.expect.header);
    expect(await res.text()).toBe(v.input.body);
  });

  it('serialises an object once and signs exactly the bytes it sends', async () => {
    const body = { resultCode: '000000', resultMsg: '成功 ✓', instanceId: 'ins-1' };
    const res = await signedResponse(body, AK);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes)).toBe(JSON.stringify(body));
    expect(await verifyBodySign(bytes, res.headers.get('Body-Sign')!, AK)).toBe(true);
  });

  it('keeps a string body byte for byte, trailing newline included', async () => {
    const text = '{\n  "resultCode" : "000000"\n}\n';
    const res = await signedResponse(text, AK);
    const got = await res.text();
    expect(got).toBe(text);
    expect(await verifyBodySign(got, res.headers.get('body-sign')!, AK)).toBe(true);
    expect(await verifyBodySign(got.trimEnd(), res.headers.get('body-sign')!, AK)).toBe(false);
  });

  it('honours init (status, headers, a custom Content-Type) but always sets its own Body-Sign', async () => {
    const res = await signedResponse('{}', AK, { status: 202, headers: { 'Content-Type': 'application/json', 'Body-Sign': 'forged', 'X-Extra': '1' } });
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-extra')).toBe('1');
    expect(await verifyBodySign('{}', res.headers.get('Body-Sign')!, AK)).toBe(true);
  });

  it('refuses bodies that are neither objects nor strings', async () => {
    for (const body of [42, null, undefined]) {
      await expect(signedResponse(body as unknown as object, AK)).rejects.toBeInstanceOf(SignerError);
    }
  });
});

describe('prepareSignedResponse', () => {
  it('gives the bytes, their text and headers spelled as KooGallery reads them', async () => {
    const p = await prepareSignedResponse({ resultCode: '000000' }, AK);
    expect(p.text).toBe('{"resultCode":"000000"}');
    expect(new TextDecoder().decode(p.bytes)).toBe(p.text);
    expect(Object.keys(p.headers).sort()).toEqual(['Body-Sign', 'Content-Length', 'Content-Type']);
    expect(p.headers['Content-Length']).toBe('23');
    expect(await verifyBodySign(p.bytes, p.headers['Body-Sign'], AK)).toBe(true);
  });
});

describe('resultCodes and responseBody', () => {
  it('has the six documented codes', () => {
    expect(Object.values(resultCodes)).toEqual(['000000', '000001', '000002', '000003', '000004', '000005']);
    expect(resultCodes.AUTH_FAILED).toBe('000001');
    expect(Object.keys(resultMessages).sort()).toEqual(Object.values(resultCodes));
  });

  it('encrypts userName and password, says which encryptType, keeps field order', async () => {
    const body = await responseBody(
      { instanceId: 'ins-42', appInfo: { frontEndUrl: 'https://app.example.com', adminUrl: 'https://admin.example.com', userName: 'admin', password: 'Pa55 w0rd+密' } },
      AK,
    );
    expect(Object.keys(body)).toEqual(['resultCode', 'resultMsg', 'instanceId', 'encryptType', 'appInfo']);
    expect(body).toMatchObject({ resultCode: '000000', resultMsg: 'success', instanceId: 'ins-42', encryptType: '1' });
    expect(body.appInfo!.frontEndUrl).toBe('https://app.example.com');
    expect(body.appInfo!.userName).toMatch(/^[A-Za-z0-9]{16}[A-Za-z0-9+/]+=*$/);
    expect(await decryptSensitive(body.appInfo!.userName!, AK, 1)).toBe('admin');
    expect(await decryptSensitive(body.appInfo!.password!, AK, 1)).toBe('Pa55 w0rd+密');
  });

  it('uses AES-128 with encryptType 2', async () => {
    const body = await responseBody({ instanceId: 'i', encryptType: 2, appInfo: { password: 'p' } }, AK);
    expect(body.encryptType).toBe('2');
    expect(await decryptSensitive(body.appInfo!.password!, AK, 2)).toBe('p');
  });

  it('builds plain result bodies and keeps extra fields', async () => {
    expect(await responseBody({}, AK)).toEqual({ resultCode: '000000', resultMsg: 'success' });
    expect(await responseBody({ resultCode: resultCodes.INSTANCE_NOT_FOUND }, AK)).toEqual({ resultCode: '000003', resultMsg: 'instance not found' });
    expect(await responseBody({ resultCode: '000005', resultMsg: 'busy', info: [{ instanceId: 'x' }] }, AK)).toEqual({
      resultCode: '000005',
      resultMsg: 'busy',
      info: [{ instanceId: 'x' }],
    });
    expect(await responseBody({ appInfo: { frontEndUrl: 'https://x' } }, AK)).toEqual({ resultCode: '000000', resultMsg: 'success', appInfo: { frontEndUrl: 'https://x' } });
  });

  it('refuses unknown codes and non-string appInfo fields', async () => {
    await expect(responseBody({ resultCode: '999999' as '000000' }, AK)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(responseBody({ appInfo: { password: 42 as unknown as string } }, AK)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(responseBody({ appInfo: { password: 'p' } }, '')).rejects.toMatchObject({ code: 'ERR_MISSING_CREDENTIALS' });
  });
});
