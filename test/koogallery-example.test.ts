// Runs the README's Fetch-API seller endpoint (test/examples/koogallery-handler.mjs) against dist/node.
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { authToken, decryptSensitive, headerSignature, requestSignature, verifyBodySign } from '../src/koogallery/index.js';

const AK = '9fa6c870-8bb0-4e9b-b71e-4c223300156f';
const URL_BASE = 'https://isv.example.com/koogallery';
const dist = fileURLToPath(new URL('../dist/node/koogallery.js', import.meta.url));

type Handler = (request: Request) => Promise<Response>;
let handle: Handler;
const provisioned: Array<Record<string, unknown>> = [];
const refused: string[] = [];

beforeAll(async () => {
  if (!existsSync(dist)) throw new Error('dist/node/koogallery.js is missing: run `npm run build` first (npm test does)');
  const { createSellerHandler } = await import(new URL('./examples/koogallery-handler.mjs', import.meta.url).href);
  handle = createSellerHandler({
    accessKey: AK,
    provision: async (call: Record<string, unknown>) => {
      provisioned.push(call);
      return { instanceId: 'ins-0001', frontEndUrl: 'https://app.example.com/login', adminUrl: 'https://app.example.com/admin', userName: 'tenant-admin', password: 'S3cr3t+密码 !' };
    },
    onRefused: (f: { reason: string }) => refused.push(f.reason),
  });
});

let n = 0;
async function signedCall(body: string, scheme: 'header' | 'url' = 'header', nonce = `nonce-${Date.now()}-${++n}`): Promise<Request> {
  const timestamp = String(Date.now());
  if (scheme === 'header') {
    const sign = await headerSignature({ accessKey: AK, nonce, timestamp, body });
    return new Request(URL_BASE, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-sign': sign, 'x-timestamp': timestamp, 'x-nonce': nonce }, body });
  }
  const signature = await requestSignature({ accessKey: AK, nonce, timestamp, body });
  return new Request(`${URL_BASE}?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
}

async function answer(res: Response): Promise<Record<string, any>> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
  expect(await verifyBodySign(bytes, res.headers.get('Body-Sign') ?? '', AK)).toBe(true);
  return JSON.parse(new TextDecoder().decode(bytes));
}

describe('README Fetch handler (dist/node)', () => {
  const newInstance = JSON.stringify({ activity: 'newInstance', buyerInfo: { customerId: 'c1', userName: 'buyer' }, orderInfo: [{ businessId: 'b-1', orderId: 'CS1' }], testFlag: '1' });

  it('answers a signed newInstance with Body-Sign and credentials KooGallery can decrypt', async () => {
    const body = await answer(await handle(await signedCall(newInstance)));
    expect(body).toMatchObject({ resultCode: '000000', resultMsg: 'success', instanceId: 'ins-0001', encryptType: '1' });
    expect(body.appInfo.frontEndUrl).toBe('https://app.example.com/login');
    expect(body.appInfo.password).not.toContain('S3cr3t');
    expect(await decryptSensitive(body.appInfo.password, AK, 1)).toBe('S3cr3t+密码 !');
    expect(await decryptSensitive(body.appInfo.userName, AK, 1)).toBe('tenant-admin');
    expect(provisioned.at(-1)).toMatchObject({ activity: 'newInstance', orderInfo: [{ businessId: 'b-1' }] });
  });

  it('answers the URL-signature and legacy authToken schemes and the other activities', async () => {
    expect((await answer(await handle(await signedCall(newInstance, 'url')))).resultCode).toBe('000000');
    expect((await answer(await handle(await signedCall('{"activity":"releaseInstance","instanceId":"ins-0001"}')))).resultCode).toBe('000000');
    const params = { activity: 'refreshInstance', instanceId: 'ins-0001', expireTime: '20301231235959', timeStamp: '20240522153618801' };
    const token = await authToken(params, AK);
    const legacy = new Request(`${URL_BASE}?${new URLSearchParams(params)}&authToken=${token}`);
    expect(await answer(await handle(legacy))).toEqual({ resultCode: '000000', resultMsg: 'success' });
    expect((await answer(await handle(await signedCall('{"activity":"dance"}')))).resultCode).toBe('000002');
  });

  it('refuses forged, replayed and unsigned calls with 000001, still signed', async () => {
    refused.length = 0;
    const good = await signedCall(newInstance);
    const forged = new Request(good.url, { method: 'POST', headers: good.headers, body: newInstance.replace('b-1', 'b-2') });
    expect((await answer(await handle(forged))).resultCode).toBe('000001');
    const replayNonce = `replay-${Date.now()}`;
    expect((await answer(await handle(await signedCall(newInstance, 'header', replayNonce)))).resultCode).toBe('000000');
    expect((await answer(await handle(await signedCall(newInstance, 'header', replayNonce)))).resultCode).toBe('000001');
    expect((await answer(await handle(new Request(URL_BASE, { method: 'POST', body: newInstance })))).resultCode).toBe('000001');
    expect(refused).toEqual(['bad-signature', 'replayed-nonce', 'missing-signature']);
  });
});
