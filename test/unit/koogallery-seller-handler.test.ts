// createSellerHandler: every call verified before a callback runs, answers signed over their exact bytes.
// Calls are signed here with node:crypto's createHmac (independent of the library's HMAC); the kit and
// basic values below were computed with it over the documents' example bodies (keys made up, since the
// documents mask them).
import { describe, expect, it, vi } from 'vitest';
import { createHmac } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { createSellerHandler, decryptSensitive, type SellerHandlerOptions } from '../../src/koogallery/index.js';

const BASIC = 'example-basic-access-key';
const KIT = 'example-kit-access-key';
const NOTIFY = 'example-notify-access-key';
const NONCE = '50D83FDECAED6CCD8EF597F2A577950527928BA287D04E6036E92B2806FD17DA';
const TS = '1680508066618';
const at = (ms: number) => () => ms;

const hmacHex = (key: string | Buffer, data: string | Buffer) => createHmac('sha256', key).update(data).digest('hex');
const urlSig = (key: string, nonce: string, ts: string, body: string) => hmacHex(key, key + nonce + ts + hmacHex(key, body)).toUpperCase();
const headerSig = (key: string, nonce: string, ts: string, body: string) => hmacHex(key, key + nonce + ts + body).toUpperCase();

let counter = 0;
const fresh = () => `N${Date.now()}${++counter}`.padEnd(32, 'X');

function basicCall(body: object | string, o: { key?: string; nonce?: string; ts?: string; sign?: string; base?: string } = {}): Request {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const key = o.key ?? BASIC;
  const nonce = o.nonce ?? fresh();
  const ts = o.ts ?? String(Date.now());
  const sig = o.sign ?? urlSig(key, nonce, ts, text);
  return new Request(`${o.base ?? 'https://isv.example.com/saas'}?signature=${sig}&timestamp=${ts}&nonce=${nonce}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json;charset=utf8' },
    body: text,
  });
}

function kitCall(name: string, body: object | string, o: { key?: string; nonce?: string; ts?: string; sign?: string } = {}): Request {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const key = o.key ?? KIT;
  const nonce = o.nonce ?? fresh();
  const ts = o.ts ?? String(Date.now());
  return new Request(`https://isv.example.com/saas/produceAPI/v2/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-sign': o.sign ?? headerSig(key, nonce, ts, text), 'x-timestamp': ts, 'x-nonce': nonce },
    body: text,
  });
}

/** The answer's JSON after checking status, Content-Type and Body-Sign (base64 HMAC of the exact bytes). */
async function answer(res: Response, key: string | Buffer = BASIC): Promise<Record<string, any>> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  const bytes = Buffer.from(await res.arrayBuffer());
  const expected = createHmac('sha256', key).update(bytes).digest('base64');
  expect(res.headers.get('body-sign')).toBe(`sign_type="HMAC-SHA256", signature="${expected}"`);
  return JSON.parse(bytes.toString('utf8'));
}

const newInstance = { activity: 'newInstance', businessId: '87b94795-0603-4e24-8ae5-69420d60e3c8', orderId: 'CS2211181819B4LVS', orderLineId: 'CS2211181819B4LVS-000001', testFlag: '1' };
const tenantRaw = '{"instanceId": "huaiweitest123456","orderId": "CS1906666666ABCDE","tenantId": "68cbc86****************880d92f36422fa0e","tenantCode": "huawei","name": "huaiweitest","domainName": "https://example.tenantaccount.com","flag": 1,"testFlag": 0,"timeStamp": "20220413093539534"}';

function handlerWith(on: SellerHandlerOptions['on'], extra: Partial<SellerHandlerOptions> = {}) {
  return createSellerHandler({ accessKeys: { basic: BASIC, kit: KIT, notify: NOTIFY }, on, ...extra });
}

describe('createSellerHandler: the documents\' examples', () => {
  it('newInstance (URL signature over the raw body, the self-made vector 8c93dd9c…) reaches the callback with debug true', async () => {
    const cb = vi.fn(async () => ({ instanceId: 'ins-1' }));
    const handle = handlerWith({ newInstance: cb }, { now: at(Number(TS) + 1000) });
    const body = JSON.stringify(newInstance);
    expect(urlSig(BASIC, NONCE, TS, body)).toBe('8c93dd9ce6fdfc8340f512eb64eb730e9f3989442032e9e8fe404a8992415d94'.toUpperCase());
    const res = await handle(basicCall(body, { nonce: NONCE, ts: TS }));
    expect(await answer(res)).toEqual({ resultCode: '000000', resultMsg: 'success', instanceId: 'ins-1' });
    expect(cb).toHaveBeenCalledWith(expect.objectContaining({ interface: 'newInstance', body: newInstance, debug: true, signedForm: 'raw' }));
  });

  it('tenantSync: x-sign over the raw body (1360e574…) and over the canonical form (51900c8c…) both verify, and say which', async () => {
    const seen: string[] = [];
    const handle = handlerWith({ tenantSync: ({ signedForm, debug, body }) => { seen.push(`${signedForm}:${debug}:${body.tenantCode}`); } }, { now: at(Number(TS)) });
    expect(headerSig(KIT, NONCE, TS, tenantRaw).toLowerCase()).toBe('1360e574f1017d07cbf799823a9b888e7b93ec5ab5a12bf5bb2a9d617aaa8ed2');
    const canonical = '{"domainName":"https://example.tenantaccount.com","flag":1,"instanceId":"huaiweitest123456","name":"huaiweitest","orderId":"CS1906666666ABCDE","tenantCode":"huawei","tenantId":"68cbc86****************880d92f36422fa0e","testFlag":0,"timeStamp":"20220413093539534"}';
    expect(headerSig(KIT, NONCE, TS, canonical).toLowerCase()).toBe('51900c8c396c60a1eff42d7f88e8fb78ea7758c229359728ab7e8f0fbcdc4e5f');
    expect((await answer(await handle(kitCall('tenantSync', tenantRaw, { nonce: NONCE, ts: TS })), KIT)).resultCode).toBe('000000');
    const viaCanonical = kitCall('tenantSync', tenantRaw, { nonce: NONCE + '2', ts: TS, sign: headerSig(KIT, NONCE + '2', TS, canonical) });
    expect((await answer(await handle(viaCanonical), KIT)).resultCode).toBe('000000');
    expect(seen).toEqual(['raw:false:huawei', 'canonical:false:huawei']);
  });
});

describe('createSellerHandler: refusals never reach a callback', () => {
  const cb = vi.fn(() => ({ instanceId: 'x' }));
  const refused: string[] = [];
  const handle = handlerWith({ newInstance: cb, queryInstance: () => ({ info: [] }) }, { onRefused: (r) => refused.push(r.reason) });
  const body = JSON.stringify(newInstance);

  it.each([
    ['another key', () => basicCall(body, { key: 'another-key' }), 'signature-mismatch'],
    ['a value changed after signing', () => { const ts = String(Date.now()); const n = fresh(); return basicCall(body.replace('CS2211181819B4LVS-000001', 'CS2211181819B4LVS-000002'), { nonce: n, ts, sign: urlSig(BASIC, n, ts, body) }); }, 'signature-mismatch'],
    ['a timestamp two minutes old', () => basicCall(body, { ts: String(Date.now() - 120_000) }), 'expired'],
    ['a timestamp two minutes ahead', () => basicCall(body, { ts: String(Date.now() + 120_000) }), 'expired'],
    ['a timestamp with a leading zero', () => basicCall(body, { ts: '0' + String(Date.now()) }), 'bad-timestamp'],
    ['a timestamp with a sign', () => basicCall(body, { ts: '+' + String(Date.now()) }), 'bad-timestamp'],
    ['a timestamp of 11 digits', () => basicCall(body, { ts: String(Date.now()).slice(0, 11) }), 'bad-timestamp'],
    ['no signature', () => new Request('https://isv.example.com/?timestamp=1&nonce=2', { method: 'POST', body }), 'missing-parameter'],
    ['a signature that is not hex', () => basicCall(body, { sign: 'Z'.repeat(64) }), 'signature-mismatch'],
  ])('%s: 000001', async (_what, make, reason) => {
    cb.mockClear();
    refused.length = 0;
    expect(await answer(await handle(make()))).toEqual({ resultCode: '000001', resultMsg: 'authentication failed' });
    expect(cb).not.toHaveBeenCalled();
    expect(refused).toEqual([reason]);
  });

  it('the same call twice: the second is a replay (000001)', async () => {
    const ts = String(Date.now());
    const nonce = fresh();
    expect((await answer(await handle(basicCall(body, { nonce, ts })))).resultCode).toBe('000000');
    expect((await answer(await handle(basicCall(body, { nonce, ts })))).resultCode).toBe('000001');
  });

  it('the signature in upper or lower case is the same call (the store keys on the computed signature)', async () => {
    const ts = String(Date.now());
    const nonce = fresh();
    const sig = urlSig(BASIC, nonce, ts, body);
    expect((await answer(await handle(basicCall(body, { nonce, ts, sign: sig })))).resultCode).toBe('000000');
    expect((await answer(await handle(basicCall(body, { nonce, ts, sign: sig.toLowerCase() })))).resultCode).toBe('000001');
  });

  it('moving a character between the nonce and the timestamp (same signed string) is refused', async () => {
    const ts = String(Date.now());
    const nonce = fresh().slice(0, 20) + '1';
    const sig = urlSig(BASIC, nonce, ts, body);
    expect((await answer(await handle(basicCall(body, { nonce, ts, sign: sig })))).resultCode).toBe('000000');
    const moved = basicCall(body, { nonce: nonce.slice(0, -1), ts: '1' + ts, sign: sig });
    const moved2 = basicCall(body, { nonce: nonce + ts[0], ts: ts.slice(1), sign: sig });
    expect((await answer(await handle(moved))).resultCode).toBe('000001');
    expect((await answer(await handle(moved2))).resultCode).toBe('000001');
  });

  it('unknown activity, unimplemented interface, bad field, GET, unknown kit route: signed 000002', async () => {
    for (const req of [
      basicCall({ activity: 'noSuchThing' }),
      basicCall({ activity: 'releaseInstance', instanceId: 'i' }),
      basicCall({ activity: 'newInstance', orderId: 'o', orderLineId: 'l', businessId: 7 }),
      basicCall({ activity: 'queryInstance', instanceId: Array.from({ length: 101 }, (_, i) => `i${i}`).join(',') }),
      basicCall([1, 2]),
      new Request('https://isv.example.com/?activity=newInstance'),
    ]) {
      expect(await answer(await handle(req))).toEqual({ resultCode: '000002', resultMsg: 'invalid parameter' });
    }
    expect(await answer(await handle(kitCall('nope', { tenantId: 't' })), KIT)).toEqual({ resultCode: '000002', resultMsg: 'invalid parameter' });
    expect(await answer(await handle(kitCall('tenantSync', tenantRaw)), KIT)).toEqual({ resultCode: '000002', resultMsg: 'invalid parameter' });
  });

  it('a kit call signed with the basic key is refused; orderNotify takes the notify key, not the basic one', async () => {
    const h = handlerWith({ tenantSync: () => {}, orderNotify: () => {} });
    expect((await answer(await h(kitCall('tenantSync', tenantRaw, { key: BASIC })), KIT)).resultCode).toBe('000001');
    const notify = { activity: 'orderNotify', orderId: 'CS1', orderLineId: 'CS1-000001', testFlag: '1' };
    expect((await answer(await h(basicCall(notify, { key: BASIC })), NOTIFY)).resultCode).toBe('000001');
    expect((await answer(await h(basicCall(notify, { key: NOTIFY })), NOTIFY)).resultCode).toBe('000000');
  });
});

describe('createSellerHandler: answers', () => {
  it('a callback that throws: 000005 with a generic message; the error goes to onError only', async () => {
    const errors: unknown[] = [];
    const handle = handlerWith({ newInstance: () => { throw new Error('db password hunter2 rejected'); } }, { onError: (e) => errors.push(e) });
    const res = await handle(basicCall(newInstance));
    const text = JSON.stringify(await answer(res));
    expect(text).toBe('{"resultCode":"000005","resultMsg":"other error"}');
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('hunter2');
  });

  it('newInstance without instanceId is an error (000005), other codes pass through with their fields', async () => {
    const errors: unknown[] = [];
    const h = handlerWith({ newInstance: () => ({}) as never, changeInstanceCheck: () => ({ resultCode: '000100', resultMsg: 'no resource' }) }, { onError: (e) => errors.push(e) });
    expect((await answer(await h(basicCall(newInstance)))).resultCode).toBe('000005');
    expect(errors[0]).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    const check = { activity: 'changeInstanceCheck', instanceId: 'i', productInfo: { productId: 'p', skuCode: 's', productName: 'n' } };
    expect(await answer(await h(basicCall(check)))).toEqual({ resultCode: '000100', resultMsg: 'no resource' });
  });

  it('queryInstance: credentials AES-encrypted on request (encryptType), non-ASCII sent as \\u escapes', async () => {
    const h = handlerWith(
      { queryInstance: ({ instanceIds }) => ({ info: instanceIds.map((id) => ({ instanceId: id, appInfo: { frontEndUrl: 'https://app.example.com', userName: 'admin', password: 'Pa55!', memo: '中文' } })) }) },
      { encryptQueryCredentials: 1 },
    );
    const res = await h(basicCall({ activity: 'queryInstance', instanceId: 'a,b' }));
    const raw = Buffer.from(await res.clone().arrayBuffer()).toString('latin1');
    expect(raw).toContain('"memo":"\\u4e2d\\u6587"');
    const body = await answer(res);
    expect(body.encryptType).toBe('1');
    expect(body.info.map((i: { instanceId: string }) => i.instanceId)).toEqual(['a', 'b']);
    expect(await decryptSensitive(body.info[0].appInfo.password, BASIC, 1)).toBe('Pa55!');
    expect(await decryptSensitive(body.info[1].appInfo.userName, BASIC, 1)).toBe('admin');
  });

  it("keyEncoding 'base64': the decoded bytes are the key everywhere", async () => {
    const raw = Buffer.from([0x01, 0xfe, 0x80, 0x33, 0x44, 0x55]);
    const h = createSellerHandler({ accessKeys: { basic: raw.toString('base64') }, keyEncoding: 'base64', on: { newInstance: () => ({ instanceId: 'i' }) } });
    const body = JSON.stringify(newInstance);
    const nonce = fresh();
    const ts = String(Date.now());
    const inner = createHmac('sha256', raw).update(body).digest('hex');
    const sig = createHmac('sha256', raw).update(Buffer.concat([raw, Buffer.from(nonce + ts + inner)])).digest('hex');
    expect((await answer(await h(basicCall(body, { nonce, ts, sign: sig })), raw)).resultCode).toBe('000000');
  });

  it('kit: integer testFlag 1 is debug; allOrgSync takes orgInfoList as the documents\' string example', async () => {
    const got: unknown[] = [];
    const h = handlerWith({ allOrgSync: ({ orgInfoList, debug }) => { got.push(debug, orgInfoList); } });
    const body = { instanceId: 'i', tenantId: 't', orgInfoList: '[{orgCode:"00000001", orgName:"产品部", parentCode:"265789314" }]', testFlag: 1, timeStamp: '20220420114117642' };
    expect((await answer(await h(kitCall('allOrgSync', body)), KIT)).resultCode).toBe('000000');
    expect(got).toEqual([true, [{ orgCode: '00000001', orgName: '产品部', parentCode: '265789314' }]]);
  });

  it('a request whose body was read before the handler: 000005 and onError, no callback', async () => {
    const errors: unknown[] = [];
    const cb = vi.fn(() => ({ instanceId: 'i' }));
    const h = handlerWith({ newInstance: cb }, { onError: (e) => errors.push(e) });
    const req = basicCall(newInstance);
    await req.text();
    expect(await answer(await h(req))).toEqual({ resultCode: '000005', resultMsg: 'other error' });
    expect(errors).toEqual([expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('read before the handler') })]);
    expect(cb).not.toHaveBeenCalled();
  });

  it('bad options are SignerErrors', () => {
    expect(() => createSellerHandler({ accessKeys: { basic: '' }, on: {} })).toThrow(expect.objectContaining({ code: 'ERR_MISSING_CREDENTIALS' }));
    expect(() => createSellerHandler({ accessKeys: { basic: 'a', kit: 'a' }, on: {} })).toThrow(/differ/);
    expect(() => createSellerHandler({ accessKeys: { basic: 'a' }, on: { applicationSync: () => {} } })).toThrow(/clientSecretKey/);
    expect(() => createSellerHandler({ accessKeys: { basic: 'a' }, on: { nope: () => {} } as never })).toThrow(/not a KooGallery interface/);
  });
});

describe('createSellerHandler: applicationSync', () => {
  const v = JSON.parse(readFileSync(new URL('../fixtures/koogallery/oaep-java.json', import.meta.url), 'utf8')) as { privateKeyPkcs8Base64: string; plaintextUtf8: string; ciphertexts: { transformation: string; ciphertextBase64: string }[] };
  const app = (clientSecret: string) => ({ instanceId: '', tenantId: 't', appId: 'a', clientId: 'c', clientSecret, flag: 1, testFlag: 1, timeStamp: '20220420114117642' });

  it.each(v.ciphertexts.map((r) => [r.transformation, r.ciphertextBase64]))('clientSecret from SunJCE %s arrives decrypted', async (_t, ct) => {
    let secret = '';
    const h = handlerWith({ applicationSync: ({ clientSecret }) => { secret = clientSecret; } }, { clientSecretKey: v.privateKeyPkcs8Base64 });
    expect((await answer(await h(kitCall('applicationSync', app(ct))), KIT)).resultCode).toBe('000000');
    expect(secret).toBe(v.plaintextUtf8);
  });

  it('an unsigned call is never decrypted; one that does not decrypt is 000005 with ERR_DECRYPT to onError', async () => {
    const errors: any[] = [];
    const cb = vi.fn();
    const h = handlerWith({ applicationSync: cb }, { clientSecretKey: v.privateKeyPkcs8Base64, onError: (e) => errors.push(e) });
    expect((await answer(await h(kitCall('applicationSync', app('AAAA'), { key: 'wrong' })), KIT)).resultCode).toBe('000001');
    expect(errors).toEqual([]);
    const tampered = Buffer.from(v.ciphertexts[2]!.ciphertextBase64, 'base64');
    tampered[5]! ^= 1;
    expect((await answer(await h(kitCall('applicationSync', app(tampered.toString('base64')))), KIT)).resultCode).toBe('000005');
    expect(errors.map((e) => [e.code, e.message, 'cause' in e])).toEqual([['ERR_DECRYPT', 'clientSecret cannot be decrypted with this private key', false]]);
    expect(cb).not.toHaveBeenCalled();
  });
});

describe('createSellerHandler: node:http', () => {
  it('handle.node answers with the header spelled Body-Sign on the wire', async () => {
    const handle = handlerWith({ newInstance: () => ({ instanceId: 'ins-node' }) });
    const server = createServer((req, res) => void handle.node(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const call = basicCall(newInstance, { base: `http://127.0.0.1:${port}/saas` });
      const body = Buffer.from(await call.arrayBuffer());
      const got = await new Promise<{ raw: string[]; body: Buffer }>((resolve, reject) => {
        const r = httpRequest(call.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ raw: res.rawHeaders, body: Buffer.concat(chunks) }));
        });
        r.on('error', reject);
        r.end(body);
      });
      expect(got.raw).toContain('Body-Sign');
      const sign = got.raw[got.raw.indexOf('Body-Sign') + 1];
      expect(sign).toBe(`sign_type="HMAC-SHA256", signature="${createHmac('sha256', BASIC).update(got.body).digest('base64')}"`);
      expect(JSON.parse(got.body.toString())).toEqual({ resultCode: '000000', resultMsg: 'success', instanceId: 'ins-node' });
    } finally {
      server.close();
    }
  });
});
