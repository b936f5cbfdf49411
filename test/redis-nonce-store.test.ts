// createRedisNonceStore against a real redis-server (Debian's, started here on a free 127.0.0.1 port
// with no persistence), with both client libraries; the in-memory store passes the same behaviour suite.
// Node only. A missing redis-server fails the file: nothing here skips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { aliases } from '../src/runtime/aliases.mjs';
import { createClient, type RedisClientType } from 'redis';
import { Redis } from 'ioredis';
import {
  createNonceStore,
  createRedisNonceStore,
  headerSignature,
  verifyNotification,
  DEFAULT_NONCE_PREFIX,
  type NonceStore,
} from '../src/koogallery/index.js';
import { signRequest, verifyRequest, type ApigRequest } from '../src/apig/index.js';
import { SignerError, isSignerError } from '../src/errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
let counter = 0;
const fresh = (label = 'n') => `${label}-${process.pid}-${Date.now()}-${++counter}`;

// --- a private redis-server -------------------------------------------------------------------------

interface RedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

// The free port can be taken between the probe and redis-server's bind: try a few ports.
async function startRedis(): Promise<RedisServer> {
  let error: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startRedisOnce(await freePort());
    } catch (e) {
      error = e;
      if (!String((e as Error).message).includes('in use')) break;
    }
  }
  throw error;
}

async function startRedisOnce(port: number): Promise<RedisServer> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir(), '--logfile', ''];
  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    const done = (e?: Error) => {
      clearTimeout(timer);
      if (e) reject(e);
      else resolve();
    };
    child.once('error', (e) => done(new Error(`cannot run redis-server (apt-get install redis-server; .ci/run does): ${e.message}`)));
    child.once('exit', (code) => done(new Error(`redis-server exited with ${code}:\n${output}`)));
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Ready to accept connections')) done();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
  child.removeAllListeners('exit');
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

async function nodeRedis(url: string, options: { reconnect?: boolean } = {}): Promise<RedisClientType> {
  const client = createClient({ url, socket: { reconnectStrategy: options.reconnect === false ? false : 100 } });
  client.on('error', () => undefined); // reconnects are expected in the server-stopped test
  await client.connect();
  return client as RedisClientType;
}

async function ioRedis(port: number): Promise<Redis> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => 100 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

// --- what every store must do -------------------------------------------------------------------------

const AK = 'ebf72724-bacc-414b-a86b-fda5bcc8153c';
const NOW = 1_716_363_778_801;
const BODY = '{"activity":"newInstance","testFlag":"1"}';

async function headerCall(nonce = fresh('call')) {
  const timestamp = String(NOW);
  const sign = await headerSignature({ accessKey: AK, nonce, timestamp, body: BODY });
  return { url: 'https://isv.example.com/produce', headers: { 'x-sign': sign, 'x-timestamp': timestamp, 'x-nonce': nonce }, body: BODY };
}

const creds = { key: 'QTWAOYTTINDUT2QVKYUC', secret: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
const resolveSecret = (k: string) => (k === creds.key ? creds.secret : undefined);
async function apigCall(date: Date, path = fresh('item')): Promise<ApigRequest> {
  const request: ApigRequest = { method: 'POST', url: `https://api.example.com/v1/${path}`, headers: { 'content-type': 'application/json' }, body: '{"a":1}' };
  const signed = await signRequest(request, creds, { date });
  return { ...request, headers: signed.headers };
}

/** The behaviour shared by every NonceStore: the in-memory one and the Redis one with either client. */
function nonceStoreBehaviour(name: string, make: (ttlSeconds: number) => NonceStore): void {
  describe(`NonceStore behaviour: ${name}`, () => {
    it('says true once per nonce, false for a replay', async () => {
      const store = make(60);
      const [a, b] = [fresh(), fresh()];
      expect(await store.checkAndSet(a)).toBe(true);
      expect(await store.checkAndSet(a)).toBe(false);
      expect(await store.checkAndSet(b)).toBe(true);
      expect(await store.checkAndSet(a)).toBe(false);
      // Unicode nonces are distinct by code points: NFC and NFD spellings are two nonces.
      expect(await store.checkAndSet(`${a}-\u00e9`)).toBe(true);
      expect(await store.checkAndSet(`${a}-e\u0301`)).toBe(true);
      await expect(store.checkAndSet('')).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    });

    it('gives exactly one true to 1,000 concurrent checkAndSet calls for one nonce', async () => {
      const store = make(60);
      const nonce = fresh('race');
      const results = await Promise.all(Array.from({ length: 1000 }, () => store.checkAndSet(nonce)));
      expect(results.filter((r) => r === true)).toHaveLength(1);
      expect(results.filter((r) => r === false)).toHaveLength(999);
    });

    it('refuses a nonce until its TTL has passed and accepts it after', async () => {
      const store = make(1);
      const nonce = fresh('ttl');
      const start = Date.now();
      expect(await store.checkAndSet(nonce)).toBe(true);
      expect(await store.checkAndSet(nonce)).toBe(false);
      await sleep(500);
      expect(await store.checkAndSet(nonce)).toBe(false);
      await sleep(1150 - (Date.now() - start));
      expect(await store.checkAndSet(nonce)).toBe(true); // expired: remembered again from now
      expect(await store.checkAndSet(nonce)).toBe(false);
    });

    it('handles a 100 KB nonce like any other', async () => {
      const store = make(60);
      const big = fresh('big').padEnd(100 * 1024, 'x');
      expect(await store.checkAndSet(big)).toBe(true);
      expect(await store.checkAndSet(big)).toBe(false);
      expect(await store.checkAndSet(`${big.slice(0, -1)}y`)).toBe(true);
    });

    it('makes verifyNotification refuse a replayed KooGallery call', async () => {
      const nonceStore = make(120);
      const call = await headerCall();
      expect(await verifyNotification(call, AK, { now: NOW, nonceStore })).toMatchObject({ ok: true, scheme: 'header-signature' });
      expect(await verifyNotification(call, AK, { now: NOW, nonceStore })).toMatchObject({ ok: false, reason: 'replayed' });
      expect(await verifyNotification(await headerCall(), AK, { now: NOW, nonceStore })).toMatchObject({ ok: true });
    });

    it("makes APIG's verifyRequest refuse a second use of a signature (replayStore)", async () => {
      const replayStore = make(1800);
      const date = new Date('2024-05-22T07:42:58Z');
      const path = fresh('orders'); // the Redis stores of both clients share one server
      const request = await apigCall(date, path);
      expect(await verifyRequest(request, resolveSecret, { now: date, replayStore })).toMatchObject({ ok: true, key: creds.key });
      expect(await verifyRequest(request, resolveSecret, { now: date, replayStore })).toMatchObject({ ok: false, reason: 'replayed' });
      // The same request signed again one second later is a new signature: accepted.
      const later = new Date(date.getTime() + 1000);
      expect(await verifyRequest(await apigCall(later, path), resolveSecret, { now: later, replayStore })).toMatchObject({ ok: true });
      // A bad signature never reaches the store, so it cannot burn the good one.
      const other = await apigCall(date);
      const forged = { ...other, headers: { ...(other.headers as Record<string, string>), 'content-type': 'text/plain' } };
      expect(await verifyRequest(forged, resolveSecret, { now: date, replayStore })).toMatchObject({ ok: false, reason: 'signature-mismatch' });
      expect(await verifyRequest(other, resolveSecret, { now: date, replayStore })).toMatchObject({ ok: true });
      // Off by default: the same request passes twice without a store.
      expect(await verifyRequest(request, resolveSecret, { now: date })).toMatchObject({ ok: true });
    });
  });
}

// --- the runs -------------------------------------------------------------------------------------

let server: RedisServer;
let nodeClient: RedisClientType;
let ioClient: Redis;
let workerFile: string;
let workDir: string;

// The worker process runs TypeScript sources: bundle it (the node build's switch) into a CommonJS file
// that requires the installed redis and ioredis by absolute path.
async function bundleWorker(): Promise<string> {
  workDir = mkdtempSync(join(tmpdir(), 'hcsign-redis-'));
  const outfile = join(workDir, 'redis-nonce-worker.cjs');
  const require = createRequire(import.meta.url);
  const runtime = aliases('node');
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/redis-nonce-worker.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    logLevel: 'silent',
    plugins: [
      {
        name: 'resolve',
        setup(b) {
          b.onResolve({ filter: /^#(runtime|shortcuts)$/ }, (a) => ({ path: runtime[a.path as keyof typeof runtime] }));
          b.onResolve({ filter: /^(redis|ioredis)$/ }, (a) => ({ path: require.resolve(a.path), external: true }));
        },
      },
    ],
  });
  return outfile;
}

beforeAll(async () => {
  [server, workerFile] = await Promise.all([startRedis(), bundleWorker()]);
  [nodeClient, ioClient] = await Promise.all([nodeRedis(server.url), ioRedis(server.port)]);
}, 20_000);

afterAll(async () => {
  await Promise.allSettled([nodeClient?.quit(), ioClient?.quit()]);
  await server?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

nonceStoreBehaviour('in-memory createNonceStore', (ttlSeconds) => createNonceStore({ ttlSeconds, maxEntries: 10_000 }));
nonceStoreBehaviour('createRedisNonceStore (node-redis)', (ttlSeconds) => createRedisNonceStore({ client: nodeClient, ttlSeconds }));
nonceStoreBehaviour('createRedisNonceStore (ioredis)', (ttlSeconds) => createRedisNonceStore({ client: ioClient, ttlSeconds }));

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of nodeClient.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...(batch as unknown as string[]));
  return keys;
}

describe('createRedisNonceStore keys', () => {
  it('stores a 100 KB nonce under prefix + its 64-character SHA-256, with the TTL', async () => {
    const prefix = `test:${fresh('keys')}:`;
    const store = createRedisNonceStore({ client: ioClient, ttlSeconds: 90, prefix });
    const big = fresh('big').padEnd(100 * 1024, 'z');
    expect(await store.checkAndSet(big)).toBe(true);
    const keys = await keysUnder(prefix);
    expect(keys).toEqual([prefix + digest(big)]);
    expect(keys[0]!.length).toBe(prefix.length + 64);
    expect(await nodeClient.get(keys[0]!)).toBe('1');
    const ttl = await nodeClient.ttl(keys[0]!);
    expect(ttl).toBeGreaterThan(85);
    expect(ttl).toBeLessThanOrEqual(90);
  });

  it('uses hcsign:nonce: by default, the same key from both clients', async () => {
    expect(DEFAULT_NONCE_PREFIX).toBe('hcsign:nonce:');
    const nonce = fresh('default');
    expect(await createRedisNonceStore({ client: nodeClient, ttlSeconds: 30 }).checkAndSet(nonce)).toBe(true);
    expect(await createRedisNonceStore({ client: ioClient, ttlSeconds: 30 }).checkAndSet(nonce)).toBe(false);
    expect(await nodeClient.exists(`hcsign:nonce:${digest(nonce)}`)).toBe(1);
  });
});

interface WorkerReport {
  trues: number;
  falses: number;
  errors: string[];
}

async function raceInWorkers(libs: string[], nonce: string, perWorker: number, prefix: string): Promise<WorkerReport[]> {
  const children = libs.map((lib) => fork(workerFile, [lib, String(server.port), nonce, String(perWorker), prefix], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  try {
    const reports = children.map(
      (child) =>
        new Promise<WorkerReport>((resolve, reject) => {
          child.on('message', (m: { ready?: true } & Partial<WorkerReport>) => {
            if (m.ready) return;
            resolve(m as WorkerReport);
          });
          child.once('exit', (code) => reject(new Error(`worker exited with ${code} before reporting`)));
        }),
    );
    // Every worker connected and waiting, then all start at once.
    await Promise.all(children.map((child) => new Promise<void>((r) => child.once('message', () => r()))));
    for (const child of children) child.send('go');
    return await Promise.all(reports);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

describe('replays across instances (4 worker processes)', () => {
  it('Redis: 1,000 concurrent checkAndSet over 4 processes and both clients give exactly one true', async () => {
    const prefix = `test:${fresh('procs')}:`;
    const reports = await raceInWorkers(['node-redis', 'ioredis', 'node-redis', 'ioredis'], fresh('shared'), 250, prefix);
    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    expect(reports.reduce((n, r) => n + r.trues, 0)).toBe(1);
    expect(reports.reduce((n, r) => n + r.falses, 0)).toBe(999);
    expect(await keysUnder(prefix)).toHaveLength(1);
  }, 30_000);

  it('in-memory: each process accepts the nonce once, so a replay to another instance gets through', async () => {
    const reports = await raceInWorkers(['memory', 'memory', 'memory', 'memory'], fresh('local'), 250, 'unused:');
    expect(reports.map((r) => r.trues)).toEqual([1, 1, 1, 1]);
  }, 30_000);
});

describe('fail closed', () => {
  it('server stopped mid-run: replay-store-unavailable from both verifiers and both clients, never ok', async () => {
    const own = await startRedis();
    const nr = await nodeRedis(own.url);
    const io = await ioRedis(own.port);
    try {
      const stores = [nr, io].map((client) => createRedisNonceStore({ client, ttlSeconds: 120, timeoutMs: 300 }));
      for (const nonceStore of stores) {
        expect(await verifyNotification(await headerCall(), AK, { now: NOW, nonceStore })).toMatchObject({ ok: true });
      }
      await own.stop();
      for (const nonceStore of stores) {
        const started = Date.now();
        const r = await verifyNotification(await headerCall(), AK, { now: NOW, nonceStore });
        expect(r).toMatchObject({ ok: false, reason: 'replay-store-unavailable', scheme: 'header-signature' });
        expect(!r.ok && r.message).toMatch(/failed or timed out/);
        expect(Date.now() - started).toBeLessThan(1500);
        await expect(nonceStore.checkAndSet(fresh())).rejects.toMatchObject({ code: 'ERR_NONCE_STORE_UNAVAILABLE' });
      }
      const date = new Date('2024-05-22T07:42:58Z');
      const r = await verifyRequest(await apigCall(date), resolveSecret, { now: date, replayStore: stores[0]!, maxSkewSeconds: 60 });
      expect(r).toMatchObject({ ok: false, reason: 'replay-store-unavailable' });
    } finally {
      await own.stop();
      await Promise.allSettled([nr.disconnect(), io.disconnect()]);
    }
  }, 30_000);

  it('a closed node-redis client is unavailable at once', async () => {
    const client = await nodeRedis(server.url, { reconnect: false });
    await client.quit();
    const store = createRedisNonceStore({ client, ttlSeconds: 120 });
    const r = await verifyNotification(await headerCall(), AK, { now: NOW, nonceStore: store });
    expect(r).toMatchObject({ ok: false, reason: 'replay-store-unavailable' });
  });

  it('setIfAbsent that hangs, throws or answers nonsense is unavailable; its messages stay out', async () => {
    const hang = createRedisNonceStore({ setIfAbsent: () => new Promise<boolean>(() => undefined), ttlSeconds: 120, timeoutMs: 50 });
    const started = Date.now();
    const e = await hang.checkAndSet('n').catch((x: unknown) => x);
    expect(isSignerError(e, 'ERR_NONCE_STORE_UNAVAILABLE')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(1000);

    const secretError = new Error('connect redis://:hunter2@db failed');
    const throws = createRedisNonceStore({ setIfAbsent: async () => { throw secretError; }, ttlSeconds: 120 });
    const t = await throws.checkAndSet('n').catch((x: unknown) => x);
    expect(t).toMatchObject({ code: 'ERR_NONCE_STORE_UNAVAILABLE', cause: secretError });
    expect((t as Error).message).not.toContain('hunter2');
    const syncThrow = createRedisNonceStore({ setIfAbsent: () => { throw secretError; }, ttlSeconds: 120 });
    await expect(syncThrow.checkAndSet('n')).rejects.toMatchObject({ code: 'ERR_NONCE_STORE_UNAVAILABLE' });
    const r = await verifyNotification(await headerCall(), AK, { now: NOW, nonceStore: throws });
    expect(r).toMatchObject({ ok: false, reason: 'replay-store-unavailable' });
    expect(JSON.stringify(r)).not.toContain('hunter2');

    const nonsense = createRedisNonceStore({ setIfAbsent: async () => 'OK' as unknown as boolean, ttlSeconds: 120 });
    await expect(nonsense.checkAndSet('n')).rejects.toMatchObject({ code: 'ERR_NONCE_STORE_UNAVAILABLE' });
  });

  it('an unexpected reply to SET NX is unavailable, never new; a bytes OK is new', async () => {
    const fake = (reply: unknown) => ({ isOpen: true, set: async () => reply });
    await expect(createRedisNonceStore({ client: fake('QUEUED'), ttlSeconds: 5 }).checkAndSet('n')).rejects.toMatchObject({ code: 'ERR_NONCE_STORE_UNAVAILABLE' });
    await expect(createRedisNonceStore({ client: fake(1), ttlSeconds: 5 }).checkAndSet('n')).rejects.toMatchObject({ code: 'ERR_NONCE_STORE_UNAVAILABLE' });
    expect(await createRedisNonceStore({ client: fake(Buffer.from('OK')), ttlSeconds: 5 }).checkAndSet('n')).toBe(true);
    expect(await createRedisNonceStore({ client: fake(null), ttlSeconds: 5 }).checkAndSet('n')).toBe(false);
  });
});

describe('createRedisNonceStore options', () => {
  it('passes prefix + digest and the TTL to setIfAbsent, one call per check', async () => {
    const calls: [string, number][] = [];
    const seen = new Set<string>();
    const store = createRedisNonceStore({
      ttlSeconds: 120,
      prefix: 'kv:',
      setIfAbsent: async (key, ttl) => {
        calls.push([key, ttl]);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      },
    });
    expect(await store.checkAndSet('RLLUammMSInlrNWb')).toBe(true);
    expect(await store.checkAndSet('RLLUammMSInlrNWb')).toBe(false);
    expect(calls).toEqual([
      [`kv:${digest('RLLUammMSInlrNWb')}`, 120],
      [`kv:${digest('RLLUammMSInlrNWb')}`, 120],
    ]);
  });

  it('sends exactly SET key 1 EX ttl NX from either client', async () => {
    const nodeArgs: unknown[] = [];
    const ioArgs: unknown[] = [];
    await createRedisNonceStore({ client: { isOpen: true, set: async (...a: unknown[]) => (nodeArgs.push(...a), 'OK') }, ttlSeconds: 7 }).checkAndSet('n');
    await createRedisNonceStore({ client: { status: 'ready', call: () => undefined, set: async (...a: unknown[]) => (ioArgs.push(...a), 'OK') }, ttlSeconds: 7 }).checkAndSet('n');
    const key = `hcsign:nonce:${digest('n')}`;
    expect(nodeArgs).toEqual([key, '1', { EX: 7, NX: true, expiration: { type: 'EX', value: 7 }, condition: 'NX' }]);
    expect(ioArgs).toEqual([key, '1', 'EX', 7, 'NX']);
  });

  it('a node-redis v4 client (it reads only EX/NX) sends SET key 1 EX ttl NX, not a plain SET', async () => {
    // node-redis v4's SET argument builder (@redis/client 1.x, lib/commands/SET.ts transformArguments),
    // restated: it knows EX/PX/EXAT/PXAT/KEEPTTL and NX/XX/GET and ignores v5's expiration/condition.
    // Were the store to send only v5's spelling, v4 would send a plain SET: every replay accepted.
    const v4SetArguments = (key: string, value: string, o: Record<string, unknown> = {}) => {
      const args = ['SET', key, value];
      if (o.EX !== undefined) args.push('EX', String(o.EX));
      else if (o.PX !== undefined) args.push('PX', String(o.PX));
      else if (o.EXAT !== undefined) args.push('EXAT', String(o.EXAT));
      else if (o.PXAT !== undefined) args.push('PXAT', String(o.PXAT));
      else if (o.KEEPTTL) args.push('KEEPTTL');
      if (o.NX) args.push('NX');
      else if (o.XX) args.push('XX');
      if (o.GET) args.push('GET');
      return args;
    };
    const sent: string[][] = [];
    const seen = new Set<string>();
    // The v4 shape: a boolean isOpen and set(key, value, options); no ioredis status/call.
    const v4Client = {
      isOpen: true,
      async set(key: string, value: string, options?: Record<string, unknown>) {
        const args = v4SetArguments(key, value, options);
        sent.push(args);
        if (args.includes('NX') && seen.has(key)) return null;
        seen.add(key);
        return 'OK';
      },
    };
    const store = createRedisNonceStore({ client: v4Client, ttlSeconds: 30 });
    expect(await store.checkAndSet('RLLUammMSInlrNWb')).toBe(true);
    expect(await store.checkAndSet('RLLUammMSInlrNWb')).toBe(false);
    const key = `hcsign:nonce:${digest('RLLUammMSInlrNWb')}`;
    expect(sent).toEqual([
      ['SET', key, '1', 'EX', '30', 'NX'],
      ['SET', key, '1', 'EX', '30', 'NX'],
    ]);
  });

  it('refuses bad options with ERR_INVALID_ARGUMENT', async () => {
    const setIfAbsent = async () => true;
    const bad: unknown[] = [
      undefined,
      { ttlSeconds: 60 },
      { client: nodeClient, setIfAbsent, ttlSeconds: 60 },
      { setIfAbsent, ttlSeconds: 0 },
      { setIfAbsent, ttlSeconds: 1.5 },
      { setIfAbsent, ttlSeconds: '60' },
      { setIfAbsent, ttlSeconds: 60, timeoutMs: 0 },
      { setIfAbsent, ttlSeconds: 60, prefix: 5 },
      { setIfAbsent: 'no', ttlSeconds: 60 },
      { client: {}, ttlSeconds: 60 }, // neither shape
      { client: { isOpen: true, status: 'ready', call() {}, set() {} }, ttlSeconds: 60 }, // both shapes
    ];
    for (const options of bad) {
      let thrown: unknown;
      try {
        createRedisNonceStore(options as never);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, JSON.stringify(options)).toBeInstanceOf(SignerError);
      expect((thrown as SignerError).code).toBe('ERR_INVALID_ARGUMENT');
    }
    const date = new Date();
    await expect(verifyRequest(await apigCall(date), resolveSecret, { now: date, replayStore: {} as never })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });
});
