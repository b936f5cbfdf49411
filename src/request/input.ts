// Reading a KooGallery call from a fetch Request or from { url, headers, body } without ever throwing
// past verifyNotification: every helper here reports bad input as a RequestInputError.
import { concatBytes, toBytes } from '../crypto/codecs.js';

/** Header values as fetch, Node (`req.headers`) or a plain object give them. */
export type HeadersInput =
  | Headers
  | Record<string, string | string[] | number | undefined>
  | Iterable<readonly [string, string]>;

/** The raw body: bytes (Buffer, Uint8Array, ArrayBuffer), a string (taken as UTF-8), or a byte stream. */
export type BodyInput =
  | string
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | AsyncIterable<Uint8Array | string>
  | ReadableStream<Uint8Array>
  | null
  | undefined;

/** A call as a plain object, e.g. from Express: `{ url: req.originalUrl, headers: req.headers, body: req.body }`. */
export interface NotificationRequestInit {
  /** Absolute URL or path with its query string, still URL-encoded as received. */
  url: string;
  headers?: HeadersInput;
  /** The raw body bytes (use `express.raw({ type: '*\/*' })`, not a JSON parser). */
  body?: BodyInput;
}

export class RequestInputError extends Error {
  constructor(
    readonly reason: 'bad-request' | 'body-too-large' | 'headers-too-large',
    message: string,
  ) {
    super(message);
  }
}

export function isFetchRequest(x: unknown): x is Request {
  const r = x as Request | null;
  return (
    r !== null &&
    typeof r === 'object' &&
    typeof r.url === 'string' &&
    typeof r.arrayBuffer === 'function' &&
    typeof r.clone === 'function' &&
    r.headers !== null &&
    typeof r.headers === 'object' &&
    typeof (r.headers as Headers).get === 'function'
  );
}

/**
 * A case-insensitive header lookup; the first value when a header repeats. A header section (names and
 * every value, as APIG's verifyRequest counts it) larger than `maxBytes` is `headers-too-large`.
 */
export function headerLookup(headers: HeadersInput | undefined, maxBytes = Infinity): (name: string) => string | undefined {
  if (headers === undefined || headers === null) return () => undefined;
  let size = 0;
  const count = (name: unknown, value: unknown): void => {
    size += (typeof name === 'string' ? name.length : 0) + 4;
    if (typeof value === 'string') size += value.length;
    else if (Array.isArray(value)) for (const v of value) size += (typeof v === 'string' ? v.length : 0) + 2;
    if (size > maxBytes) throw new RequestInputError('headers-too-large', `the header section exceeds ${maxBytes} bytes`);
  };
  // A fetch Headers (case-insensitive itself); a Map is read as [name, value] pairs below, case folded here.
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function' && !(headers instanceof Map)) {
    const h = headers as Headers;
    if (typeof h.forEach === 'function') h.forEach((value, name) => count(name, value));
    return (name) => h.get(name) ?? undefined;
  }
  const map = new Map<string, string>();
  const add = (name: unknown, value: unknown): void => {
    if (typeof name !== 'string') throw new RequestInputError('bad-request', 'header names must be strings');
    const key = name.toLowerCase();
    if (map.has(key) || value === undefined) return;
    if (Array.isArray(value)) {
      if (value.length > 0) add(name, value[0]);
    } else if (typeof value === 'string' || typeof value === 'number') {
      map.set(key, String(value));
    } else {
      throw new RequestInputError('bad-request', `header '${key}' must be a string`);
    }
  };
  if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const pair of headers as Iterable<unknown>) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new RequestInputError('bad-request', 'header pairs must be [name, value]');
      count(pair[0], pair[1]);
      add(pair[0], pair[1]);
    }
  } else if (typeof headers === 'object') {
    for (const name of Object.keys(headers)) {
      const value = (headers as Record<string, unknown>)[name];
      count(name, value);
      add(name, value);
    }
  } else {
    throw new RequestInputError('bad-request', 'headers must be a Headers, an object or [name, value] pairs');
  }
  return (name) => map.get(name.toLowerCase());
}

function tooLarge(maxBytes: number): RequestInputError {
  return new RequestInputError('body-too-large', `request body is larger than ${maxBytes} bytes`);
}

/** A declared Content-Length over the limit is refused before a byte of the body is read. */
export function checkDeclaredLength(declared: string | null | undefined, maxBytes: number): void {
  if (typeof declared === 'string' && /^[0-9]+$/.test(declared.trim()) && Number(declared.trim()) > maxBytes) throw tooLarge(maxBytes);
}

const ALREADY_READ = 'the request body was already read: verify before anything reads the body (with express, use express.raw(), not a JSON parser, or pass request.clone())';

/** Text (UTF-8) or bytes in any form: what toBytes takes. */
function isBytesOrText(x: unknown): x is string | ArrayBuffer | Uint8Array {
  return typeof x === 'string' || x instanceof ArrayBuffer || ArrayBuffer.isView(x);
}

function chunkBytes(chunk: unknown): Uint8Array {
  if (isBytesOrText(chunk)) return toBytes(chunk);
  throw new RequestInputError('bad-request', 'body stream must yield bytes');
}

async function readStream(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const bytes = chunkBytes(value);
      total += bytes.length;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      chunks.push(bytes);
    }
  } catch (e) {
    if (e instanceof RequestInputError) throw e;
    throw new RequestInputError('bad-request', 'the request body could not be read');
  }
  return concatBytes(chunks);
}

async function readIterable(iterable: AsyncIterable<unknown>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of iterable) {
      const bytes = chunkBytes(chunk);
      total += bytes.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(bytes);
    }
  } catch (e) {
    if (e instanceof RequestInputError) throw e;
    throw new RequestInputError('bad-request', 'the request body could not be read');
  }
  return concatBytes(chunks);
}

function checkLength(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  return bytes;
}

/** The raw body of a fetch Request (read from a clone, so the caller can still read it). */
export async function readRequestBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  checkDeclaredLength(request.headers.get('content-length'), maxBytes);
  if (request.bodyUsed) throw new RequestInputError('bad-request', ALREADY_READ);
  if (request.body === null) return new Uint8Array(0);
  return readStream(request.clone().body!, maxBytes);
}

/**
 * The stream of a Node request passed as the call itself (`verifyNotification(req, …)`, node:http's
 * IncomingMessage), whose body is not a property; undefined for anything else.
 */
export function nodeRequestStream(request: unknown): AsyncIterable<unknown> | undefined {
  const r = request as { readableEnded?: unknown; [Symbol.asyncIterator]?: unknown } | null;
  return r !== null && typeof r === 'object' && typeof r.readableEnded === 'boolean' && typeof r[Symbol.asyncIterator] === 'function'
    ? (r as AsyncIterable<unknown>)
    : undefined;
}

/** The raw body of a plain `{ body }`. A parsed object is refused: its bytes are gone. */
export async function readBodyInput(body: unknown, maxBytes: number): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (isBytesOrText(body)) return checkLength(toBytes(body), maxBytes);
  if (typeof (body as ReadableStream).getReader === 'function') return readStream(body as ReadableStream<Uint8Array>, maxBytes);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    // A Node stream (an IncomingMessage) that someone read before: what is left is not the body.
    const node = body as { readableEnded?: unknown; readableDidRead?: unknown };
    if (node.readableEnded === true || node.readableDidRead === true) throw new RequestInputError('bad-request', ALREADY_READ);
    return readIterable(body as AsyncIterable<unknown>, maxBytes);
  }
  throw new RequestInputError(
    'bad-request',
    'body must be the raw bytes (a parsed JSON object cannot be verified: use express.raw() or read the stream)',
  );
}

/** A node:http `IncomingMessage` (or Express/Koa/Fastify's raw request), described by the parts read. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Node's `[name, value, name, value…]` as received: duplicates kept, unlike `headers`. */
  rawHeaders?: string[];
  readableEnded?: boolean;
  /** Set by a body parser that ran first: raw bytes are used, a parsed object is refused. */
  body?: unknown;
}

/** A request as either verifier reads it: method, target, header input and a body reader. */
export interface RequestParts {
  method: string;
  /** The target as received (a URL object is read as its `href`). */
  url: string;
  headers: HeadersInput | undefined;
  /** The raw body, at most `maxBytes` (a declared Content-Length over it is refused before reading). */
  body(maxBytes: number): Promise<Uint8Array>;
}

// Node's rawHeaders as [name, value] pairs: `headers` drops a repeated Authorization or Host silently,
// and the verifiers must see repeats to refuse them.
function rawHeaderPairs(raw: unknown): Array<[string, string]> | undefined {
  if (!Array.isArray(raw) || raw.length % 2 !== 0) return undefined;
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (typeof raw[i] !== 'string' || typeof raw[i + 1] !== 'string') return undefined;
    pairs.push([raw[i] as string, raw[i + 1] as string]);
  }
  return pairs;
}

/**
 * The parts of a fetch `Request`, a node:http request, or a plain `{ method, url, headers, body }`.
 * Throws `RequestInputError` (`bad-request`) for anything else; reading the body throws the same way.
 */
export function requestParts(request: unknown): RequestParts {
  if (request === null || typeof request !== 'object') {
    throw new RequestInputError('bad-request', 'request must be a fetch Request, a node:http request or { url, headers, body }');
  }
  if (isFetchRequest(request)) {
    return { method: request.method, url: request.url, headers: request.headers, body: (max) => readRequestBody(request, max) };
  }
  const r = request as { method?: unknown; url?: unknown; headers?: unknown; rawHeaders?: unknown; body?: unknown };
  // Read once: a getter could answer differently on a second read. A URL object counts as its href.
  const rawUrl = r.url;
  const url = typeof rawUrl === 'string' ? rawUrl : typeof URL !== 'undefined' && rawUrl instanceof URL ? String(rawUrl.href) : undefined;
  if (url === undefined) throw new RequestInputError('bad-request', 'request url must be a string');
  const stream = nodeRequestStream(request);
  const headers = (stream !== undefined ? rawHeaderPairs(r.rawHeaders) : undefined) ?? (r.headers as HeadersInput | undefined);
  const lookup = headerLookup(headers);
  return {
    method: r.method === undefined || r.method === null ? '' : String(r.method),
    url,
    headers,
    body: async (max) => {
      checkDeclaredLength(lookup('content-length'), max);
      // No body property: node:http's request itself is the body stream.
      return readBodyInput(r.body !== undefined ? r.body : stream, max);
    },
  };
}

/** Bodies larger than this are refused unread: 12 MiB, APIG's own limit for signed bodies. */
export const DEFAULT_MAX_BODY_BYTES = 12 * 1024 * 1024;
/** Header sections (names and values) larger than this are refused: 64 KiB. */
export const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
