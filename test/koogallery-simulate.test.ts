// The local KooGallery: a seller built with createSellerHandler passes every check (through node:http and
// in process), a correct hand-written seller passes too, and each fault of a hand-written seller (no
// Body-Sign, wrong key, Body-sign spelling, unquoted values, body changed after signing, non-idempotent
// newInstance, no signature check, no replay guard, no window, slow, wrong content type, missing
// instanceId, applicationSync unable to decrypt) is reported by `hcsign koo simulate` with the console's
// message and exit code 1.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSellerHandler, simulateKooGallery, type SellerHandler } from '../src/koogallery/index.js';
import { CLI, ROOT, requireBuild } from './fixtures/cli/run.js';
import { correctSeller } from './fixtures/koogallery/correct-seller.js';

vi.setConfig({ testTimeout: 60_000 });

const BASIC = 'sim-basic-key-0123456789';
const KIT = 'sim-kit-key-9876543210';
const oaep = JSON.parse(readFileSync(new URL('./fixtures/koogallery/oaep-java.json', import.meta.url), 'utf8')) as { publicKeySpkiBase64: string; privateKeyPkcs8Base64: string };
const FIXTURE = fileURLToPath(new URL('./fixtures/koogallery/hand-written-seller.mjs', import.meta.url));

function goodSeller(): { handle: SellerHandler; secrets: string[] } {
  const { on, secrets } = correctSeller();
  const handle = createSellerHandler({ accessKeys: { basic: BASIC, kit: KIT }, clientSecretKey: oaep.privateKeyPkcs8Base64, on });
  return { handle, secrets };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('simulateKooGallery against createSellerHandler', () => {
  const { handle, secrets } = goodSeller();
  const server = createServer((req, res) => void handle.node(req, res));
  let base = '';
  beforeAll(async () => {
    base = await listen(server);
  });
  afterAll(() => void server.close());

  it('passes every check through node:http, with nothing skipped', async () => {
    const report = await simulateKooGallery({ address: `${base}/koo`, accessKeys: { basic: BASIC, kit: KIT }, publicKey: oaep.publicKeySpkiBase64, clientSecret: 'secret-明文' });
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.skipped).toEqual([]);
    const steps = report.checks.map((c) => `${c.interface}:${c.step}`);
    for (const s of ['newInstance:call', 'newInstance:repeat', 'newInstance:idempotency', 'queryInstance:repeat', 'refreshInstance:repeat', 'updateInstanceStatus:repeat FREEZE', 'updateInstanceStatus:repeat UNFREEZE', 'upgradeInstance:repeat', 'changeInstanceCheck:repeat', 'releaseInstance:repeat', 'orderNotify:repeat', 'tenantSync:repeat', 'applicationSync:repeat', 'authSync:repeat', 'singleOrgSync:repeat', 'allOrgSync:repeat', 'probes:replay', 'probes:changed-body', 'probes:stale-timestamp', 'probes:wrong-key']) {
      expect(steps).toContain(s);
    }
    expect(report.checks.filter((c) => c.interface === 'probes')).toHaveLength(8);
    expect(secrets).toEqual(['secret-明文', 'secret-明文']);
  });

  it('in process (the handler called directly) too; without the kit key and public key the report says what it skipped', async () => {
    const report = await simulateKooGallery({ address: 'https://isv.example.com', accessKeys: { basic: BASIC }, handler: handle });
    expect(report.ok).toBe(true);
    expect(report.skipped.map((s) => s.interface)).toEqual(['tenantSync', 'applicationSync', 'authSync', 'singleOrgSync', 'allOrgSync']);
    expect(report.skipped[0]!.reason).toBe('no kit key (HCSIGN_KIT_ACCESS_KEY)');
  });

  it('a seller whose basic key differs fails with the console\'s Body-Sign message', async () => {
    const report = await simulateKooGallery({ address: base, accessKeys: { basic: 'not-the-key' }, only: ['orderNotify'] });
    expect(report.ok).toBe(false);
    // The seller refuses the call (000001) and signs its refusal with its own key.
    expect(report.checks[0]).toMatchObject({ interface: 'orderNotify', status: 'fail', message: 'Failed to verify the HTTP Body signature. Expected signature value: **********' });
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('HCSIGN_')) clean[k] = v;
    const child = spawn(cmd, args, { env: { ...clean, ...env }, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function startFixture(fault: string): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, [FIXTURE], { env: { ...process.env, BASIC_KEY: BASIC, KIT_KEY: KIT, FAULT: fault, PRIVATE_KEY_PKCS8_BASE64: oaep.privateKeyPkcs8Base64 } });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (c: Buffer) => resolve(c.toString().trim()));
    child.once('error', reject);
  });
  return { child, address: `http://127.0.0.1:${port}/saas` };
}

const KEYS = { HCSIGN_ACCESS_KEY: BASIC, HCSIGN_KIT_ACCESS_KEY: KIT };

describe('hcsign koo simulate against hand-written sellers', () => {
  beforeAll(requireBuild);

  it('a correct hand-written seller passes: exit 0', async () => {
    const { child, address } = await startFixture('none');
    try {
      const r = await run(process.execPath, [CLI, 'koo', 'simulate', address], KEYS);
      expect(r.stderr).toBe('');
      expect(r.stdout).not.toMatch(/^FAIL/m);
      expect(r.stdout).toMatch(/^SKIP  applicationSync: no public key \(--public-key\)$/m);
      expect(r.stdout).toMatch(/OK: the endpoint answers as the console expects\.\n$/);
      expect(r.code).toBe(0);
    } finally {
      child.kill();
    }
  });

  it.each([
    ['no-body-sign', [], '调测失败,生产接口响应头缺少Body-Sign,或Body-Sign格式错误.', 'no Body-Sign header'],
    ['wrong-key', [], 'Failed to verify the HTTP Body signature. Expected signature value: **********', ''],
    ['body-sign-spelling', [], '调测失败,生产接口响应头缺少Body-Sign,或Body-Sign格式错误.', "the header is spelled 'Body-sign'"],
    ['unquoted', [], '调测失败,生产接口响应头缺少Body-Sign,或Body-Sign格式错误.', 'values in double quotes'],
    ['body-changed', [], 'Failed to verify the HTTP Body signature. Expected signature value: **********', ''],
    ['non-idempotent', ['--only', 'newInstance'], 'newInstance is not idempotent', 'first ins-1, then ins-2'],
    ['no-signature-check', [], 'changed body: the seller accepted a queryInstance call whose body changed after signing', 'wrong key: the seller accepted'],
    ['no-replay-guard', [], 'replay: the seller accepted the same queryInstance call twice', 'replay: the seller accepted the same tenantSync call twice'],
    ['no-window', [], 'stale timestamp: the seller accepted a queryInstance call signed two minutes ago', ''],
    ['slow', ['--only', 'orderNotify', '--timeout-ms', '300'], '调测失败,调用接口超时0.3s.', 'no answer within 300 ms'],
    ['wrong-content-type', ['--only', 'orderNotify'], '调测失败,响应content-type格式错误,返回的格式为text/plain,正确的格式为"application/json".', ''],
    ['missing-instanceId', ['--only', 'newInstance'], '调测失败,接口响应缺少instanceId.', ''],
    ['no-decrypt', ['--only', 'applicationSync', '--public-key', '@PK'], '调用失败,生产接口resultCode返回错误.', 'resultCode 000101'],
  ])('%s: reported with the message, exit 1', async (fault, extra, message, detail) => {
    const { child, address } = await startFixture(fault);
    try {
      const args = extra.map((a) => (a === '@PK' ? fileURLToPath(new URL('./fixtures/koogallery/oaep-java-public.pem', import.meta.url)) : a));
      const r = await run(process.execPath, [CLI, 'koo', 'simulate', address, ...args], KEYS);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(message);
      if (detail) expect(r.stdout).toContain(detail);
      expect(r.stdout).toMatch(/^FAIL  /m);
      expect(r.code).toBe(1);
    } finally {
      child.kill();
    }
  });

  it('--json gives the report; usage errors exit 2', async () => {
    const { child, address } = await startFixture('none');
    try {
      const r = await run(process.execPath, [CLI, 'koo', 'simulate', address, '--json', '--only', 'orderNotify,probes'], { HCSIGN_ACCESS_KEY: BASIC });
      const report = JSON.parse(r.stdout);
      expect(report.ok).toBe(true);
      expect(report.counts).toEqual({ pass: 6, fail: 0, warn: 0 });
      expect(r.code).toBe(0);
    } finally {
      child.kill();
    }
    expect((await run(process.execPath, [CLI, 'koo', 'simulate', 'http://127.0.0.1:9'], {})).code).toBe(2);
    expect((await run(process.execPath, [CLI, 'koo', 'simulate', 'ftp://x', '--only', 'x'], KEYS)).code).toBe(2);
    const bad = await run(process.execPath, [CLI, 'koo', 'simulate', 'http://127.0.0.1:9', '--only', 'nope'], KEYS);
    expect(bad.stderr).toMatch(/--only: unknown interface 'nope'/);
    expect(bad.code).toBe(2);
  });

  it('an address nobody listens on: the console\'s unreachable message', async () => {
    const server = createServer();
    const base = await listen(server);
    await new Promise((r) => server.close(r));
    const r = await run(process.execPath, [CLI, 'koo', 'simulate', base, '--only', 'orderNotify'], KEYS);
    expect(r.stdout).toContain('FAIL  orderNotify (call)');
    expect(r.stdout).toContain('调测失败,生产地址不可达.');
    expect(r.code).toBe(1);
  });
});

describe('hcsign koo sign', () => {
  beforeAll(requireBuild);

  it('signs a basic call in the URL and a kit call in x-sign headers, verified by createSellerHandler', async () => {
    const seen: string[] = [];
    const handle = createSellerHandler({ accessKeys: { basic: BASIC, kit: KIT }, on: { queryInstance: ({ body }) => { seen.push(body.instanceId); return { info: [] }; }, tenantSync: ({ body }) => { seen.push(body.tenantId); } } });
    const a = await run(process.execPath, [CLI, 'koo', 'sign', 'https://isv.example.com/koo', '--json', '--body', '{ "testFlag": "1", "instanceId": "ins-9", "activity": "queryInstance" }'], KEYS);
    const call = JSON.parse(a.stdout);
    expect(call.body).toBe('{"activity":"queryInstance","instanceId":"ins-9","testFlag":"1"}');
    expect(call.url).toMatch(/^https:\/\/isv\.example\.com\/koo\?signature=[0-9A-F]{64}&timestamp=\d{13}&nonce=[0-9A-F]{64}$/);
    expect(call.headers['Content-Type']).toBe('application/json;charset=utf8');
    const b = await run(process.execPath, [CLI, 'koo', 'sign', 'https://isv.example.com/koo', '--kit', 'tenantSync', '--json', '--body', JSON.stringify({ instanceId: '', orderId: '', tenantId: 't-1', tenantCode: 'c', name: 'n', domainName: 'https://d', flag: 1, testFlag: 1, timeStamp: '20220420114117642' })], KEYS);
    const kitCall = JSON.parse(b.stdout);
    expect(kitCall.url).toBe('https://isv.example.com/koo/produceAPI/v2/tenantSync');
    for (const c of [call, kitCall]) {
      const res = await handle(new Request(c.url, { method: 'POST', headers: c.headers, body: c.body }));
      expect(JSON.parse(await res.text()).resultCode).toBe('000000');
    }
    expect(seen).toEqual(['ins-9', 't-1']);
    const curl = await run(process.execPath, [CLI, 'koo', 'sign', 'https://isv.example.com', '--body', '{"activity":"orderNotify"}'], KEYS);
    expect(curl.stdout).toMatch(/^curl --globoff --path-as-is -X POST -H 'Accept: application\/json' -H 'Content-Type: application\/json;charset=utf8' --data-raw '\{"activity":"orderNotify"\}' 'https:\/\/isv\.example\.com\?signature=/);
    expect((await run(process.execPath, [CLI, 'koo', 'sign', 'https://isv.example.com', '--body', '{}'], {})).code).toBe(2);
  });
});
