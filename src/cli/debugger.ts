// `hcsign debugger`: serve the signature debugger page (dist/debugger, shipped in the package) on
// 127.0.0.1. A tiny static server: three files, GET and HEAD only, nothing else on the machine is
// reachable through it, and a Host other than 127.0.0.1 or localhost is refused (a web page on another
// site cannot reach it through DNS rebinding).
import { createServer, type Server } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from './command.js';
import { CliError, out } from './io.js';

/** The page's files: the only paths served. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

// The page needs nothing from the network: the server says so too (the page repeats it in a meta tag).
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

export const DEFAULT_PORT = 8377;

/** dist/debugger beside the bundled dist/cli.js. */
export function pageDir(): string {
  return fileURLToPath(new URL('./debugger/', import.meta.url));
}

/** Serve `dir` on 127.0.0.1:`port` (0: any free port). Resolves once listening. */
export function startDebuggerServer(dir: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const port = (server.address() as { port: number } | null)?.port;
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden: open http://127.0.0.1:' + port + '/\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const q = (req.url ?? '/').indexOf('?');
    const entry = FILES[q < 0 ? (req.url ?? '/') : req.url!.slice(0, q)];
    let body: Buffer;
    try {
      if (!entry) throw new Error('not found');
      body = readFileSync(dir + entry.file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': entry.type,
      'content-length': body.length,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export const debuggerCommand: Command = {
  path: ['debugger'],
  summary: 'serve the signature debugger page on 127.0.0.1 (APIG and KooGallery, in your browser)',
  usage: 'debugger [--port N]',
  description: `Serves the signature debugger page on http://127.0.0.1:${DEFAULT_PORT}/ until you stop it (Ctrl-C).
The page computes everything in the browser with Web Crypto and sends nothing anywhere: APIG's canonical
request, string to sign, Authorization and a curl command, line by line against a pasted APIG.0303 error;
KooGallery's notification signatures, Body-Sign and sensitive fields.

The server listens on 127.0.0.1 only (not on other interfaces) and answers only for the hosts 127.0.0.1
and localhost. Exit code 2: the port is in use or the page is missing.`,
  options: [{ name: 'port', kind: 'value', arg: 'N', help: `the port (default ${DEFAULT_PORT}; 0 picks a free one)` }],
  examples: ['hcsign debugger', 'hcsign debugger --port 9000'],
  async run(args) {
    if (args.positionals.length > 0) throw new CliError('unexpected argument (this command takes options only)');
    const portText = args.values.get('port') ?? String(DEFAULT_PORT);
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new CliError('--port must be a number from 0 to 65535');
    const dir = pageDir();
    try {
      if (!statSync(dir + 'index.html').isFile()) throw new Error('not a file');
    } catch {
      throw new CliError(`the debugger page is missing from this installation (${dir}); from a clone, run npm run build`);
    }
    let server: Server;
    try {
      server = await startDebuggerServer(dir, Number(portText));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new CliError(`port ${portText} on 127.0.0.1 is in use: pick another with --port N`);
      throw new CliError(`cannot listen on 127.0.0.1:${portText}${code ? ` (${code})` : ''}`);
    }
    const { port } = server.address() as { port: number };
    out(`hcsign debugger: http://127.0.0.1:${port}/ (Ctrl-C to stop)`);
    return new Promise<number>((resolve) => {
      const stop = () => {
        server.close(() => resolve(0));
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
