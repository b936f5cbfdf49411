// Attack (found by a review of the first fix): verifyRequest reads a URL-typed `url` (`url.href`, then splitUrl's `host`/`pathname`) outside
// its try/catch, so an object that passes `instanceof URL` but is not a real URL makes the promise
// REJECT with a TypeError, where the contract is a `bad-request` result. (Only objects built by the
// integrator reach this; a client cannot send one.)
import { expect, it } from 'vitest';
import { signRequest, verifyRequest } from '../../src/apig/index.js';

it('a URL-branded object that is not a URL gives a result, not a rejection', async () => {
  const creds = { key: 'app-key', secret: 'app-secret' };
  const signed = await signRequest({ method: 'GET', url: 'https://api.example.com/v1/items' }, creds);
  const url = Object.create(URL.prototype) as URL; // e.g. a framework's lazily-built URL wrapper
  const r = await verifyRequest({ method: 'GET', url, headers: signed.headers }, (k) => (k === creds.key ? creds.secret : undefined));
  expect(r).toMatchObject({ ok: false, reason: 'bad-request' });
});

it('verifyNotification resolves a result when a request getter throws a revoked Proxy', async () => {
  const { verifyNotification } = await import('../../src/koogallery/index.js');
  const request = {
    get url(): string {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      throw proxy; // `e instanceof Refusal` in the catch block itself throws a TypeError on it
    },
    headers: {},
  };
  const r = await verifyNotification(request as never, 'access-key');
  expect(r).toMatchObject({ ok: false, reason: 'bad-request' });
});
