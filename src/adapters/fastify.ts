/**
 * `huaweicloud-signer/fastify`: APIG signature verification as a Fastify plugin (a `preParsing` hook: the
 * exact bytes are read before any content-type parser, then handed back, so Fastify's JSON parser and
 * your own still parse them), and Fetch-API handlers (a KooGallery seller endpoint) as Fastify routes.
 * No dependency: Fastify is typed structurally.
 * @module
 */
import { createSellerHandler, type SellerHandlerOptions } from '../koogallery/index.js';
import { SignerError, DEFAULT_MAX_BODY_BYTES } from '../apig/index.js';
import { apigRefusal, apigSetup, verifyWith, type ApigVerified, type VerifyApigOptions } from './apig-answer.js';
import { LazyNodeBody, concatBytes, nodeHeader, nodeHeaders, readNodeStream, replayNodeBody, streamConsumed, type NodeIncomingLike, type NodeStreamLike } from './node-body.js';
import { checkHandler, fetchRequestOf, responseParts, type FetchHandler, type NodeResponseLike } from './fetch-bridge.js';

export type { VerifyApigOptions, ApigVerified, FetchHandler, SellerHandlerOptions };

/** The part of Fastify's `request` the hook uses. */
export interface FastifyRequestLike {
  raw: NodeIncomingLike;
  method: string;
  url: string;
  originalUrl?: string;
  apig?: ApigVerified | null;
}

/** The part of Fastify's `reply` the hook uses. */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(payload?: unknown): FastifyReplyLike;
  hijack(): FastifyReplyLike;
  raw: NodeResponseLike & { writeHead(status: number, headers: Record<string, string | string[]>): unknown };
}

/** A `preParsing` hook: gets the payload stream, resolves to the stream Fastify's parsers read. */
export type PreParsingHook = (request: FastifyRequestLike, reply: FastifyReplyLike, payload: NodeStreamLike) => Promise<NodeStreamLike | undefined>;

/** The part of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
  addHook(name: 'preParsing', hook: PreParsingHook): unknown;
  hasRequestDecorator(name: string): boolean;
  decorateRequest(name: string, value: null): unknown;
}

/** A Fastify plugin that applies to the scope it is registered in (as fastify-plugin makes them). */
export interface ApigPlugin {
  (instance: FastifyInstanceLike, options: unknown): Promise<void>;
  /** The hook itself, for one route: `app.post('/x', { preParsing: [plugin.preParsing] }, handler)`. */
  preParsing: PreParsingHook;
}

const CONSUMED =
  'huaweicloud-signer/fastify: the request payload was already read by an earlier preParsing hook, so the signature cannot be checked against the bytes sent. ' +
  'Register the plugin first: await app.register(verifyApig({ resolveSecret })) before the plugin that reads the payload.';

const targetOf = (request: FastifyRequestLike): string => request.raw.url ?? request.originalUrl ?? request.url;

/**
 * A Fastify plugin that lets through only requests with a valid APIG signature: `request.apig` then holds
 * the verified result (`key`, `algorithm`, `signedHeaders`, `sdkDate`, `bodyAuthenticated`). Any other
 * request is answered `401` with APIG's error body (`{ error_code: 'APIG.0303', error_msg }`) and never
 * reaches a handler (nor a body parser); a replay store that cannot answer gives `503`.
 *
 * It checks the signature in a `preParsing` hook, on the bytes as sent, and hands them on to Fastify's
 * parsers: `request.body` is parsed as usual. It applies to the routes registered after it in the scope
 * where it is registered (register it inside a plugin to protect only that plugin's routes).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once for bad options. Errors from your `resolveSecret`
 * go to Fastify's error handler.
 *
 * @example
 * ```js
 * import Fastify from 'fastify';
 * import { verifyApig } from 'huaweicloud-signer/fastify';
 * const app = Fastify();
 * await app.register(verifyApig({ resolveSecret: (key) => secrets.get(key) }));
 * app.post('/orders', async (request) => ({ by: request.apig.key, order: request.body }));
 * ```
 */
export function verifyApig(options: VerifyApigOptions): ApigPlugin {
  const setup = apigSetup(options);
  const maxBytes = setup.verifyOptions.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const preParsing: PreParsingHook = async (request, reply, payload) => {
    if (streamConsumed(payload)) throw new SignerError('ERR_BODY_CONSUMED', CONSUMED);
    const lazy = new LazyNodeBody(payload, maxBytes);
    const result = await verifyWith(setup, { method: request.method, url: targetOf(request), headers: nodeHeaders(request.raw), body: lazy });
    if (!result.ok) {
      const refusal = apigRefusal(result, setup, nodeHeader(request.raw, 'x-sdk-date'));
      reply.code(refusal.status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(refusal.body));
      return undefined;
    }
    if (lazy.chunks !== undefined) replayNodeBody(payload, lazy.chunks);
    request.apig = result;
    return payload;
  };
  const plugin = (async (instance: FastifyInstanceLike) => {
    if (!instance.hasRequestDecorator('apig')) instance.decorateRequest('apig', null);
    instance.addHook('preParsing', preParsing);
  }) as unknown as ApigPlugin;
  plugin.preParsing = preParsing;
  // What fastify-plugin sets: the hook applies to the scope the plugin is registered in, not a child.
  const marks = plugin as unknown as Record<symbol, unknown>;
  marks[Symbol.for('skip-override')] = true;
  marks[Symbol.for('fastify.display-name')] = 'huaweicloud-signer/fastify verifyApig';
  return plugin;
}

/** Route options that serve a Fetch-API handler: spread into `app.route()` or pass to `app.post(path, …)`. */
export interface FetchRoute {
  preParsing: PreParsingHook;
  handler: () => Promise<void>;
}

/**
 * Serve a Fetch-API handler (`(request: Request) => Promise<Response>`) as a Fastify route, with the
 * exact body bytes (read in `preParsing`: no content-type parser runs, so any content type is taken)
 * and the target as received. Its Response is written with header names in their usual spelling
 * (`Body-Sign`): the reply is hijacked for that, as Fastify lower-cases header names.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once when `handler` is not a function.
 *
 * @example
 * ```js
 * app.post('/hooks/echo', fetchEndpoint(async (request) => new Response(await request.text())));
 * ```
 */
export function fetchEndpoint(handler: FetchHandler, options: { maxBodyBytes?: number } = {}): FetchRoute {
  const fetchHandler = checkHandler(handler);
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    async preParsing(request, reply, payload) {
      if (streamConsumed(payload)) throw new SignerError('ERR_BODY_CONSUMED', CONSUMED);
      const bytes = concatBytes(await readNodeStream(payload, maxBytes));
      if (bytes.length > maxBytes) {
        reply.code(413).send({ error: 'request body too large' });
        return undefined;
      }
      const { status, headers, body } = await responseParts(await fetchHandler(fetchRequestOf(request.raw, targetOf(request), bytes)));
      const head: Record<string, string | string[]> = Object.fromEntries(headers);
      if (head['Content-Length'] === undefined && head['Transfer-Encoding'] === undefined) head['Content-Length'] = String(body.length);
      reply.hijack();
      reply.raw.writeHead(status, head);
      reply.raw.end(body);
      return undefined;
    },
    // Never reached: preParsing answers every request.
    async handler() {},
  };
}

/**
 * A KooGallery seller endpoint as Fastify route options (`app.post(path, sellerEndpoint(…))`; no content-type parser runs): `createSellerHandler(options)` (from
 * `huaweicloud-signer/koogallery`) served with the exact body bytes. Every call is verified before your
 * callback runs (`on.newInstance` and the others get the verified body); a refused call gets a signed
 * `000001`; answers carry `Body-Sign` spelled as KooGallery reads it.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` at once for bad options (those of `createSellerHandler`).
 *
 * @example
 * ```js
 * app.post('/koogallery/*', sellerEndpoint({ accessKeys: { basic: process.env.KOO_BASIC_KEY }, on: { newInstance: async ({ body }) => ({ instanceId: await create(body) }) } }));
 * ```
 */
export function sellerEndpoint(options: SellerHandlerOptions): FetchRoute {
  return fetchEndpoint(createSellerHandler(options));
}
