// The seller guide's server file runs as pasted and passes the simulator; createSellerHandler under Deno
// (Web Crypto build) and Bun (node:crypto build), served by node:http there and by Deno.serve / Bun.serve,
// passes it too, clientSecret (SHA-256 with MGF1-SHA-1) decrypted in both, and both servers send the
// header spelled `Body-Sign` (the simulator reads names as sent, through node:http).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simulateKooGallery } from '../src/koogallery/index.js';
import { ROOT, requireBuild } from './fixtures/cli/run.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const BASIC = 'runtime-basic-key-123';
const KIT = 'runtime-kit-key-456';
const oaep = JSON.parse(readFileSync(new URL('./fixtures/koogallery/oaep-java.json', import.meta.url), 'utf8')) as { publicKeySpkiBase64: string; privateKeyPkcs8Base64: string };
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill()));

function start(cmd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env } });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${err.slice(0, 500)}`)));
  });
}

const simulate = (address: string) =>
  simulateKooGallery({ address, accessKeys: { basic: BASIC, kit: KIT }, publicKey: oaep.publicKeySpkiBase64, clientSecret: 'runtime-secret-明文' });

describe('examples/koogallery-seller-kit.mjs', () => {
  beforeAll(requireBuild);
  it('runs as pasted (node, the package by name) and passes every check', async () => {
    const line = await start(process.execPath, ['examples/koogallery-seller-kit.mjs'], { KOO_BASIC_KEY: BASIC, KOO_KIT_KEY: KIT, PORT: '0', KOO_PRIVATE_KEY_FILE: fileURLToPath(new URL('./fixtures/koogallery/oaep-java-private.pem', import.meta.url)) });
    const address = /listening on (http:\/\/\S+)/.exec(line)![1]!;
    const report = await simulate(address);
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describe.each([
  ['Deno', () => [bin('deno'), ['run', '--no-prompt', '--no-lock', '--quiet', '--allow-net=127.0.0.1', `--allow-read=${ROOT}`, 'test/fixtures/koogallery/seller-kit-serve.mjs', BASIC, KIT, oaep.privateKeyPkcs8Base64]] as const],
  ['Bun', () => [bin('bun'), ['run', 'test/fixtures/koogallery/seller-kit-serve.mjs', BASIC, KIT, oaep.privateKeyPkcs8Base64]] as const],
])('createSellerHandler under %s', (runtime, command) => {
  let addresses: { own: string; nodeHttp: string };
  beforeAll(async () => {
    requireBuild();
    const [cmd, args] = command();
    addresses = JSON.parse(await start(cmd, [...args]));
  });

  it('through node:http (handle.node): every check passes', async () => {
    const report = await simulate(addresses.nodeHttp);
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it(`through ${runtime}'s own server (the Fetch API handler): every check passes, Body-Sign spelled so on the wire`, async () => {
    const report = await simulate(addresses.own);
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
