// A Fetch-API handler, `(request: Request) => Promise<Response>`, served from a node:http-based framework:
// the request rebuilt from the method, the target as received, the headers and the raw body; the answer
// written back with its header names in their usual spelling (Fetch lower-cases them; KooGallery reads
// `Body-Sign` case-sensitively).
import { SignerError } from '../apig/index.js';
import { nodeHeaders, type NodeIncomingLike } from './node-body.js';

/** A Fetch-API request handler, such as a KooGallery seller handler. */
export type FetchHandler = (request: Request) => Promise<Response> | Response;

/** @throws {SignerError} `ERR_INVALID_ARGUMENT` when `handler` is not a function. */
export function checkHandler(handler: unknown): FetchHandler {
  if (typeof handler !== 'function') throw new SignerError('ERR_INVALID_ARGUMENT', 'fetchEndpoint needs a (request: Request) => Promise<Response> handler');
  return handler as FetchHandler;
}

/** `content-type` → `Content-Type`, `body-sign` → `Body-Sign`. */
export function headerCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

/** A fetch Request for a node request, its target as received and `body` as its raw bytes. */
export function fetchRequestOf(req: NodeIncomingLike, target: string, body: Uint8Array | undefined): Request {
  const headers = new Headers();
  const source = nodeHeaders(req);
  for (const [name, value] of Array.isArray(source) ? source : Object.entries(source)) {
    if (value === undefined) continue;
    // HTTP/2 pseudo-headers (:path…) are not headers a Request can carry.
    if (name.startsWith(':')) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  let host = headers.get('host') ?? 'localhost';
  // The target is what the client sent; the origin only makes it a URL (a bad Host must not break it).
  if (!/^[A-Za-z0-9.\-:[\]]+$/.test(host)) host = 'localhost';
  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (body !== undefined && body.length > 0 && method !== 'GET' && method !== 'HEAD') init.body = body as BodyInit;
  return new Request(new URL(target.startsWith('/') ? target : `/${target}`, `http://${host}`), init);
}

/** The part of a node:http `ServerResponse` written to. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string | string[]): unknown;
  end(chunk?: Uint8Array): unknown;
}

/** A fetch Response as status, header pairs (names in their usual spelling) and body bytes. */
export async function responseParts(response: Response): Promise<{ status: number; headers: Array<[string, string | string[]]>; body: Uint8Array }> {
  const headers: Array<[string, string | string[]]> = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers.push([headerCase(name), value]);
  });
  const cookies = typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
  if (cookies.length > 0) headers.push(['Set-Cookie', cookies]);
  return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
}

/** Writes a fetch Response to a node:http response. */
export async function writeNodeResponse(res: NodeResponseLike, response: Response): Promise<void> {
  const { status, headers, body } = await responseParts(response);
  res.statusCode = status;
  for (const [name, value] of headers) res.setHeader(name, value);
  res.end(body);
}
