// Attack (found by a review of the first fix): strictTarget refuses %2F because a decoded slash changes the path's segments, but misses its
// twin: '\' and '%5C' share a signature (the canonical form decodes then re-encodes '\' as %5C), Node
// hands a raw '\' through in req.url, and WHATWG URL parsing (new URL(req.url, base), and every
// Request-based adapter) turns a raw '\' into '/' and then resolves dot segments.
import { expect, it } from 'vitest';
import { signRequest, verifyRequest } from '../../src/apig/index.js';

it("with strictTarget, a raw '\\\\' standing in for a signed %5C is refused", async () => {
  const creds = { key: 'app-key', secret: 'app-secret' };
  // What the client signed: one segment, a file literally named 'a\..\secret'.
  const signed = await signRequest({ method: 'GET', url: 'https://api.example.com/v1/files/a%5C..%5Csecret' }, creds);
  const sent = '/v1/files/a\\..\\secret'; // the attacker's spelling, as node:http's req.url holds it
  // Routed on WHATWG URL, the two go to different places:
  expect(new URL('/v1/files/a%5C..%5Csecret', 'http://h').pathname).toBe('/v1/files/a%5C..%5Csecret');
  expect(new URL(sent, 'http://h').pathname).toBe('/v1/files/secret');
  const r = await verifyRequest({ method: 'GET', url: sent, headers: signed.headers }, (k) => (k === creds.key ? creds.secret : undefined), { strictTarget: true });
  expect(r).toMatchObject({ ok: false, reason: 'ambiguous-target' });
});
