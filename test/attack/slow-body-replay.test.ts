// Attack (found by a review of the first fix): both verifiers read their clock BEFORE reading the body, while the replay store counts its TTL
// from the moment it records. A replayer sends the headers just inside the window and trickles the body
// (or holds back a chunked body's last chunk) until the original call's entry has expired: the window
// check passed on the old clock, the store no longer remembers the call, and the replay is accepted.
// A node:http request, a fetch Request or { body: stream } are all read this way.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { headerSignature, verifyNotification } from '../../src/koogallery/index.js';
import { createNonceStore, signRequest, verifyRequest } from '../../src/apig/index.js';

const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

/** A body stream whose last byte arrives `delayMs` of wall-clock time after the headers. */
function trickle(bytes: Uint8Array, delayMs: number): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      yield bytes.subarray(0, 1);
      vi.setSystemTime(Date.now() + delayMs); // the attacker simply waits before sending the rest
      yield bytes.subarray(1);
    },
  };
}

describe('a replay whose body arrives slowly', () => {
  it('verifyNotification (default options and default store) refuses a replay of an accepted call', async () => {
    const accessKey = 'seller-access-key';
    const body = new TextEncoder().encode('{"activity":"newInstance","orderId":"CS1"}');
    const nonce = 'nonce-0001';
    const timestamp = String(T0);
    const xSign = await headerSignature({ accessKey, nonce, timestamp, body });
    const headers = { 'x-sign': xSign, 'x-timestamp': timestamp, 'x-nonce': nonce, 'content-type': 'application/json' };
    const url = 'https://seller.example.com/koo/notify';

    const original = await verifyNotification({ url, headers, body }, accessKey);
    expect(original.ok).toBe(true);

    // 60 s later (still inside the ±60 s window) the attacker sends the captured call again, slowly.
    vi.setSystemTime(T0 + 60_000);
    // Control: sent at normal speed, the replay is refused.
    expect(await verifyNotification({ url, headers, body }, accessKey)).toMatchObject({ ok: false, reason: 'replayed' });
    const replay = await verifyNotification({ url, headers, body: trickle(body, 61_000) }, accessKey);
    expect(replay.ok).toBe(false);
  });

  it('verifyRequest with a replayStore sized as documented (ttl 1800 = 2 x 900) refuses a replay', async () => {
    const creds = { key: 'app-key', secret: 'app-secret' };
    const replayStore = createNonceStore({ ttlSeconds: 1800 });
    const url = 'https://api.example.com/v1/orders';
    const body = new TextEncoder().encode('{"amount":100}');
    const signed = await signRequest({ method: 'POST', url, body }, creds, { date: new Date(T0) });
    const resolve = (k: string) => (k === creds.key ? creds.secret : undefined);

    const original = await verifyRequest({ method: 'POST', url, headers: signed.headers, body }, resolve, { replayStore });
    expect(original.ok).toBe(true);

    vi.setSystemTime(T0 + 900_000);
    // Control: sent at normal speed, the replay is refused.
    expect(await verifyRequest({ method: 'POST', url, headers: signed.headers, body }, resolve, { replayStore })).toMatchObject({ ok: false, reason: 'replayed' });
    const replay = await verifyRequest({ method: 'POST', url, headers: signed.headers, body: trickle(body, 901_000) }, resolve, { replayStore });
    expect(replay.ok).toBe(false);
  });
});

describe('the same replay against a real node:http server (real clock, chunked body held back)', () => {
  it('verifyNotification(req, accessKey) as the README passes it: a captured call replayed slowly is refused', async () => {
    vi.useRealTimers();
    const { createServer, request } = await import('node:http');
    const accessKey = 'seller-access-key';
    // A short window keeps the test short; the attack scales with it (default 60 s: trickle 61 s).
    const options = { maxSkewSeconds: 2 };
    const server = createServer(async (req, res) => {
      const r = await verifyNotification(req, accessKey, options);
      res.writeHead(r.ok ? 200 : 401).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const body = '{"activity":"newInstance","orderId":"CS2"}';
      const nonce = 'nonce-real-0001';
      const timestamp = String(Date.now());
      const xSign = await headerSignature({ accessKey, nonce, timestamp, body });
      const send = (holdMs: number) =>
        new Promise<number>((resolve, reject) => {
          const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/koo', headers: { 'x-sign': xSign, 'x-timestamp': timestamp, 'x-nonce': nonce, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          });
          req.on('error', reject);
          req.write(body.slice(0, 1));
          setTimeout(() => req.end(body.slice(1)), holdMs);
        });
      expect(await send(0)).toBe(200); // the genuine call
      await new Promise((r) => setTimeout(r, 1000)); // replay 1 s later: inside the ±2 s window
      expect(await send(0)).toBe(401); // control: at normal speed the replay is refused
      expect(await send(3500)).toBe(401); // ...with the body's tail held back 3.5 s (store TTL: 4 s)
    } finally {
      server.close();
    }
  }, 20_000);
});
