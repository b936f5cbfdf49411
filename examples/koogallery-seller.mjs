// A KooGallery SaaS seller endpoint: checks each call's signature, answers with a JSON body signed in
// `Body-Sign`, and returns the tenant's username and password encrypted as KooGallery requires.
// node:http writes header names as given, so `Body-Sign` goes out spelled as KooGallery matches it.
// Run: KOOGALLERY_ACCESS_KEY=… node koogallery-seller.mjs   (or bun; or
//      deno run --allow-net=127.0.0.1 --allow-env=KOOGALLERY_ACCESS_KEY,PORT koogallery-seller.mjs)
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { createNonceStore, responseBody, resultCodes, signedResponse, verifyNotification } from 'huaweicloud-signer/koogallery';

const { KOOGALLERY_ACCESS_KEY: accessKey, PORT = '8080' } = process.env;
if (!accessKey) {
  console.error("Set KOOGALLERY_ACCESS_KEY: your product's accessKey (Seller Console).");
  process.exit(1);
}

// Yours: create the tenant. KooGallery resends calls, so make this idempotent (e.g. on the order's businessId).
async function provision(call) {
  return { instanceId: randomUUID(), frontEndUrl: 'https://app.example.com/login', userName: 'admin', password: randomBytes(12).toString('base64url') };
}

// One nonce store for the process (it refuses a replayed call); several instances share one: createRedisNonceStore.
const nonceStore = createNonceStore({ ttlSeconds: 120, maxEntries: 100_000 });
const reply = (body) => signedResponse(body, accessKey); // every answer carries Body-Sign

async function handle(request) {
  const verified = await verifyNotification(request, accessKey, { nonceStore });
  if (!verified.ok) {
    console.warn('refused:', verified.reason, verified.message);
    return reply({ resultCode: resultCodes.AUTH_FAILED, resultMsg: 'authentication failed' });
  }
  let call;
  try {
    call = JSON.parse(new TextDecoder().decode(verified.body)); // the signed bytes, and only those
  } catch {
    return reply({ resultCode: resultCodes.INVALID_PARAMETER, resultMsg: 'body is not JSON' });
  }
  switch (call?.activity) {
    case 'newInstance': {
      const { instanceId, frontEndUrl, userName, password } = await provision(call);
      // userName and password leave encrypted (AES-256, encryptType 1).
      return reply(await responseBody({ instanceId, encryptType: 1, appInfo: { frontEndUrl, userName, password } }, accessKey));
    }
    case 'refreshInstance':
    case 'expireInstance':
    case 'releaseInstance':
    case 'upgrade':
      return reply({ resultCode: resultCodes.SUCCESS, resultMsg: 'success' });
    default:
      return reply({ resultCode: resultCodes.INVALID_PARAMETER, resultMsg: 'unsupported activity' });
  }
}

export function nodeHttpListener(handle) {
  return async (req, res) => {
    try {
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(new URL(req.url, 'http://localhost'), {
        method: req.method,
        headers: req.headers,
        body: hasBody ? Readable.toWeb(req) : undefined,
        duplex: 'half', // the body is streamed: verifyNotification stops reading at its size limit
      });
      const response = await handle(request);
      const bytes = new Uint8Array(await response.arrayBuffer());
      res.writeHead(response.status, {
        'Content-Type': response.headers.get('content-type'),
        'Content-Length': bytes.length,
        'Body-Sign': response.headers.get('body-sign'),
      });
      res.end(bytes);
    } catch (error) {
      console.error(error); // e.g. provision failed: KooGallery retries calls that get no answer
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  };
}

const server = createServer(nodeHttpListener(handle));
server.listen(Number(PORT), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
