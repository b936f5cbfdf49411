// A backend behind APIG that checks the gateway's signature (a signature key of type hmac bound to the
// API): node:http, on Node or Bun. It listens on 127.0.0.1; put your reverse proxy in front of it.
// Run: SIGN_KEY=… SIGN_SECRET=… node verify-server.mjs   (PORT, default 8080)
import { createServer } from 'node:http';
import { verifyRequest } from 'huaweicloud-signer/apig';

const { SIGN_KEY, SIGN_SECRET, PORT = '8080' } = process.env;
if (!SIGN_KEY || !SIGN_SECRET) {
  console.error('Set SIGN_KEY and SIGN_SECRET: the sign_key and sign_secret of the signature key bound to your API.');
  process.exit(1);
}
const secrets = new Map([[SIGN_KEY, SIGN_SECRET]]);

const server = createServer(async (req, res) => {
  try {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      // Over 12 MiB: answer and close rather than read the rest (a bare return would leave it hanging).
      if ((size += chunk.length) > 12 * 1024 * 1024) return res.writeHead(413, { connection: 'close' }).end();
      chunks.push(chunk);
    }
    // The raw path and query (req.url) and the raw body bytes: what the gateway signed.
    const result = await verifyRequest(
      { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) },
      (key) => secrets.get(key),
    );
    if (!result.ok) console.warn('refused:', result.reason, result.message);
    res.writeHead(result.ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result.ok ? { hello: result.key } : { reason: result.reason }));
  } catch (error) {
    console.error(error); // the client went away mid-body, or looking up the secret failed
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
});
server.listen(Number(PORT), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
