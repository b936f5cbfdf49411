/**
 * `huaweicloud-signer/express`: APIG signature verification as Express (4 and 5) middleware, and Fetch-API
 * handlers (a KooGallery seller endpoint) mounted as Express routes. It reads the exact body bytes
 * whatever ran before it (`express.raw()`'s Buffer, a `req.rawBody` kept by a parser's `verify` hook, or
 * the stream, handed back afterwards so `express.json()` mounted later still parses it). No dependency:
 * Express is typed structurally.
 * @module
 */
import { createSellerHandler, type SellerHandlerOptions } from '../koogallery/index.js';
import { SignerError, DEFAULT_MAX_BODY_BYTES } from '../apig/index.js';
import type { BodyInput } from '../request/input.js';
import { apigRefusal, apigSetup, verifyWith, type ApigVerified, type VerifyApigOptions } from './apig-answer.js';
import { LazyNodeBody, concatBytes, nodeHeader, nodeHeaders, readNodeStream, replayNodeBody, streamConsumed, type NodeIncomingLike } from './node-body.js';
import { checkHandler, fetchRequestOf, writeNodeResponse, type FetchHandler, type NodeResponseLike } from './fetch-bridge.js';

export type { VerifyApigOptions, ApigVerified, FetchHandler, SellerHandlerOptions };

declare global {
  // Express's own types (@types/express) declare `Request` in this namespace for such additions.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `verifyApig()` of huaweicloud-signer/express: the verified signature (key, algorithm…). */
      apig?: import('../apig/verify.js').VerifySuccess;
    }
  }
}

/** The part of Express's `req` the middleware uses (a node:http request plus Express's additions). */
export interface ExpressRequestLike extends NodeIncomingLike {
  originalUrl?: string;
  body?: unknown;
  rawBody?: unknown;
  apig?: ApigVerified;
}

/** The part of Express's `res` the middleware uses. */
export type ExpressResponseLike = NodeResponseLike;

/** Express's `next`. */
export type ExpressNext = (error?: unknown) => void;

/** An Express middleware as this module makes them. */
export type ExpressMiddleware = (req: ExpressRequestLike, res: ExpressResponseLike, next: ExpressNext) => Promise<void>;

const CONSUMED =
  'huaweicloud-signer/express: a body parser read the request body before this middleware and kept no raw copy, so the signature cannot be checked against the bytes sent. ' +
  'Mount it before the parser: app.use(verifyApig({ resolveSecret })) above app.use(express.json()). ' +
  'Or keep the raw bytes: app.use(express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })).';

type Body = { kind: 'bytes'; body: BodyInput } | { kind: 'stream' };

// The raw bytes whatever ran before: express.raw()'s Buffer, a verify hook's req.rawBody, or the unread stream.
function bodyOf(req: ExpressRequestLike): Body {
  if (req.body instanceof Uint8Array) return { kind: 'bytes', body: req.body };
  if (req.rawBody instanceof Uint8Array || typeof req.rawBody === 'string') return { kind: 'bytes', body: req.rawBody };
  // body-parser marks what it read with `_body`; the stream's own flags tell any other reader.
  if ((req as { _body?: unknown })._body === true || streamConsumed(req)) throw new SignerError('ERR_BODY_CONSUMED', CONSUMED);
  return { kind: 'stream' };
}

const targetOf = (req: ExpressRequestLike): string => req.originalUrl ?? req.url ?? '/';

function send(res: ExpressResponseLike, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(new TextEncoder().encode(JSON.stringify(body)));
}

/**
 * Express middleware that lets through only requests with a valid APIG signature (App authentication,
 * or a backend signature key's `hmac` signature): `req.apig` then holds the verified result (`key`,
 * `algorithm`, `signedHeaders`, `sdkDate`, `bodyAuthenticated`). Any other request is answered `401`
 * with APIG's error body (`{ error_code: 'APIG.0303', error_msg }`) and never reaches your handler; a
 * replay store that cannot answer gives `503`.
 *
 * Mount it before any body parser, or keep the raw bytes (`express.raw()`, or a parser's `verify` hook
 * storing `req.rawBody`): a body parsed without a raw copy cannot be verified, and the middleware passes
 * an `ERR_BODY_CONSUMED` error to `next` that says which line to change. Parsers mounted after it still
 * get the body.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once for bad options (no `resolveSecret`, a bad limit).
 * Errors from your `resolveSecret` go to `next(error)`.
 *
 * @example
 * ```js
 * import express from 'express';
 * import { verifyApig } from 'huaweicloud-signer/express';
 * const app = express();
 * app.use(verifyApig({ resolveSecret: (key) => secrets.get(key) }));
 * app.use(express.json());
 * app.post('/orders', (req, res) => res.json({ by: req.apig.key, order: req.body }));
 * ```
 */
export function verifyApig(options: VerifyApigOptions): ExpressMiddleware {
  const setup = apigSetup(options);
  const maxBytes = setup.verifyOptions.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (req, res, next) => {
    let lazy: LazyNodeBody | undefined;
    let result;
    try {
      const source = bodyOf(req);
      if (source.kind === 'stream') lazy = new LazyNodeBody(req, maxBytes);
      result = await verifyWith(setup, {
        method: req.method ?? 'GET',
        url: targetOf(req),
        headers: nodeHeaders(req),
        body: source.kind === 'bytes' ? source.body : lazy,
      });
    } catch (e) {
      next(e);
      return;
    }
    if (!result.ok) {
      const refusal = apigRefusal(result, setup, nodeHeader(req, 'x-sdk-date'));
      send(res, refusal.status, refusal.body);
      return;
    }
    if (lazy?.chunks !== undefined) replayNodeBody(req, lazy.chunks);
    req.apig = result;
    next();
  };
}

/**
 * Serve a Fetch-API handler (`(request: Request) => Promise<Response>`) as an Express route, with the
 * exact body bytes (as {@link verifyApig} reads them) and the target as received. Its Response is
 * written back with header names in their usual spelling (`Body-Sign`, `Content-Type`).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once when `handler` is not a function.
 *
 * @example
 * ```js
 * app.post('/hooks/echo', fetchEndpoint(async (request) => new Response(await request.text())));
 * ```
 */
export function fetchEndpoint(handler: FetchHandler, options: { maxBodyBytes?: number } = {}): ExpressMiddleware {
  const fetchHandler = checkHandler(handler);
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (req, res, next) => {
    try {
      const source = bodyOf(req);
      let bytes: Uint8Array;
      if (source.kind === 'stream') {
        const chunks = await readNodeStream(req, maxBytes);
        bytes = concatBytes(chunks);
        if (bytes.length > maxBytes) {
          send(res, 413, { error: 'request body too large' });
          return;
        }
      } else {
        bytes = typeof source.body === 'string' ? new TextEncoder().encode(source.body) : (source.body as Uint8Array);
      }
      await writeNodeResponse(res, await fetchHandler(fetchRequestOf(req, targetOf(req), bytes)));
    } catch (e) {
      next(e);
    }
  };
}

/**
 * A KooGallery seller endpoint as an Express middleware (mount it with `app.use(path, …)` so the kit interfaces under `…/produceAPI/v2/` reach it too): `createSellerHandler(options)` (from
 * `huaweicloud-signer/koogallery`) served with the exact body bytes. Every call is verified before your
 * callback runs (`on.newInstance` and the others get the verified body); a refused call gets a signed
 * `000001`; answers carry `Body-Sign` spelled as KooGallery reads it.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once for bad options (those of `createSellerHandler`).
 *
 * @example
 * ```js
 * app.use('/koogallery', sellerEndpoint({ accessKeys: { basic: process.env.KOO_BASIC_KEY }, on: { newInstance: async ({ body }) => ({ instanceId: await create(body) }) } }));
 * ```
 */
export function sellerEndpoint(options: SellerHandlerOptions): ExpressMiddleware {
  return fetchEndpoint(createSellerHandler(options));
}
