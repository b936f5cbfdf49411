// Every file of examples/ run as written, as a user runs it: by the package's own name (Node and Bun resolve
// `huaweicloud-signer/...` inside this repository to its package.json `exports`; Deno runs a copy in a
// project whose node_modules holds the package). Clients call a local server that verifies what arrives;
// servers get a real signed request and a forged one. The .ts examples are type-checked with tsc --strict.
// Needs dist/ (npm test builds first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signRequest, verifyRequest } from '../src/apig/index.js';
import { decryptSensitive, headerSignature, requestSignature, verifyBodySign } from '../src/koogallery/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const NODE = process.execPath;
const DENO_RUN = [bin('deno'), 'run', '--no-prompt', '--no-lock', '--quiet'];

// A project where Deno finds the package under its name, as after `npm install huaweicloud-signer`.
let denoProject = '';
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/node/apig.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  denoProject = mkdtempSync(join(tmpdir(), 'hcsign-examples-'));
  mkdirSync(join(denoProject, 'node_modules'));
  symlinkSync(ROOT, join(denoProject, 'node_modules', 'huaweicloud-signer'), 'dir');
  writeFileSync(join(denoProject, 'package.json'), JSON.stringify({ type: 'module', dependencies: { 'huaweicloud-signer': '*' } }));
  cpSync(EXAMPLES, denoProject, { recursive: true });
});
afterAll(() => {
  if (denoProject) rmSync(denoProject, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
/** Runs a command to its end (asynchronously: the servers it calls live in this process). */
function run(argv: string[], env: Record<string, string>, cwd = EXAMPLES): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill()));
/** Starts an example server with PORT=0 and reads the port it prints. */
function start(argv: string[], env: Record<string, string>, cwd = EXAMPLES): Promise<{ port: number; child: ChildProcess; log: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env } });
    children.push(child);
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no "listening on" within 60 s: ${out}${err}`)), 60_000);
    const seen = () => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out + err); // ours: "listening on"; Bun's and Deno's own servers print theirs
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), child, log: () => err });
      }
    };
    child.stderr!.on('data', (c: Buffer) => ((err += c), seen()));
    child.stdout!.on('data', (c: Buffer) => ((out += c), seen()));
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening: ${err}`)));
  });
}

interface Reply {
  status: number;
  rawHeaders: string[];
  body: Buffer;
}
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string | Uint8Array): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A local server that verifies APIG signatures as the gateway does and records what it saw. */
async function gateway(key: string, secret: string, answer: (req: IncomingMessage, path: string) => unknown) {
  const seen: { ok: boolean; reason?: string; path: string; headers: IncomingMessage['headers'] }[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const result = await verifyRequest({ method: req.method!, url: req.url!, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }, (k) => (k === key ? secret : undefined));
    seen.push({ ok: result.ok, reason: result.ok ? undefined : result.reason, path: req.url!, headers: req.headers });
    res.writeHead(result.ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result.ok ? answer(req, req.url!) : { error_code: 'APIG.0303', error_msg: 'Incorrect app authentication information: verify signature fail' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('examples/call-api.{mjs,cjs,ts}: sign and call', () => {
  const key = 'app-key-0001';
  const secret = 'app-secret-0123456789abcdef';
  let gw: Awaited<ReturnType<typeof gateway>>;
  beforeAll(async () => {
    gw = await gateway(key, secret, (_req, path) => ({ hello: 'from the API', path }));
  });
  afterAll(() => gw.close());

  const cases: [string, string[], string | undefined][] = [
    ['Node, ES module', [NODE, 'call-api.mjs'], undefined],
    ['Node, CommonJS', [NODE, 'call-api.cjs'], undefined],
    ['Bun, ES module', [bin('bun'), 'call-api.mjs'], undefined],
    ['Bun, TypeScript', [bin('bun'), 'call-api.ts'], undefined],
    ['Deno, TypeScript', [...DENO_RUN, '--allow-env=APP_KEY,APP_SECRET,API_URL', '--allow-net=127.0.0.1', 'call-api.ts'], 'deno'],
  ];
  for (const [name, argv, where] of cases) {
    it(`${name}: the gateway verifies the call and its answer is printed`, async () => {
      const before = gw.seen.length;
      const r = await run(argv, { APP_KEY: key, APP_SECRET: secret, API_URL: `${gw.url}/v1/orders?limit=2&q=a%20b` }, where ? denoProject : EXAMPLES);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`200 ${JSON.stringify({ hello: 'from the API', path: '/v1/orders?limit=2&q=a%20b' })}\n`);
      expect(gw.seen.slice(before)).toMatchObject([{ ok: true, path: '/v1/orders?limit=2&q=a%20b' }]);
    }, 90_000);

    it(`${name}: a wrong secret is refused by the gateway, and missing variables are named`, async () => {
      const wrong = await run(argv, { APP_KEY: key, APP_SECRET: 'not-the-secret', API_URL: `${gw.url}/v1/orders` }, where ? denoProject : EXAMPLES);
      expect(wrong.stdout.startsWith('401 {"error_code":"APIG.0303"')).toBe(true);
      const missing = await run(argv, { APP_KEY: key, API_URL: gw.url }, where ? denoProject : EXAMPLES);
      expect(missing.status).toBe(1);
      expect(missing.stdout).toBe('');
      expect(missing.stderr).toBe("Set APP_KEY and APP_SECRET (your App's AppKey and AppSecret, or an AK/SK) and API_URL (the API to call).\n");
    }, 90_000);
  }
});

describe('examples/list-vpcs.mjs: createSignedFetch against a service API', () => {
  const ak = 'HPUAXXXXXXXXXXXXXXXX';
  const sk = 'service-secret-key-0123456789';
  const projectId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
  let gw: Awaited<ReturnType<typeof gateway>>;
  beforeAll(async () => {
    gw = await gateway(ak, sk, (req) => ({
      vpcs: [{ id: 'vpc-1', name: 'default', cidr: '192.168.0.0/16', project: req.headers['x-project-id'] }],
    }));
  });
  afterAll(() => gw.close());

  it.each([['Node', NODE], ['Bun', bin('bun')]])('%s: lists the VPCs of the project, with X-Project-Id signed', async (_name, runtime) => {
    const r = await run([runtime, 'list-vpcs.mjs'], { HUAWEICLOUD_SDK_AK: ak, HUAWEICLOUD_SDK_SK: sk, HUAWEICLOUD_SDK_PROJECT_ID: projectId, VPC_ENDPOINT: gw.url });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('vpc-1 default 192.168.0.0/16\n');
    const last = gw.seen.at(-1)!;
    expect(last).toMatchObject({ ok: true, path: `/v1/${projectId}/vpcs?limit=10` });
    expect(last.headers['x-project-id']).toBe(projectId);
    expect(last.headers.authorization).toMatch(/SignedHeaders=[^,]*x-project-id/);
  }, 60_000);

  it('runs on Deno with --allow-env limited to the names it reads', async () => {
    const r = await run(
      [...DENO_RUN, '--allow-net=127.0.0.1', '--allow-env=HUAWEICLOUD_SDK_AK,HUAWEICLOUD_SDK_SK,HUAWEICLOUD_SDK_SECURITY_TOKEN,HUAWEICLOUD_SDK_PROJECT_ID,HUAWEICLOUD_SDK_DOMAIN_ID,HUAWEICLOUD_REGION,VPC_ENDPOINT', 'list-vpcs.mjs'],
      { HUAWEICLOUD_SDK_AK: ak, HUAWEICLOUD_SDK_SK: sk, HUAWEICLOUD_SDK_PROJECT_ID: projectId, VPC_ENDPOINT: gw.url },
      denoProject,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('vpc-1 default 192.168.0.0/16\n');
  }, 60_000);

  it('names what is missing instead of calling /v1/undefined/vpcs, and reports a refusal', async () => {
    const noProject = await run([NODE, 'list-vpcs.mjs'], { HUAWEICLOUD_SDK_AK: ak, HUAWEICLOUD_SDK_SK: sk, VPC_ENDPOINT: gw.url });
    expect(noProject.status).toBe(1);
    expect(noProject.stderr).toMatch(/^Set HUAWEICLOUD_SDK_PROJECT_ID: /);
    const noSk = await run([NODE, 'list-vpcs.mjs'], { HUAWEICLOUD_SDK_AK: ak, VPC_ENDPOINT: gw.url });
    expect(noSk.status).toBe(1);
    expect(noSk.stderr).toContain('HUAWEICLOUD_SDK_SK');
    const wrong = await run([NODE, 'list-vpcs.mjs'], { HUAWEICLOUD_SDK_AK: ak, HUAWEICLOUD_SDK_SK: 'wrong', HUAWEICLOUD_SDK_PROJECT_ID: projectId, VPC_ENDPOINT: gw.url });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^401 .*APIG\.0303/);
    expect(gw.seen.every((s) => !s.path.includes('undefined'))).toBe(true);
  }, 60_000);
});

describe('examples/verify-server.mjs and verify-handler.ts: a backend that verifies APIG signatures', () => {
  const SIGN_KEY = 'backend_key_01';
  const SIGN_SECRET = 'backend-sign-secret-0123456789';
  const servers: [string, string[], string, boolean][] = [
    ['verify-server.mjs on Node', [NODE, 'verify-server.mjs'], EXAMPLES, true],
    ['verify-server.mjs on Bun', [bin('bun'), 'verify-server.mjs'], EXAMPLES, true],
    ['verify-handler.ts on Bun (its default export served)', [bin('bun'), 'verify-handler.ts'], EXAMPLES, false],
    ['verify-handler.ts with deno serve', [bin('deno'), 'serve', '--no-prompt', '--no-lock', '--host', '127.0.0.1', '--port', '0', '--allow-env=SIGN_KEY,SIGN_SECRET,PORT', 'verify-handler.ts'], '', false],
  ];
  for (const [name, argv, cwd, nodeHttp] of servers) {
    describe(name, () => {
      let port = 0;
      let log: () => string;
      beforeAll(async () => {
        ({ port, log } = await start(argv, { SIGN_KEY, SIGN_SECRET }, cwd || denoProject));
      }, 60_000);
      const signed = async (method: string, path: string, body?: string) =>
        (await signRequest({ method, url: `http://127.0.0.1:${port}${path}`, headers: body ? { 'Content-Type': 'application/json' } : {}, body }, { key: SIGN_KEY, secret: SIGN_SECRET })).headers;

      it('accepts a signed request (raw path and query, JSON body) and refuses a forged one', async () => {
        const path = '/orders/a%2Fb?q=a+b&x=%E4%B8%AD';
        const body = JSON.stringify({ item: '买家', n: 1 });
        const ok = await send(port, 'POST', path, await signed('POST', path, body), body);
        expect([ok.status, JSON.parse(ok.body.toString())]).toEqual([200, { hello: SIGN_KEY }]);
        const forged = await send(port, 'POST', path, await signed('POST', path, body), body.replace('1', '2'));
        expect([forged.status, JSON.parse(forged.body.toString())]).toEqual([401, { reason: 'signature-mismatch' }]);
        const wrongSecret = (await signRequest({ method: 'GET', url: `http://127.0.0.1:${port}/orders` }, { key: SIGN_KEY, secret: 'guessed-secret-000000' })).headers;
        expect((await send(port, 'GET', '/orders', wrongSecret)).status).toBe(401);
        const chunked = await send(port, 'PUT', '/up', { ...(await signed('PUT', '/up', '"abc"')), 'Transfer-Encoding': 'chunked' }, '"abc"');
        expect(chunked.status).toBe(200); // a body without Content-Length is read the same way
        const unsigned = await send(port, 'GET', '/orders', {});
        expect([unsigned.status, JSON.parse(unsigned.body.toString())]).toEqual([401, { reason: 'missing-signature' }]);
        const headers = await signed('POST', '/orders?a=1', '{"n":1}');
        for (const [path, body] of [['/orders/x?a=1', '{"n":1}'], ['/orders?a=2', '{"n":1}']]) {
          expect((await send(port, 'POST', path!, headers, body)).status).toBe(401);
        }
        if (nodeHttp) expect(log()).toContain('refused: signature-mismatch');
      });

      if (nodeHttp) it('survives a client that goes away mid-body, and closes on a body over 12 MiB', async () => {
        await new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write('POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"partial":');
            setTimeout(() => (socket.destroy(), resolve()), 100);
          });
        });
        const closed = await new Promise<string>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write(`POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: ${13 * 1024 * 1024}\r\n\r\n`);
            socket.write(Buffer.alloc(12 * 1024 * 1024 + 64 * 1024)); // the rest is never sent
          });
          let head = '';
          socket.on('data', (c) => (head += c.toString('latin1')));
          socket.on('error', () => resolve(head));
          socket.on('close', () => resolve(head));
        });
        expect(closed === '' || closed.startsWith('HTTP/1.1 413')).toBe(true); // the server hung up without the rest
        const after = await send(port, 'GET', '/orders', await signed('GET', '/orders'));
        expect(after.status).toBe(200);
      }, 30_000);

      it('names the missing variables', async () => {
        const r = await run(argv, { SIGN_KEY }, cwd || denoProject);
        expect(r.status).toBe(1);
        expect(r.stderr).toBe('Set SIGN_KEY and SIGN_SECRET: the sign_key and sign_secret of the signature key bound to your API.\n');
      }, 30_000);
    });
  }
});

describe('examples/koogallery-seller.mjs: a KooGallery seller endpoint', () => {
  const AK = 'b7c1f0e2-4a9d-4f38-9e61-0d2c5a7b8e93';
  const runtimes: [string, string[], string][] = [
    ['Node', [NODE, 'koogallery-seller.mjs'], EXAMPLES],
    ['Bun', [bin('bun'), 'koogallery-seller.mjs'], EXAMPLES],
    ['Deno', [...DENO_RUN, '--allow-net=127.0.0.1', '--allow-env=KOOGALLERY_ACCESS_KEY,PORT', 'koogallery-seller.mjs'], ''],
  ];
  for (const [name, argv, cwd] of runtimes) {
    describe(name, () => {
      let port = 0;
      let log: () => string;
      beforeAll(async () => {
        ({ port, log } = await start(argv, { KOOGALLERY_ACCESS_KEY: AK }, cwd || denoProject));
      }, 60_000);
      let n = 0;
      async function call(body: string, { scheme = 'header', key = AK, nonce = `n-${Date.now()}-${++n}` } = {}) {
        const timestamp = String(Date.now());
        if (scheme === 'header') {
          const sign = await headerSignature({ accessKey: key, nonce, timestamp, body });
          return send(port, 'POST', '/produce', { 'Content-Type': 'application/json', 'x-sign': sign, 'x-timestamp': timestamp, 'x-nonce': nonce }, body);
        }
        const signature = await requestSignature({ accessKey: key, nonce, timestamp, body });
        return send(port, 'POST', `/produce?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, { 'Content-Type': 'application/json' }, body);
      }
      /** The answer's JSON, after checking `Body-Sign` as KooGallery reads it: that spelling, over these bytes. */
      async function answer(reply: Reply): Promise<Record<string, any>> {
        expect(reply.status).toBe(200);
        const i = reply.rawHeaders.indexOf('Body-Sign');
        expect(i, reply.rawHeaders.join('|')).toBeGreaterThanOrEqual(0);
        expect(await verifyBodySign(reply.body, reply.rawHeaders[i + 1]!, AK)).toBe(true);
        return JSON.parse(reply.body.toString('utf8'));
      }

      it('newInstance, signed (x-sign header): success, with credentials KooGallery can decrypt', async () => {
        const json = await answer(await call(JSON.stringify({ activity: 'newInstance', businessId: 'b-1', orderId: 'CS1' })));
        expect(json).toMatchObject({ resultCode: '000000', encryptType: '1', appInfo: { frontEndUrl: 'https://app.example.com/login' } });
        expect(await decryptSensitive(json.appInfo.userName, AK, 1)).toBe('admin');
        expect(await decryptSensitive(json.appInfo.password, AK, 1)).toMatch(/^[A-Za-z0-9_-]{16}$/);
      });

      it('refreshInstance signed in the URL form: success', async () => {
        expect(await answer(await call(JSON.stringify({ activity: 'refreshInstance', instanceId: 'i-1' }), { scheme: 'url' }))).toEqual({ resultCode: '000000', resultMsg: 'success' });
      });

      it('a forged call (wrong key), a replayed nonce and a body that is not JSON are refused, each answered with Body-Sign', async () => {
        const body = JSON.stringify({ activity: 'newInstance', businessId: 'b-2' });
        expect(await answer(await call(body, { key: 'guessed-access-key' }))).toEqual({ resultCode: '000001', resultMsg: 'authentication failed' });
        const nonce = `replay-${Date.now()}`;
        expect((await answer(await call(body, { nonce }))).resultCode).toBe('000000');
        expect((await answer(await call(body, { nonce }))).resultCode).toBe('000001');
        expect(await answer(await call('not json'))).toEqual({ resultCode: '000002', resultMsg: 'body is not JSON' });
        expect(log()).toContain('refused: signature-mismatch');
        expect(log()).toContain('refused: replayed');
      });
    });
  }

  it('names the missing access key', async () => {
    const r = await run([NODE, 'koogallery-seller.mjs'], {});
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("Set KOOGALLERY_ACCESS_KEY: your product's accessKey (Seller Console).\n");
  });
});

describe('examples/port.py: a port run against the vectors', () => {
  it('passes every sha256 and hmac-sha256 vector through `hcsign vectors --exec`', () => {
    const r = spawnSync(NODE, [join(ROOT, 'dist/cli.js'), 'vectors', '--exec', 'python3 port.py', '--op', 'sha256', '--op', 'hmac-sha256', '--strict'], { cwd: EXAMPLES, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^([1-9]\d*) passed, 0 failed\n$/m);
  });
});

describe('the TypeScript examples are strict-clean', () => {
  const tsExamples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts')).map((f) => join(EXAMPLES, f));
  it('tsc --strict finds nothing in examples/*.ts', () => {
    expect(tsExamples.length).toBeGreaterThan(0);
    const r = spawnSync(
      NODE,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', ...tsExamples],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
