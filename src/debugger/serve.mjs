// Serve the built debugger page on 127.0.0.1 (a tiny static server, no dependencies).
// Usage: node src/debugger/serve.mjs [--port N] [--root DIR]   (default: port 8377, dist/debugger)
import { createServer } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
// The page needs nothing from the network: say so to the browser too.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; form-action 'none'; base-uri 'none'";

export function startServer(rootDir, port = 8377) {
  const root = resolve(rootDir);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(root, '.' + path);
    let ok = file.startsWith(root + sep) && TYPES[extname(file)] !== undefined;
    try {
      ok = ok && statSync(file).isFile();
    } catch {
      ok = false;
    }
    if (!ok) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)],
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePromise(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const root = resolve(arg('--root') ?? fileURLToPath(new URL('../../dist/debugger/', import.meta.url)));
  try {
    statSync(resolve(root, 'index.html'));
  } catch {
    console.error(`no debugger page in ${root}: run npm run debugger:build first`);
    process.exit(2);
  }
  const port = Number(arg('--port') ?? process.env.PORT ?? 8377);
  try {
    const server = await startServer(root, port);
    console.log(`hcsign debugger: http://127.0.0.1:${server.address().port}/`);
  } catch (e) {
    console.error(`cannot listen on 127.0.0.1:${port}: ${e.code ?? e.message}${e.code === 'EADDRINUSE' ? ' (use --port N)' : ''}`);
    process.exit(2);
  }
}
