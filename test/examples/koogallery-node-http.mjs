// Serve the Fetch-API seller handler (koogallery-handler.mjs) with node:http, on Node, Bun or Deno.
// node:http writes header names as given, so `Body-Sign` reaches KooGallery spelled as it requires
// (seed 000 FAQ 1); Deno.serve sends the lower-cased name of a Fetch `Headers` object (`body-sign`).
// The README shows this function; test/koogallery-example.test.ts runs it on Node, Deno and Bun.
import { Readable } from 'node:stream';

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
