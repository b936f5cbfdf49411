// hcsign koo: verify, body-sign, encrypt/decrypt against the KooGallery vectors (Java sample, seeds 000/001).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { headerSignature, requestSignature } from '../src/koogallery/index.js';
import { hcsign, requireBuild, tempDir, vector, writeFile } from './fixtures/cli/run.js';

beforeAll(requireBuild);
vi.setConfig({ testTimeout: 120_000 });

const BODY = vector('koogallery-body-sign.json', 'java17-body-sign-01');
const KEY_ENV = { HCSIGN_ACCESS_KEY: BODY.input.accessKey as string };

describe('koo body-sign', () => {
  it('prints the Body-Sign value of the Java sample for the exact bytes of a file', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'body.json', BODY.input.body);
    const r = hcsign(['koo', 'body-sign', `@${file}`], { env: KEY_ENV });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${BODY.expect.header}\n`);
    expect(hcsign(['koo', 'body-sign', '--with-name', BODY.input.body], { env: KEY_ENV }).stdout).toBe(`Body-Sign: ${BODY.expect.header}\n`);
    expect(hcsign(['koo', 'body-sign', '-'], { env: KEY_ENV, input: BODY.input.body }).stdout).toBe(`${BODY.expect.header}\n`);
  });

  it('a trailing newline is part of the body: the value changes', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'body.json', BODY.input.body + '\n');
    expect(hcsign(['koo', 'body-sign', `@${file}`], { env: KEY_ENV }).stdout).not.toBe(`${BODY.expect.header}\n`);
  });

  it('--check verifies a received value, in the FAQ and the Java layouts', () => {
    for (const value of [BODY.expect.header, BODY.expect.javaHeader]) {
      const r = hcsign(['koo', 'body-sign', BODY.input.body, '--check', value], { env: KEY_ENV });
      expect(r.stdout).toBe('OK: the Body-Sign value matches the body\n');
      expect(r.code).toBe(0);
    }
    const bad = hcsign(['koo', 'body-sign', BODY.input.body + ' ', '--check', BODY.expect.header], { env: KEY_ENV });
    expect(bad.stdout).toMatch(/^FAIL: the Body-Sign value does not match the body/);
    expect(bad.code).toBe(1);
  });
});

describe('koo encrypt / decrypt', () => {
  it.each([
    ['java17-aes-01'],
    ['java17-aes-02'],
    ['java17-aes-64'],
  ])('%s: the Java sample ciphertext, both ways', (id) => {
    const v = vector('koogallery-sensitive.json', id);
    const env = { HCSIGN_ACCESS_KEY: v.input.accessKey as string };
    const type = String(v.input.encryptType);
    const enc = hcsign(['koo', 'encrypt', '--type', type, '--iv', v.input.iv, v.input.plaintext], { env });
    expect(enc.stderr).toBe('');
    expect(enc.stdout).toBe(`${v.expect.ciphertext}\n`);
    const dec = hcsign(['koo', 'decrypt', '--type', type, v.expect.ciphertext], { env });
    expect(dec.stdout).toBe(`${v.input.plaintext}\n`);
  });

  it('a random IV round-trips; the wrong type is a clear error', () => {
    const enc = hcsign(['koo', 'encrypt', '--type', '2', 'p@ss word'], { env: KEY_ENV });
    const ct = enc.stdout.trim();
    expect(ct).toMatch(/^[A-Za-z0-9]{16}[A-Za-z0-9+/]+=*$/);
    expect(hcsign(['koo', 'decrypt', '--type', '2', '-'], { env: KEY_ENV, input: ct + '\n' }).stdout).toBe('p@ss word\n');
    const wrong = hcsign(['koo', 'decrypt', '--type', '1', ct], { env: KEY_ENV });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^hcsign: .*\(ERR_DECRYPT\)\n$/);
    expect(hcsign(['koo', 'encrypt', '--type', '3', 'x'], { env: KEY_ENV }).stderr).toBe('hcsign: --type must be 1 (AES-256-CBC) or 2 (AES-128-CBC)\n');
    expect(hcsign(['koo', 'encrypt', 'x'], { env: KEY_ENV }).stderr).toMatch(/^hcsign: missing --type 1\|2/);
  });
});

describe('koo verify', () => {
  it('accepts the legacy authToken calls of the Java sample, URL-encoded as KooGallery sends them', () => {
    for (const id of ['java17-auth-token-02', 'java17-auth-token-03']) {
      const v = vector('koogallery-auth-token.json', id);
      const url = `https://isv.example.com/produce?${new URLSearchParams(v.input.params).toString()}&authToken=${v.expect.authToken}`;
      // --now at the call's timeStamp (read as UTC): the legacy scheme's window applies.
      const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{0,3})$/.exec(v.input.params.timeStamp)!;
      const now = String(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, Number(m[7] || 0)));
      const r = hcsign(['koo', 'verify', url, '--now', now], { env: { HCSIGN_ACCESS_KEY: v.input.accessKey } });
      expect(r.stdout, id).toMatch(/^OK: valid auth-token call/);
      expect(r.code).toBe(0);
      const late = hcsign(['koo', 'verify', url, '--now', String(Number(now) + 61_000)], { env: { HCSIGN_ACCESS_KEY: v.input.accessKey } });
      expect(late.stdout).toMatch(/^FAIL expired \(auth-token\)/);
      const tampered = hcsign(['koo', 'verify', url.replace('&authToken=', '&zz=1&authToken='), '--now', now], { env: { HCSIGN_ACCESS_KEY: v.input.accessKey } });
      expect(tampered.stdout).toBe('FAIL signature-mismatch (auth-token): authToken does not match the parameters\n');
      expect(tampered.code).toBe(1);
    }
  });

  it('checks x-sign headers and the time window, from arguments or a raw HTTP capture', async () => {
    const accessKey = 'ak-0123456789';
    const body = '{"activity":"newInstance","orderId":"CS1906666688ABCDE"}';
    const timestamp = '1700000000000';
    const sign = await headerSignature({ accessKey, nonce: 'n-1', timestamp, body });
    const dir = tempDir();
    const file = writeFile(dir, 'body.json', body);
    const env = { HCSIGN_ACCESS_KEY: accessKey };
    const args = ['koo', 'verify', 'https://isv.example.com/produce', '-H', `x-sign: ${sign}`, '-H', `x-timestamp: ${timestamp}`, '-H', 'x-nonce: n-1', '--body', `@${file}`];
    const ok = hcsign([...args, '--now', '1700000030000'], { env });
    expect(ok.stdout).toBe('OK: valid header-signature call (timestamp 2023-11-14T22:13:20.000Z)\n');
    expect(ok.code).toBe(0);
    const stale = hcsign([...args, '--now', '1700000061'], { env });
    expect(stale.stdout).toBe('FAIL expired (header-signature): timestamp is 61 s old (limit 60 s)\n');
    expect(stale.code).toBe(1);
    const widened = hcsign([...args, '--now', '1700000061', '--max-skew', '120', '--json'], { env });
    expect(JSON.parse(widened.stdout)).toMatchObject({ ok: true, scheme: 'header-signature', nonce: 'n-1' });

    const raw = ['POST /produce HTTP/1.1', 'Host: isv.example.com', `x-sign: ${sign}`, `x-timestamp: ${timestamp}`, 'x-nonce: n-1', `Content-Length: ${body.length}`, '', body].join('\r\n');
    const req = writeFile(dir, 'call.http', raw);
    const fromCapture = hcsign(['koo', 'verify', '--request', `@${req}`, '--now', '2023-11-14T22:13:30Z'], { env });
    expect(fromCapture.stdout).toMatch(/^OK: valid header-signature call/);
    const changed = writeFile(dir, 'changed.http', raw.replace('ABCDE', 'ABCDF'));
    const bad = hcsign(['koo', 'verify', '--request', `@${changed}`, '--now', '2023-11-14T22:13:30Z'], { env });
    expect(bad.stdout).toBe('FAIL signature-mismatch (header-signature): x-sign does not match the body, nonce and timestamp\n');
  });

  it('checks the signature URL parameters', async () => {
    const accessKey = 'ak-0123456789';
    const body = '{"a":1}';
    const sig = await requestSignature({ accessKey, nonce: 'abc', timestamp: '1700000000', body });
    const url = `https://isv.example.com/produce?signature=${sig}&timestamp=1700000000&nonce=abc`;
    const r = hcsign(['koo', 'verify', url, '--body', body, '--now', '1700000000'], { env: { HCSIGN_ACCESS_KEY: accessKey } });
    expect(r.stdout).toMatch(/^OK: valid url-signature call/);
    const missing = hcsign(['koo', 'verify', 'https://isv.example.com/produce', '--now', '1700000000'], { env: { HCSIGN_ACCESS_KEY: accessKey } });
    expect(missing.stdout).toBe('FAIL missing-signature: no x-sign header, no signature parameter and no authToken parameter\n');
    expect(missing.code).toBe(1);
  });

  it('refuses --request together with a URL', () => {
    const r = hcsign(['koo', 'verify', '--request', '@x.http', 'https://a.example.com/'], { env: KEY_ENV });
    expect(r.stderr).toBe('hcsign: --request replaces URL, -H and --body: give one or the other\n');
    expect(r.code).toBe(2);
  });
});
