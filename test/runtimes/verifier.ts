// The README's backend verifier (a Fetch-API handler, `export default { fetch }`) and the calls a runtime
// sends it: signed ones (a path and query that servers re-encode, JSON and binary bodies) and bad ones (a
// body changed after signing, a wrong secret, an unknown key, a stale date), with the verdict each must get.
// test/fixtures/apig/serve-verify.mjs runs the same calls under Deno.serve and Bun.serve; here they are
// shared by the workerd row, where the handler is a Worker of its own behind a socket on 127.0.0.1.
import type { Library } from '../vectors/types.js';

export const SIGN_KEY = 'backend-sign-key';
export const SIGN_SECRET = 'backend-sign-secret-0123456789';

/** The README's handler, as written there (`verifyRequest` from the package's `./apig`). */
export function readmeVerifier(verifyRequest: Library['apig']['verifyRequest']): { fetch: (request: Request) => Promise<Response> } {
  const secrets = new Map([[SIGN_KEY, SIGN_SECRET]]);
  return {
    async fetch(request: Request): Promise<Response> {
      const result = await verifyRequest(request, (key) => secrets.get(key));
      if (!result.ok) return Response.json({ reason: result.reason, message: result.message }, { status: 401 });
      return Response.json({ hello: result.key });
    },
  };
}

interface Call {
  method?: string;
  path: string;
  body?: string | Uint8Array<ArrayBuffer>;
  sentBody?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  date?: Date;
  credentials?: { key: string; secret: string };
  expect: { status: number; hello?: string; reason?: string };
}

const CALLS: [string, Call][] = [
  ['tricky path and query', { path: "/v1/a b/ü/{x}/%2F/~!*'()?q=a b&u=ü&p=1+2&e=&s=%2F&t='{}'&z", expect: { status: 200, hello: SIGN_KEY } }],
  ['JSON body', { method: 'POST', path: '/v1/items', headers: { 'Content-Type': 'application/json' }, body: '{"name":"vpc-1","n":1}', expect: { status: 200, hello: SIGN_KEY } }],
  ['binary body', { method: 'PUT', path: '/v1/objects/o', body: new Uint8Array([0, 1, 0xff, 0x80]), expect: { status: 200, hello: SIGN_KEY } }],
  ['body changed after signing', { method: 'POST', path: '/v1/items', body: '{"n":1}', sentBody: '{"n":2}', expect: { status: 401, reason: 'signature-mismatch' } }],
  ['wrong secret', { path: '/v1/x', credentials: { key: SIGN_KEY, secret: 'not-the-secret' }, expect: { status: 401, reason: 'signature-mismatch' } }],
  ['unknown key', { path: '/v1/x', credentials: { key: 'someone-else', secret: SIGN_SECRET }, expect: { status: 401, reason: 'unknown-key' } }],
  ['signed 20 minutes ago', { path: '/v1/x', date: new Date(Date.now() - 20 * 60 * 1000), expect: { status: 401, reason: 'expired' } }],
];

/**
 * Sends every call, signed with the package's `signRequest`, to the verifier at `base`, and checks each verdict.
 * @returns the checks in the shape of the Fetch-API row (signed-fetch.ts)
 */
export async function verifierChecks(lib: Library, base: string) {
  const result = { runtime: String(lib.runtimeName), total: CALLS.length, passed: 0, failed: 0, failures: [] as { file: string; id: string; message: string }[] };
  for (const [id, call] of CALLS) {
    try {
      const { method = 'GET', path, body, sentBody = body, headers = {}, date, credentials = { key: SIGN_KEY, secret: SIGN_SECRET } } = call;
      const url = base + path;
      const signed = await lib.apig.signRequest({ method, url, headers, body }, credentials, date ? { date } : {});
      const res = await fetch(url, { method, headers: signed.headers, body: sentBody });
      const got = { status: res.status, ...((await res.json()) as Record<string, unknown>) };
      for (const [k, v] of Object.entries(call.expect)) {
        if ((got as Record<string, unknown>)[k] !== v) throw new Error(`${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(got)}`);
      }
      result.passed++;
    } catch (e) {
      result.failed++;
      result.failures.push({ file: 'verifier', id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return result;
}
