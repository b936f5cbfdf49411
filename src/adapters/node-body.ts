// The raw body of a node:http request inside a framework (Express's req, Koa's ctx.req, Fastify's
// payload), read once and then handed back: body parsers that run after an adapter (express.json(), Koa's
// bodyparser, Fastify's content-type parsers) read the same bytes again, as if nobody had read them.
// Typed structurally: no framework and no node: module is imported.
import { SignerError } from '../apig/index.js';

type Listener = (...args: any[]) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The part of a readable Node stream the adapters use (Fastify's payload may be any such stream). */
export interface NodeStreamLike {
  readable?: boolean;
  readableEnded?: boolean;
  readableDidRead?: boolean;
  on(event: string, listener: Listener): unknown;
  removeListener(event: string, listener: Listener): unknown;
  emit(event: string, ...args: any[]): boolean; // eslint-disable-line @typescript-eslint/no-explicit-any
  pause?(): unknown;
  resume?(): unknown;
}

/** The part of a node:http `IncomingMessage` the adapters use (Express's and Fastify's requests are one). */
export interface NodeIncomingLike extends NodeStreamLike {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders?: string[];
}

/** Node's `[name, value, …]` as pairs (repeats kept, so a repeated Authorization is seen), else `headers`. */
export function nodeHeaders(req: NodeIncomingLike): Array<[string, string]> | NodeIncomingLike['headers'] {
  const raw = req.rawHeaders;
  if (!Array.isArray(raw) || raw.length % 2 !== 0) return req.headers;
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (typeof raw[i] !== 'string' || typeof raw[i + 1] !== 'string') return req.headers;
    pairs.push([raw[i]!, raw[i + 1]!]);
  }
  return pairs;
}

/** A first value of a header of a node request (Node lower-cases `headers`' names). */
export function nodeHeader(req: NodeIncomingLike, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The chunks as one array. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** True when something already read the stream: what is left of it is not the body. */
export function streamConsumed(req: NodeStreamLike): boolean {
  return req.readableEnded === true || req.readableDidRead === true;
}

/** The stream's chunks, stopping early once more than `maxBytes` arrived (the caller refuses those). */
export function readNodeStream(req: NodeStreamLike, maxBytes: number): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const cleanup = (): void => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('close', onClose);
    };
    const onData = (chunk: Uint8Array | string): void => {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      chunks.push(bytes);
      total += bytes.length;
      if (total > maxBytes) {
        cleanup();
        req.pause?.();
        resolve(chunks);
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks);
    };
    const onError = (e: unknown): void => {
      cleanup();
      reject(e);
    };
    // A client that goes away mid-body: 'close' without 'end'.
    const onClose = (): void => onError(new SignerError('ERR_INVALID_ARGUMENT', 'the request was closed before its body ended'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
    req.resume?.();
  });
}

/**
 * The body as verifyRequest reads it, from the stream, read only if verifyRequest gets that far (a
 * request without a valid-looking signature is refused without reading a byte). `chunks` keeps what was
 * read, for {@link replayNodeBody}.
 */
export class LazyNodeBody implements AsyncIterable<Uint8Array> {
  chunks: Uint8Array[] | undefined;
  constructor(
    private readonly req: NodeStreamLike,
    private readonly maxBytes: number,
  ) {}
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    this.chunks = await readNodeStream(this.req, this.maxBytes);
    yield* this.chunks;
  }
}

/**
 * Makes a stream that was read to its end read again: the same chunks, to whoever listens next. Own
 * properties shadow the stream's methods and flags (`readable`, `on`, `resume`, `pipe`, async iteration),
 * which is what raw-body (express.json(), Koa's co-body) and Fastify's content-type parsers use.
 */
export function replayNodeBody(req: NodeStreamLike, chunks: readonly Uint8Array[]): void {
  const target = req as unknown as Record<string | symbol, unknown>;
  const on = req.on;
  let state: 'waiting' | 'flowing' | 'done' = 'waiting';
  const finish = (): void => {
    state = 'done';
    for (const name of ['on', 'addListener', 'resume', 'pipe', 'readable', 'readableEnded', 'readableDidRead', 'closed', 'destroyed', Symbol.asyncIterator]) {
      delete target[name];
    }
  };
  const start = (): void => {
    if (state !== 'waiting') return;
    state = 'flowing';
    // Listeners are added in one go ('data', then 'end'): emit once they all are.
    queueMicrotask(() => {
      for (const chunk of chunks) req.emit('data', chunk);
      finish();
      req.emit('end');
    });
  };
  const listen = function (this: unknown, event: string, listener: Listener): unknown {
    on.call(req, event, listener);
    if (event === 'data') start();
    return req;
  };
  // Node closes (autoDestroy) a stream read to its end; @koa/bodyparser refuses a closed one.
  const flags = {
    readable: () => state !== 'done',
    readableEnded: () => state === 'done',
    readableDidRead: () => state !== 'waiting',
    closed: () => false,
    destroyed: () => false,
  };
  for (const [name, get] of Object.entries(flags)) Object.defineProperty(req, name, { get, configurable: true, enumerable: false });
  target.on = listen;
  target.addListener = listen;
  target.resume = () => {
    start();
    return req;
  };
  target.pipe = (dest: { write(chunk: Uint8Array): unknown; end(): unknown }, options?: { end?: boolean }) => {
    listen('data', (chunk: Uint8Array) => dest.write(chunk));
    on.call(req, 'end', () => {
      if (options?.end !== false) dest.end();
    });
    return dest;
  };
  target[Symbol.asyncIterator] = async function* () {
    if (state !== 'waiting') return;
    finish();
    yield* chunks;
  };
}
