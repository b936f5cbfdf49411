/**
 * `huaweicloud-signer/koa`: APIG signature verification as Koa middleware, and Fetch-API handlers (a
 * KooGallery seller endpoint) mounted as Koa middleware. It reads the exact body bytes whatever ran
 * before it (`ctx.request.rawBody` as @koa/bodyparser and koa-bodyparser keep it, koa-body's unparsed
 * body, or `ctx.req`'s stream, handed back afterwards so a body parser mounted later still parses it).
 * No dependency: Koa is typed structurally.
 * @module
 */
import { createSellerHandler, type SellerHandlerOptions } from '../koogallery/index.js';
import { SignerError, DEFAULT_MAX_BODY_BYTES } from '../apig/index.js';
import type { BodyInput } from '../request/input.js';
import { apigRefusal, apigSetup, verifyWith, type ApigVerified, type VerifyApigOptions } from './apig-answer.js';
import { LazyNodeBody, concatBytes, nodeHeader, nodeHeaders, readNodeStream, replayNodeBody, streamConsumed, type NodeIncomingLike } from './node-body.js';
import { checkHandler, fetchRequestOf, responseParts, type FetchHandler } from './fetch-bridge.js';

export type { VerifyApigOptions, ApigVerified, FetchHandler, SellerHandlerOptions };

/** The part of Koa's `ctx` the middleware uses. */
export interface KoaContextLike {
  req: NodeIncomingLike;
  request: { rawBody?: unknown; body?: unknown };
  method: string;
  originalUrl: string;
  state: Record<string, unknown>;
  status: number;
  body: unknown;
  set(field: string, value: string | string[]): void;
}

/** A Koa middleware as this module makes them. */
export type KoaMiddleware = (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void>;

const CONSUMED =
  'huaweicloud-signer/koa: a body parser read the request body before this middleware and kept no raw copy, so the signature cannot be checked against the bytes sent. ' +
  'Mount it before the parser: app.use(verifyApig({ resolveSecret })) above app.use(bodyParser()). ' +
  'Or use a parser that keeps ctx.request.rawBody (@koa/bodyparser and koa-bodyparser do; koa-body with { includeUnparsed: true }).';

const UNPARSED = Symbol.for('unparsedBody');

type Body = { kind: 'bytes'; body: BodyInput } | { kind: 'stream' };

function bodyOf(ctx: KoaContextLike): Body {
  const raw = ctx.request.rawBody;
  if (raw instanceof Uint8Array || typeof raw === 'string') return { kind: 'bytes', body: raw };
  const parsed = ctx.request.body;
  if (parsed instanceof Uint8Array) return { kind: 'bytes', body: parsed };
  const unparsed = parsed !== null && typeof parsed === 'object' ? (parsed as Record<symbol, unknown>)[UNPARSED] : undefined;
  if (typeof unparsed === 'string' || unparsed instanceof Uint8Array) return { kind: 'bytes', body: unparsed };
  if (streamConsumed(ctx.req)) throw new SignerError('ERR_BODY_CONSUMED', CONSUMED);
  return { kind: 'stream' };
}

/**
 * Koa middleware that lets through only requests with a valid APIG signature: `ctx.state.apig` then holds
 * the verified result (`key`, `algorithm`, `signedHeaders`, `sdkDate`, `bodyAuthenticated`). Any other
 * request is answered `401` with APIG's error body (`{ error_code: 'APIG.0303', error_msg }`) and the
 * middleware after it never runs; a replay store that cannot answer gives `503`.
 *
 * Mount it before the body parser, or use one that keeps `ctx.request.rawBody`: a body read without a
 * raw copy makes it throw `ERR_BODY_CONSUMED`, saying which line to change. Parsers after it still work.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once for bad options. Errors from your `resolveSecret`
 * propagate to Koa's error handling.
 *
 * @example
 * ```js
 * import Koa from 'koa';
 * import { bodyParser } from '@koa/bodyparser';
 * import { verifyApig } from 'huaweicloud-signer/koa';
 * const app = new Koa();
 * app.use(verifyApig({ resolveSecret: (key) => secrets.get(key) }));
 * app.use(bodyParser());
 * app.use((ctx) => { ctx.body = { by: ctx.state.apig.key, order: ctx.request.body }; });
 * ```
 */
export function verifyApig(options: VerifyApigOptions): KoaMiddleware {
  const setup = apigSetup(options);
  const maxBytes = setup.verifyOptions.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (ctx, next) => {
    const source = bodyOf(ctx);
    const lazy = source.kind === 'stream' ? new LazyNodeBody(ctx.req, maxBytes) : undefined;
    const result = await verifyWith(setup, {
      method: ctx.method,
      url: ctx.originalUrl,
      headers: nodeHeaders(ctx.req),
      body: source.kind === 'bytes' ? source.body : lazy,
    });
    if (!result.ok) {
      const refusal = apigRefusal(result, setup, nodeHeader(ctx.req, 'x-sdk-date'));
      ctx.status = refusal.status;
      ctx.body = refusal.body;
      return;
    }
    if (lazy?.chunks !== undefined) replayNodeBody(ctx.req, lazy.chunks);
    ctx.state.apig = result;
    await next();
  };
}

/**
 * Serve a Fetch-API handler (`(request: Request) => Promise<Response>`) from Koa, with the exact body
 * bytes and the target as received. Its Response becomes the answer, header names in their usual
 * spelling (`Body-Sign`). Use it as the last middleware of a route (it does not call `next`).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once when `handler` is not a function.
 *
 * @example
 * ```js
 * app.use(async (ctx, next) => (ctx.path === '/echo' ? echo(ctx, next) : next()));
 * const echo = fetchEndpoint(async (request) => new Response(await request.text()));
 * ```
 */
export function fetchEndpoint(handler: FetchHandler, options: { maxBodyBytes?: number } = {}): KoaMiddleware {
  const fetchHandler = checkHandler(handler);
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (ctx) => {
    const source = bodyOf(ctx);
    let bytes: Uint8Array;
    if (source.kind === 'stream') {
      bytes = concatBytes(await readNodeStream(ctx.req, maxBytes));
      if (bytes.length > maxBytes) {
        ctx.status = 413;
        ctx.body = { error: 'request body too large' };
        return;
      }
    } else {
      bytes = typeof source.body === 'string' ? new TextEncoder().encode(source.body) : (source.body as Uint8Array);
    }
    const { status, headers, body } = await responseParts(await fetchHandler(fetchRequestOf(ctx.req, ctx.originalUrl, bytes)));
    ctx.status = status;
    for (const [name, value] of headers) ctx.set(name, value);
    // A Blob, which Koa sends as bytes (a Uint8Array that is not a Buffer would be sent as JSON).
    ctx.body = new Blob([body as Uint8Array<ArrayBuffer>], { type: headers.find(([n]) => n === 'Content-Type')?.[1] as string | undefined ?? '' });
  };
}

/**
 * A KooGallery seller endpoint as Koa middleware (the last of its route: it does not call `next`): `createSellerHandler(options)` (from
 * `huaweicloud-signer/koogallery`) served with the exact body bytes. Every call is verified before your
 * callback runs (`on.newInstance` and the others get the verified body); a refused call gets a signed
 * `000001`; answers carry `Body-Sign` spelled as KooGallery reads it.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once for bad options (those of `createSellerHandler`).
 *
 * @example
 * ```js
 * router.all('/koogallery/(.*)?', sellerEndpoint({ accessKeys: { basic: process.env.KOO_BASIC_KEY }, on: { newInstance: async ({ body }) => ({ instanceId: await create(body) }) } }));
 * ```
 */
export function sellerEndpoint(options: SellerHandlerOptions): KoaMiddleware {
  return fetchEndpoint(createSellerHandler(options));
}
