/**
 * `huaweicloud-signer/hono`: APIG signature verification as Hono middleware, and Fetch-API handlers (a
 * KooGallery seller endpoint) as Hono routes, on every runtime Hono runs on (Node, Deno, Bun, Workers).
 * The body is read from a clone of the request (what runs after still reads it), or from what Hono
 * cached when something read it first (`c.req.json()`, `c.req.text()`, `c.req.arrayBuffer()`). No
 * dependency: Hono is typed structurally.
 * @module
 */
import { createSellerHandler, type SellerHandlerOptions } from '../koogallery/index.js';
import { SignerError } from '../apig/index.js';
import { apigRefusal, apigSetup, verifyWith, type AdapterRequest, type ApigVerified, type VerifyApigOptions } from './apig-answer.js';
import { checkHandler, type FetchHandler } from './fetch-bridge.js';

export type { VerifyApigOptions, ApigVerified, FetchHandler, SellerHandlerOptions };

/** The part of Hono's `c` the middleware uses. */
export interface HonoContextLike {
  req: {
    raw: Request;
    /** Hono's cache of what was read (typed as values by Hono, held as promises). */
    bodyCache?: { arrayBuffer?: ArrayBuffer | Promise<ArrayBuffer>; text?: string | Promise<string>; blob?: Blob | Promise<Blob> };
  };
  set(key: 'apig', value: ApigVerified): void;
}

/** A Hono middleware as this module makes them. */
export type HonoMiddleware = (c: HonoContextLike, next: () => Promise<void>) => Promise<Response | void>;

/** `c.get('apig')`'s type, for `new Hono<{ Variables: ApigVariables }>()`. */
export type ApigVariables = { apig: ApigVerified };

const CONSUMED =
  'huaweicloud-signer/hono: the request body was read before this middleware in a way Hono keeps no copy of (c.req.raw read directly, or c.req.formData()), so the signature cannot be checked against the bytes sent. ' +
  'Mount it first: app.use(verifyApig({ resolveSecret })) above that middleware, or read the body with c.req.arrayBuffer() / c.req.json(), which Hono caches.';

/**
 * The body's bytes as sent: from a clone of the unread request, or from Hono's cache (text and JSON
 * are cached as the text, whose UTF-8 is the bytes sent when they were UTF-8 without a BOM; anything
 * else fails to verify, never the other way round).
 */
async function bodyOf(c: HonoContextLike): Promise<Request | Uint8Array | string> {
  const raw = c.req.raw;
  if (!raw.bodyUsed) return raw;
  const cache = c.req.bodyCache ?? {};
  if (cache.arrayBuffer) return new Uint8Array(await cache.arrayBuffer);
  if (cache.blob) return new Uint8Array(await (await cache.blob).arrayBuffer());
  if (cache.text) return await cache.text;
  throw new SignerError('ERR_BODY_CONSUMED', CONSUMED);
}

const refusalResponse = (status: number, body: object): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

/**
 * Hono middleware that lets through only requests with a valid APIG signature: `c.get('apig')` then holds
 * the verified result (`key`, `algorithm`, `signedHeaders`, `sdkDate`, `bodyAuthenticated`). Any other
 * request is answered `401` with APIG's error body (`{ error_code: 'APIG.0303', error_msg }`) and never
 * reaches your handler; a replay store that cannot answer gives `503`. `c.req.json()` and the like still
 * work after it.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once for bad options; `ERR_BODY_CONSUMED` (to Hono's
 * error handler) when the body was read before it without a copy Hono keeps. Errors from your
 * `resolveSecret` go to Hono's error handler.
 *
 * @example
 * ```js
 * import { Hono } from 'hono';
 * import { verifyApig } from 'huaweicloud-signer/hono';
 * const app = new Hono();
 * app.use('/api/*', verifyApig({ resolveSecret: (key) => secrets.get(key) }));
 * app.post('/api/orders', async (c) => c.json({ by: c.get('apig').key, order: await c.req.json() }));
 * ```
 */
export function verifyApig(options: VerifyApigOptions): HonoMiddleware {
  const setup = apigSetup(options);
  return async (c, next) => {
    const raw = c.req.raw;
    const body = await bodyOf(c);
    const request: AdapterRequest = body instanceof Request ? body : { method: raw.method, url: raw.url, headers: raw.headers, body };
    const result = await verifyWith(setup, request);
    if (!result.ok) {
      const refusal = apigRefusal(result, setup, raw.headers.get('x-sdk-date'));
      return refusalResponse(refusal.status, refusal.body);
    }
    c.set('apig', result);
    await next();
  };
}

/**
 * Serve a Fetch-API handler (`(request: Request) => Promise<Response>`) as a Hono route: it gets the
 * request itself (or, when a middleware read the body first, a copy made from Hono's cache).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once when `handler` is not a function.
 *
 * @example
 * ```js
 * app.post('/hooks/echo', fetchEndpoint(async (request) => new Response(await request.text())));
 * ```
 */
export function fetchEndpoint(handler: FetchHandler): (c: HonoContextLike) => Promise<Response> {
  const fetchHandler = checkHandler(handler);
  return async (c) => {
    const body = await bodyOf(c);
    if (body instanceof Request) return fetchHandler(body);
    const raw = c.req.raw;
    const bodyless = raw.method === 'GET' || raw.method === 'HEAD';
    return fetchHandler(new Request(raw.url, { method: raw.method, headers: raw.headers, body: bodyless ? null : (body as BodyInit) }));
  };
}

/**
 * A KooGallery seller endpoint as a Hono handler: `createSellerHandler(options)` (from
 * `huaweicloud-signer/koogallery`) served with the exact body bytes. Every call is verified before your
 * callback runs (`on.newInstance` and the others get the verified body); a refused call gets a signed
 * `000001`; answers carry `Body-Sign` spelled as KooGallery reads it.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once for bad options (those of `createSellerHandler`).
 *
 * @example
 * ```js
 * app.post('/koogallery/*', sellerEndpoint({ accessKeys: { basic: Deno.env.get('KOO_BASIC_KEY') }, on: { newInstance: async ({ body }) => ({ instanceId: await create(body) }) } }));
 * ```
 */
export function sellerEndpoint(options: SellerHandlerOptions): ((c: HonoContextLike) => Promise<Response>) {
  return fetchEndpoint(createSellerHandler(options));
}
