// A local stand-in for APIG on 127.0.0.1, for the Fetch-API rows of the runtime matrix: it verifies
// every call with the packed package's own `verifyRequest` on a clock 20 minutes ahead, answers in APIG's
// JSON error format (seed 003: `signature expired, signature time:...,server time:...`), and allows any
// origin, as a gateway with CORS enabled does, so that a page and a Worker on another origin can call it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

export const GATEWAY_SKEW_MS = 20 * 60 * 1000;
/** The credentials the gateway accepts, and the temporary ones `GET /__credentials` hands out. */
const { ak: AK, sk: SK, temporary: TEMPORARY } = JSON.parse(readFileSync(new URL('./fetch-credentials.json', import.meta.url), 'utf8'));
const SECRETS = { [AK]: SK, [TEMPORARY.key]: TEMPORARY.secret };

/**
 * @param {{ verifyRequest: Function, formatSdkDate: (d: Date) => string }} apig the package's `./apig`
 * @returns {Promise<{ base: string, close: () => Promise<void> }>}
 *   `GET /__count?id=X` (unsigned) answers how many calls carried `?id=X` so far; `GET /__credentials`
 *   (unsigned) answers temporary credentials `{ key, secret, securityToken }`, which it also accepts.
 */
export async function startGateway(apig) {
  const counts = new Map();
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => res.writeHead(500).end(String(e)));
  });

  async function handle(req, res) {
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, PATCH',
      // Authorization is never covered by a `*`: echo what the preflight asks for.
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
    };
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    if (url.pathname === '/__count') {
      return void res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(String(counts.get(url.searchParams.get('id')) ?? 0));
    }
    if (url.pathname === '/__credentials') {
      return void res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(TEMPORARY));
    }
    const id = url.searchParams.get('id');
    if (id !== null) counts.set(id, (counts.get(id) ?? 0) + 1);

    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = new Uint8Array(Buffer.concat(chunks));
    const headers = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    const now = new Date(Date.now() + GATEWAY_SKEW_MS);
    const result = await apig.verifyRequest({ method: req.method, url: req.url, headers, body }, (key) => SECRETS[key], { now });
    const json = (status, value) => res.writeHead(status, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(value));
    if (result.ok) {
      return void json(200, {
        key: result.key,
        signedHeaders: result.signedHeaders,
        bodyLength: body.length,
        contentType: req.headers['content-type'] ?? null,
        securityToken: req.headers['x-security-token'] ?? null,
      });
    }
    const sdkDate = String(req.headers['x-sdk-date'] ?? '');
    const message =
      result.reason === 'expired'
        ? `signature expired, signature time:${sdkDate},server time:${apig.formatSdkDate(now)}`
        : result.reason === 'signature-mismatch'
          ? 'verify signature fail'
          : result.message;
    json(401, { error_msg: `Incorrect app authentication information: ${message}`, error_code: 'APIG.0303', request_id: 'fd65e2b0c5a1b8ad' });
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.(); // keep-alive sockets of the runtimes' fetch would hold close() open
      }),
  };
}
