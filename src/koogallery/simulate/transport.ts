// How the simulator reaches a seller. The default on Node, Bun and Deno is their node:http client, whose
// response keeps header names as sent (KooGallery matches `Body-Sign` case-sensitively; fetch lower-cases
// every name, so through fetch the spelling cannot be checked). Elsewhere: fetch, or a handler in process.
import { SignerError } from '../../errors.js';

/** A request the simulator sends. */
export interface WireRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: Uint8Array;
  /** Aborted when the call's time is up. */
  signal: AbortSignal;
}

/** What came back. */
export interface WireResponse {
  status: number;
  /** Header names as received (when `exactHeaderNames`) and values. */
  headers: [string, string][];
  body: Uint8Array;
  /** True when `headers` keeps the wire's spelling of names (node:http); false through fetch. */
  exactHeaderNames: boolean;
}

/** Sends one request; rejects when the seller cannot be reached. */
export type SimulateTransport = (request: WireRequest) => Promise<WireResponse>;

const MAX_ANSWER = 4 * 1024 * 1024;

/** A transport over a Fetch API function: global fetch, or your handler called in process. */
export function fetchTransport(fetchFn: (request: Request) => Promise<Response>): SimulateTransport {
  return async (req) => {
    const res = await fetchFn(new Request(req.url, { method: req.method, headers: req.headers, body: req.body as unknown as BodyInit, signal: req.signal, redirect: 'manual' }));
    const headers: [string, string][] = [];
    res.headers.forEach((value, name) => headers.push([name, value]));
    const body = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, headers, body: body.length > MAX_ANSWER ? body.subarray(0, MAX_ANSWER) : body, exactHeaderNames: false };
  };
}

interface NodeHttpModule {
  request(url: URL, options: { method: string; headers: Record<string, string>; signal: AbortSignal }, cb: (res: NodeIncoming) => void): NodeClientRequest;
}
interface NodeIncoming {
  statusCode?: number;
  rawHeaders: string[];
  on(event: 'data', fn: (chunk: Uint8Array) => void): void;
  on(event: 'end' | 'error' | 'aborted', fn: (e?: unknown) => void): void;
  destroy(): void;
}
interface NodeClientRequest {
  on(event: 'error', fn: (e: unknown) => void): void;
  end(body: Uint8Array): void;
}

/**
 * A transport over node:http/node:https (Node, Bun, Deno), which reports header names as sent; undefined
 * where there is no such module. Loaded on first use, so other runtimes never import it.
 */
export async function nodeHttpTransport(): Promise<SimulateTransport | undefined> {
  const g = globalThis as { process?: { versions?: { node?: string } } };
  if (typeof g.process?.versions?.node !== 'string') return undefined;
  let http: NodeHttpModule;
  let https: NodeHttpModule;
  try {
    // Computed specifiers: bundlers for browsers and Workers leave them alone.
    const load = (name: string) => import(/* @vite-ignore */ `node:${name}`) as Promise<NodeHttpModule & { default?: NodeHttpModule }>;
    const [a, b] = await Promise.all([load('http'), load('https')]);
    http = typeof a.request === 'function' ? a : a.default!;
    https = typeof b.request === 'function' ? b : b.default!;
  } catch {
    return undefined;
  }
  return (req) =>
    new Promise<WireResponse>((resolve, reject) => {
      const url = new URL(req.url);
      const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
      if (!mod) {
        reject(new SignerError('ERR_INVALID_ARGUMENT', 'the address must be http or https'));
        return;
      }
      const r = mod.request(url, { method: req.method, headers: { ...req.headers, 'Content-Length': String(req.body.length) }, signal: req.signal }, (res) => {
        const chunks: Uint8Array[] = [];
        let total = 0;
        res.on('data', (c) => {
          total += c.length;
          if (total <= MAX_ANSWER) chunks.push(c);
        });
        res.on('error', reject);
        res.on('aborted', reject);
        res.on('end', () => {
          const body = new Uint8Array(Math.min(total, MAX_ANSWER));
          let at = 0;
          for (const c of chunks) {
            body.set(c.subarray(0, body.length - at), at);
            at += c.length;
          }
          const headers: [string, string][] = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
          resolve({ status: res.statusCode ?? 0, headers, body, exactHeaderNames: true });
        });
      });
      r.on('error', reject);
      r.end(req.body);
    });
}
