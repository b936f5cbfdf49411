// Runs the Fetch-API seller endpoint fixture (test/examples/koogallery-handler.mjs) against dist/node,
// served directly and through node:http (koogallery-node-http.mjs) on Node and on Deno; and `npm run example`
// (examples/example.mjs).
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
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

  it('answers the URL-signature scheme and the other activities, and refuses the legacy authToken by default', async () => {
    expect((await answer(await handle(await signedCall(newInstance, 'url')))).resultCode).toBe('000000');
    expect((await answer(await handle(await signedCall('{"activity":"releaseInstance","instanceId":"ins-0001"}')))).resultCode).toBe('000000');
    const params = { activity: 'refreshInstance', instanceId: 'ins-0001', expireTime: '20301231235959', timeStamp: '20240522153618801' };
    const token = await authToken(params, AK);
    const legacy = new Request(`${URL_BASE}?${new URLSearchParams(params)}&authToken=${token}`);
    expect((await answer(await handle(legacy))).resultCode).toBe('000001');
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
    expect(refused).toEqual(['signature-mismatch', 'replayed', 'missing-signature']);
  });
});

const read = (rel: string) => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
/** `export function NAME` up to the closing brace at the start of a line. */
function fn(text: string, name: string): string {
  const start = text.indexOf(`export function ${name}(`);
  expect(start, name).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('\n}\n', start) + 2);
}

/** A raw HTTP/1.1 exchange, so header names are seen exactly as sent. */
function rawExchange(port: number, request: string): Promise<{ head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let raw = '';
    socket.setEncoding('latin1');
    socket.on('data', (c) => (raw += c));
    socket.on('error', reject);
    socket.on('end', () => {
      const split = raw.indexOf('\r\n\r\n');
      resolve({ head: raw.slice(0, split), body: Buffer.from(raw.slice(split + 4), 'latin1').toString('utf8') });
    });
  });
}

/** The Body-Sign line of a raw response head, as written on the wire. */
const bodySignLine = (head: string) => head.split('\r\n').find((l) => l.toLowerCase().startsWith('body-sign:'))!;

describe('the seller example (examples/koogallery-seller.mjs) serves through the listener tested here', () => {
  it('its node:http listener is this fixture, character for character', () => {
    const example = read('../examples/koogallery-seller.mjs');
    const listener = read('./examples/koogallery-node-http.mjs');
    expect(fn(example, 'nodeHttpListener')).toBe(fn(listener, 'nodeHttpListener'));
    expect(example).toContain('const server = createServer(nodeHttpListener(handle));');
  });
});

describe('the handler through node:http (koogallery-node-http.mjs)', () => {
  it('on Node: a signed call in, `Body-Sign` spelled so on the wire over the exact body', async () => {
    const { nodeHttpListener } = await import(new URL('./examples/koogallery-node-http.mjs', import.meta.url).href);
    const server = createServer(nodeHttpListener(handle));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const body = '{"activity":"newInstance","orderInfo":[{"businessId":"b-h"}]}';
      const nonce = `h-${Date.now()}`;
      const timestamp = String(Date.now());
      const sign = await headerSignature({ accessKey: AK, nonce, timestamp, body });
      const { head, body: answerText } = await rawExchange(
        (server.address() as AddressInfo).port,
        `POST /koogallery HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nx-sign: ${sign}\r\nx-timestamp: ${timestamp}\r\n` +
          `x-nonce: ${nonce}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      const line = bodySignLine(head);
      expect(line.startsWith('Body-Sign: sign_type="HMAC-SHA256", signature="')).toBe(true);
      expect(head).toContain(`\r\nContent-Length: ${Buffer.byteLength(answerText)}\r\n`);
      expect(await verifyBodySign(answerText, line.slice('Body-Sign: '.length), AK)).toBe(true);
      const json = JSON.parse(answerText);
      expect(json).toMatchObject({ resultCode: '000000', instanceId: 'ins-0001' });
      expect(await decryptSensitive(json.appInfo.password, AK, 1)).toBe('S3cr3t+密码 !');
    } finally {
      server.close();
    }
  });

  it('on Deno: Deno.serve sends `body-sign` (what the README warns of); the node:http listener sends `Body-Sign`', async () => {
    const deno = fileURLToPath(new URL('../node_modules/.bin/deno', import.meta.url));
    const script = fileURLToPath(new URL('./fixtures/koogallery/deno-serve.mjs', import.meta.url));
    const r = spawnSync(deno, ['run', '--no-prompt', '--no-lock', '--quiet', '--allow-net=127.0.0.1', script, AK], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const { denoServe, nodeHttp } = JSON.parse(r.stdout) as { denoServe: string; nodeHttp: string };
    for (const [raw, name] of [[denoServe, 'body-sign'], [nodeHttp, 'Body-Sign']] as const) {
      const split = raw.indexOf('\r\n\r\n');
      const line = bodySignLine(raw.slice(0, split));
      expect(line.slice(0, line.indexOf(':'))).toBe(name);
      expect(await verifyBodySign(raw.slice(split + 4), line.slice(line.indexOf(':') + 2), AK)).toBe(true);
      expect(JSON.parse(raw.slice(split + 4))).toEqual({ resultCode: '000000', resultMsg: 'success' });
    }
  }, 90_000);

  it('on Bun: Bun.serve({ fetch: handle }), as the README shows it, and the node:http listener both send `Body-Sign`', async () => {
    const bun = fileURLToPath(new URL('../node_modules/.bin/bun', import.meta.url));
    const script = fileURLToPath(new URL('./fixtures/koogallery/bun-serve.mjs', import.meta.url));
    const r = spawnSync(bun, ['run', script, AK], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const { bunServe, nodeHttp } = JSON.parse(r.stdout) as { bunServe: string; nodeHttp: string };
    for (const raw of [bunServe, nodeHttp]) {
      const split = raw.indexOf('\r\n\r\n');
      const line = bodySignLine(raw.slice(0, split));
      expect(line.slice(0, line.indexOf(':'))).toBe('Body-Sign');
      expect(await verifyBodySign(raw.slice(split + 4), line.slice(line.indexOf(':') + 2), AK)).toBe(true);
      expect(JSON.parse(raw.slice(split + 4))).toEqual({ resultCode: '000000', resultMsg: 'success' });
    }
  }, 90_000);
});

describe('npm run example (examples/example.mjs)', () => {
  it("prints the documented APIG Authorization, the Java sample's Body-Sign and ciphertext, each matching", () => {
    const vector = (file: string, id: string) =>
      (JSON.parse(read(`../vectors/${file}`)) as { vectors: { id: string; expect: Record<string, string> }[] }).vectors.find((v) => v.id === id)!;
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('../examples/example.mjs', import.meta.url))], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`  Authorization: ${vector('apig-published.json', 'doc-api-sign-algorithm').expect.authorization}\n`);
    expect(r.stdout).toContain(`Body-Sign: ${vector('koogallery-body-sign.json', 'java17-body-sign-02').expect.header}\n`);
    expect(r.stdout).toContain(`\n${vector('koogallery-sensitive.json', 'java17-aes-11').expect.ciphertext}\n`);
    expect(r.stdout.match(/: matches\n/g)).toHaveLength(3);
    expect(r.stdout).not.toContain('MISMATCH');
  });
});
