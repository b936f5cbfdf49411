// The README's Express variant, on plain node:http (Express's req/res are these objects): the raw body
// is read from the request stream, and the response is written with node:http, which keeps the
// `Body-Sign` spelling KooGallery matches case-sensitively (seed 000 FAQ 1). Checked on the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  NOTIFICATION_SCHEMES,
  authToken,
  createNonceStore,
  decryptSensitive,
  headerSignature,
  prepareSignedResponse,
  requestSignature,
  responseBody,
  resultCodes,
  verifyBodySign,
  verifyNotification,
} from '../src/koogallery/index.js';

const AK = 'a-very-long-access-key-0123456789-0123456789-0123456789';
const reasons: string[] = [];
let server: Server;
let port: number;

// What an Express route does: app.post('/koogallery', handler) with NO body parser before it.
async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // This endpoint still serves a V1 product: the legacy authToken is opted in (its timeStamp in UTC).
  const verified = await verifyNotification({ url: req.url!, headers: req.headers, body: req }, AK, { nonceStore, maxBodyBytes: 4096, schemes: NOTIFICATION_SCHEMES });
  let body: object;
  if (!verified.ok) {
    reasons.push(verified.reason);
    body = { resultCode: resultCodes.AUTH_FAILED, resultMsg: 'authentication failed' };
  } else {
    // Signed calls carry their fields in the JSON body; legacy authToken calls in the query string.
    let call: { activity?: unknown } | undefined;
    try {
      call = verified.scheme === 'auth-token' ? verified.params : JSON.parse(new TextDecoder().decode(verified.body));
    } catch {
      call = undefined; // a throw here would be an unhandled rejection in an async Express handler
    }
    body = !call
      ? { resultCode: resultCodes.INVALID_PARAMETER, resultMsg: 'body is not JSON' }
      : call.activity === 'newInstance'
        ? await responseBody({ instanceId: 'ins-9', appInfo: { frontEndUrl: 'https://app.example.com', userName: 'u1', password: 'p@ss' } }, AK)
        : { resultCode: resultCodes.SUCCESS, resultMsg: 'success' };
  }
  const { bytes, headers } = await prepareSignedResponse(body, AK);
  res.writeHead(200, headers).end(bytes);
}
const nonceStore = createNonceStore({ ttlSeconds: 120, maxEntries: 1000 });

beforeAll(async () => {
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A raw HTTP/1.1 exchange, so header names are seen exactly as sent. */
function rawRequest(request: string): Promise<{ head: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      resolve({ head: all.subarray(0, split).toString('latin1'), body: all.subarray(split + 4) });
    });
  });
}

describe('Express-style node:http endpoint', () => {
  it('sends Body-Sign spelled exactly so, over the exact body bytes', async () => {
    const body = JSON.stringify({ activity: 'newInstance', buyerInfo: { customerName: '买家' } });
    const nonce = `n-${Date.now()}`;
    const timestamp = String(Date.now());
    const sign = await headerSignature({ accessKey: AK, nonce, timestamp, body });
    const { head, body: resBody } = await rawRequest(
      `POST /koogallery HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nx-sign: ${sign}\r\nx-timestamp: ${timestamp}\r\n` +
        `x-nonce: ${nonce}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith('body-sign:'))!;
    expect(line.startsWith('Body-Sign: sign_type="HMAC-SHA256", signature="')).toBe(true);
    expect(head).toContain('\r\nContent-Type: application/json;charset=UTF-8');
    expect(head).toContain(`\r\nContent-Length: ${resBody.length}`);
    expect(head).not.toMatch(/transfer-encoding/i);
    expect(await verifyBodySign(new Uint8Array(resBody), line.slice('Body-Sign: '.length), AK)).toBe(true);
    const json = JSON.parse(resBody.toString('utf8'));
    expect(json).toMatchObject({ resultCode: '000000', instanceId: 'ins-9', encryptType: '1' });
    expect(await decryptSensitive(json.appInfo.password, AK, 1)).toBe('p@ss');
  });

  it('verifies URL-signed calls through fetch, and refuses oversize, forged and replayed ones', async () => {
    reasons.length = 0;
    const body = '{"activity":"expireInstance","instanceId":"ins-9"}';
    const nonce = `u-${Date.now()}`;
    const timestamp = String(Date.now());
    const signature = await requestSignature({ accessKey: AK, nonce, timestamp, body });
    const url = `http://127.0.0.1:${port}/koogallery?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
    const ok = await fetch(url, { method: 'POST', body });
    const okText = await ok.text();
    expect(JSON.parse(okText)).toEqual({ resultCode: '000000', resultMsg: 'success' });
    expect(await verifyBodySign(okText, ok.headers.get('body-sign')!, AK)).toBe(true);
    const results = [];
    for (const init of [{ body }, { body: body + ' ' }, { body: 'x'.repeat(5000) }]) {
      const res = await fetch(url, { method: 'POST', ...init });
      results.push(JSON.parse(await res.text()).resultCode);
    }
    expect(results).toEqual(['000001', '000001', '000001']);
    expect(reasons).toEqual(['replayed', 'signature-mismatch', 'body-too-large']);
  });

  it('answers a legacy authToken call from its query fields (empty body), signed', async () => {
    // Seed 001's legacy form: every field in the query, authToken over them keyed with accessKey + timeStamp.
    const timeStamp = new Date().toISOString().replace(/\D/g, '').slice(0, 17); // yyyyMMddHHmmssSSS, UTC
    const params = { activity: 'newInstance', businessId: 'b-7', customerId: 'c-7', timeStamp };
    const token = await authToken(params, AK);
    const res = await fetch(`http://127.0.0.1:${port}/koogallery?${new URLSearchParams(params)}&authToken=${encodeURIComponent(token)}`, { method: 'POST' });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(await verifyBodySign(text, res.headers.get('body-sign')!, AK)).toBe(true);
    const json = JSON.parse(text);
    expect(json).toMatchObject({ resultCode: '000000', instanceId: 'ins-9', encryptType: '1' });
    expect(await decryptSensitive(json.appInfo.userName, AK, 1)).toBe('u1');
  });

  it('answers a signed call whose body is not JSON with 000002 instead of failing the handler', async () => {
    const body = 'activity=newInstance';
    const nonce = `nj-${Date.now()}`;
    const timestamp = String(Date.now());
    const sign = await headerSignature({ accessKey: AK, nonce, timestamp, body });
    const res = await fetch(`http://127.0.0.1:${port}/koogallery`, { method: 'POST', headers: { 'x-sign': sign, 'x-timestamp': timestamp, 'x-nonce': nonce }, body });
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ resultCode: '000002', resultMsg: 'body is not JSON' });
    expect(await verifyBodySign(text, res.headers.get('body-sign')!, AK)).toBe(true);
  });
});
