// Attack (found by a review of the first fix): verifyRequest's replayStore must remember a signature for 2 x maxSkewSeconds (1800 s), but
// nothing checks it. The library's own store, created as every KooGallery example creates it (default
// TTL 120 s), silently reopens the replay window after two minutes. The library knows the TTL of its
// own stores: it should refuse such a store (SignerError at configuration) or pass the needed lifetime.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createNonceStore, signRequest, verifyRequest } from '../../src/apig/index.js';
import { isSignerError } from '../../src/errors.js';

const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

it('a replayStore too short-lived for the window is refused, or the replay is', async () => {
  const creds = { key: 'app-key', secret: 'app-secret' };
  const resolve = (k: string) => (k === creds.key ? creds.secret : undefined);
  const url = 'https://api.example.com/v1/transfers';
  const body = '{"to":"acct-9","amount":100}';
  const signed = await signRequest({ method: 'POST', url, body }, creds, { date: new Date(T0) });
  const request = () => ({ method: 'POST', url, headers: signed.headers, body });

  const replayStore = createNonceStore(); // the shared store of a service that also takes KooGallery calls
  let first;
  try {
    first = await verifyRequest(request(), resolve, { replayStore });
  } catch (e) {
    expect(isSignerError(e, 'ERR_INVALID_ARGUMENT')).toBe(true); // refusing the configuration is a fix too
    return;
  }
  expect(first.ok).toBe(true);
  vi.setSystemTime(T0 + 121_000); // two minutes later: X-Sdk-Date is still inside the 900 s window
  expect((await verifyRequest(request(), resolve, { replayStore })).ok).toBe(false);
});
