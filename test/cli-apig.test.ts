// hcsign apig: sign, verify, diagnose, check-key against published values (vectors/, seed 003).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOC, DOC_ENV, FAQ_EXPIRED, FAQ_VERIFY_FAIL, hcsign, requireBuild, ROOT, tempDir, vector, writeFile } from './fixtures/cli/run.js';
import { BasicCredentials, GlobalCredentials, type V3Credentials } from './fixtures/v3-core.js';

beforeAll(requireBuild);
vi.setConfig({ testTimeout: 120_000 });

const DOC_ARGS = ['--date', DOC.input.date as string, '-H', 'Content-Type: application/json', DOC.input.url as string];
const HOST = 'service.region.example.com';

/** The documented request as raw HTTP/1.1, with the published Authorization. */
function docRequest(eol = '\r\n', mutate: (s: string) => string = (s) => s): string {
  const target = (DOC.input.url as string).slice(`https://${HOST}`.length);
  return mutate(
    [`GET ${target} HTTP/1.1`, `Host: ${HOST}`, 'Content-Type: application/json', `X-Sdk-Date: ${DOC.input.date}`, `Authorization: ${DOC.expect.authorization}`, '', ''].join(eol),
  );
}

describe('apig sign', () => {
  it('prints the headers of the documented example, with the published Authorization', () => {
    const r = hcsign(['apig', 'sign', ...DOC_ARGS], { env: DOC_ENV });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `Content-Type: application/json\nHost: ${HOST}\nX-Sdk-Date: ${DOC.input.date}\nAuthorization: ${DOC.expect.authorization}\n`,
    );
  });

  it('--json has the published canonical request and string to sign', () => {
    const r = hcsign(['apig', 'sign', '--json', ...DOC_ARGS], { env: DOC_ENV });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.canonicalRequest).toBe(DOC.expect.canonicalRequest);
    expect(j.stringToSign).toBe(DOC.expect.stringToSign);
    expect(j.authorization).toBe(DOC.expect.authorization);
    expect(j.signedHeaders).toBe('content-type;host;x-sdk-date');
    expect(j.method).toBe('GET');
    expect(j.headers['X-Sdk-Date']).toBe(DOC.input.date);
  });

  it('--curl prints a curl command that sends exactly what was signed', () => {
    const r = hcsign(['apig', 'sign', '--curl', ...DOC_ARGS], { env: DOC_ENV });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `curl --globoff --path-as-is -X GET -H 'Content-Type: application/json' -H 'Host: ${HOST}' -H 'X-Sdk-Date: ${DOC.input.date}' ` +
        `-H 'Authorization: ${DOC.expect.authorization}' '${DOC.input.url}'\n`,
    );
    const dir = tempDir();
    const body = writeFile(dir, "it's.json", '{"a":1}');
    const post = hcsign(['apig', 'sign', '--curl', '--data', `@${body}`, 'https://a.example.com/v1/x'], { env: DOC_ENV });
    expect(post.stdout).toContain(` -X POST `);
    expect(post.stdout).toContain(` --data-binary '@${dir}/it'\\''s.json' https://a.example.com/v1/x\n`);
    const text = hcsign(['apig', 'sign', '--curl', '-X', 'PUT', '--data', `it's`, 'https://a.example.com/v1/x'], { env: DOC_ENV });
    expect(text.stdout).toContain(` --data-raw 'it'\\''s' `);
  });

  it('reproduces every published apig-sign vector (docs, official SDK tests; SM3 and V11 included)', () => {
    const file = JSON.parse(readFileSync(join(ROOT, 'vectors', 'apig-published.json'), 'utf8')) as { vectors: { id: string; op: string; input: any; expect: any }[] };
    const signVectors = file.vectors.filter((v) => v.op === 'apig-sign');
    expect(signVectors.length).toBeGreaterThanOrEqual(14);
    expect(signVectors.some((v) => v.input.algorithm === 'V11-HMAC-SHA256') && signVectors.some((v) => v.input.algorithm === 'SDK-HMAC-SM3')).toBe(true);
    const dir = tempDir();
    for (const v of signVectors) {
      const i = v.input;
      const args = ['apig', 'sign', '--json', '-X', i.method];
      if (i.algorithm) args.push('--algorithm', i.algorithm);
      if (i.region) args.push('--region', i.region, '--service', i.service);
      if (i.headerRule) args.push('--header-rule', i.headerRule);
      const headers = i.headers as [string, string][];
      if (i.date && !headers.some(([n]) => n.toLowerCase() === 'x-sdk-date')) args.push('--date', i.date);
      for (const [n, value] of headers) args.push('-H', value === '' ? `${n};` : `${n}: ${value}`);
      if (typeof i.bodyBase64 === 'string') args.push('--data', `@${writeFile(dir, `${v.id}.bin`, Buffer.from(i.bodyBase64, 'base64'))}`);
      else if (typeof i.body === 'string' && i.body !== '') args.push('--data', `@${writeFile(dir, `${v.id}.txt`, i.body)}`);
      args.push(i.url);
      const r = hcsign(args, { env: { HCSIGN_KEY: i.key, HCSIGN_SECRET: i.secret } });
      expect(r.stderr, v.id).toBe('');
      const out = JSON.parse(r.stdout);
      for (const field of ['canonicalRequest', 'stringToSign', 'signedHeaders', 'authorization']) {
        if (v.expect[field] !== undefined) expect(out[field], `${v.id} ${field}`).toBe(v.expect[field]);
      }
    }
  });

  it('--unsigned-payload signs X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD instead of the body hash', () => {
    const r = hcsign(['apig', 'sign', '--json', '--unsigned-payload', '--data', 'x', 'https://a.example.com/'], { env: DOC_ENV });
    const j = JSON.parse(r.stdout);
    expect(j.headers['X-Sdk-Content-Sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(j.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });

  it('signs a body from a file and from stdin byte for byte, and the result verifies', () => {
    const dir = tempDir();
    const bytes = '{"name":"démo"}\n';
    const file = writeFile(dir, 'body.json', bytes);
    const fromFile = JSON.parse(hcsign(['apig', 'sign', '--json', '--date', '20240102T030405Z', '--data', `@${file}`, 'https://a.example.com/v1/items?x=1'], { env: DOC_ENV }).stdout);
    const fromStdin = JSON.parse(hcsign(['apig', 'sign', '--json', '--date', '20240102T030405Z', '--data', '@-', 'https://a.example.com/v1/items?x=1'], { env: DOC_ENV, input: bytes }).stdout);
    expect(fromStdin.authorization).toBe(fromFile.authorization);
    const raw = [
      'POST /v1/items?x=1 HTTP/1.1',
      ...Object.entries(fromFile.headers as Record<string, string>).map(([n, v]) => `${n}: ${v}`),
      `Content-Length: ${Buffer.byteLength(bytes)}`,
      '',
      bytes,
    ].join('\r\n');
    const req = writeFile(dir, 'req.http', raw);
    const v = hcsign(['apig', 'verify', '--request', `@${req}`, '--now', '20240102T031000Z'], { env: DOC_ENV });
    expect(v.stdout).toMatch(/^OK: valid signature by key QTWAOYTTINDUT2QVKYUC \(signed headers: host;x-sdk-date; signed at 2024-01-02T03:04:05.000Z\)\n$/);
    expect(v.code).toBe(0);
  });

  it('sends and signs HUAWEICLOUD_SDK_SECURITY_TOKEN, _PROJECT_ID and _DOMAIN_ID as the official Node.js v3 core does', async () => {
    // Expected values: @huaweicloud/huaweicloud-sdk-core (dev dependency) signing the same request.
    const AK = 'HPUAL4HHHH3DJLRVJC0D';
    const SK = 'mFh2yfTIz7bE7gB2hbWdQ5D6O3LtSBhwYZu6NkTo';
    const PROJECT = '77b6a44cba5143ab91d13ab9a8ff44fd';
    const SDK_DATE = '20191115T033655Z';
    const v3 = (credentials: V3Credentials, endpoint: string, path: string) =>
      credentials.withAk(AK).withSk(SK).processAuthRequest(undefined, { endpoint, url: path, method: 'GET', headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': SDK_DATE } });
    const sign = (env: Record<string, string>, url: string, extra: string[] = []) => {
      const r = hcsign(['apig', 'sign', '--json', '--date', SDK_DATE, '-H', 'Content-Type: application/json', ...extra, url], { env });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    const SDK_ENV = { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK };

    const vpc = 'https://vpc.cn-north-4.myhuaweicloud.com';
    const theirs = await v3(new BasicCredentials().withSecurityToken('gQpjbi1ub3J0aC00').withProjectId(PROJECT), vpc, `/v1/${PROJECT}/vpcs`);
    const ours = sign({ ...SDK_ENV, HUAWEICLOUD_SDK_SECURITY_TOKEN: 'gQpjbi1ub3J0aC00', HUAWEICLOUD_SDK_PROJECT_ID: PROJECT }, `${vpc}/v1/${PROJECT}/vpcs`);
    expect(ours.headers['X-Security-Token']).toBe('gQpjbi1ub3J0aC00');
    expect(ours.headers['X-Project-Id']).toBe(PROJECT);
    expect(ours.signedHeaders).toBe('content-type;host;x-project-id;x-sdk-date;x-security-token');
    expect(ours.authorization).toBe(theirs.headers['Authorization']);

    const iam = 'https://iam.myhuaweicloud.com';
    const global = await v3(new GlobalCredentials().withDomainId('0a1b2c3d4e5f'), iam, '/v3/auth/domains');
    const domain = sign({ ...SDK_ENV, HUAWEICLOUD_SDK_DOMAIN_ID: '0a1b2c3d4e5f' }, `${iam}/v3/auth/domains`);
    expect(domain.headers['X-Domain-Id']).toBe('0a1b2c3d4e5f');
    expect(domain.signedHeaders).toBe('content-type;host;x-domain-id;x-sdk-date');
    expect(domain.authorization).toBe(global.headers['Authorization']);

    // An -H header of the same name wins over the environment.
    const other = await v3(new BasicCredentials().withSecurityToken('from-argv'), vpc, '/v1/x');
    const given = sign({ ...SDK_ENV, HUAWEICLOUD_SDK_SECURITY_TOKEN: 'from-env' }, `${vpc}/v1/x`, ['-H', 'X-Security-Token: from-argv']);
    expect(given.headers['X-Security-Token']).toBe('from-argv');
    expect(given.authorization).toBe(other.headers['Authorization']);

    // The SDK variables belong to HUAWEICLOUD_SDK_AK: an APIG App key from HCSIGN_KEY signs without them.
    const app = sign({ ...DOC_ENV, HUAWEICLOUD_SDK_SECURITY_TOKEN: 't', HUAWEICLOUD_SDK_PROJECT_ID: 'p' }, DOC.input.url as string);
    expect(app.authorization).toBe(DOC.expect.authorization);
  });
});

describe('apig verify', () => {
  it('accepts the documented request at its time, with CRLF or LF line ends', () => {
    const dir = tempDir();
    for (const eol of ['\r\n', '\n']) {
      const file = writeFile(dir, 'doc.http', docRequest(eol));
      const r = hcsign(['apig', 'verify', '--request', `@${file}`, '--now', '2019-11-15T03:40:00Z'], { env: DOC_ENV });
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('OK: valid signature by key QTWAOYTTINDUT2QVKYUC');
      expect(r.code).toBe(0);
    }
  });

  it('reads the raw request from stdin and reports JSON', () => {
    const r = hcsign(['apig', 'verify', '--request', '@-', '--now', DOC.input.date, '--json'], { env: DOC_ENV, input: docRequest() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, key: DOC.input.key, signedHeaders: ['content-type', 'host', 'x-sdk-date'], sdkDate: '2019-11-15T03:36:55.000Z', algorithm: 'SDK-HMAC-SHA256', bodyAuthenticated: true });
  });

  it('says why a request fails, exit code 1', () => {
    const dir = tempDir();
    const cases: [string, string, string[], RegExp][] = [
      ['changed query', docRequest('\r\n', (s) => s.replace('limit=2', 'limit=3')), ['--now', DOC.input.date], /^FAIL signature-mismatch: /],
      ['too late', docRequest(), ['--now', '20191115T035156Z'], /^FAIL expired: /],
      ['within a custom window', docRequest(), ['--now', '20191115T035156Z', '--max-skew', '100'], /^FAIL expired: /],
      ['no Authorization', docRequest('\r\n', (s) => s.replace(/Authorization: .*\r\n/, '')), ['--now', DOC.input.date], /^FAIL missing-signature: /],
      ['date not signed', docRequest('\r\n', (s) => s.replace('content-type;host;x-sdk-date', 'content-type;host')), ['--now', DOC.input.date], /^FAIL date-not-signed: /],
    ];
    for (const [name, raw, extra, message] of cases) {
      const file = writeFile(dir, 'r.http', raw);
      const r = hcsign(['apig', 'verify', '--request', `@${file}`, ...extra], { env: DOC_ENV });
      expect(r.stdout, name).toMatch(message);
      expect(r.code, name).toBe(1);
    }
    const changed = writeFile(dir, 'c.http', docRequest('\r\n', (s) => s.replace('limit=2', 'limit=3')));
    const r = hcsign(['apig', 'verify', '--request', `@${changed}`, '--now', DOC.input.date], { env: DOC_ENV });
    expect(r.stdout).toContain('\nlimit=3&marker=13551d6b-755d-4757-b956-536f674975c0\n');
  });

  it('refuses a request signed by another key when the key is configured', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'doc.http', docRequest());
    const r = hcsign(['apig', 'verify', '--request', `@${file}`, '--now', DOC.input.date], { env: { HCSIGN_KEY: 'OTHERKEY', HCSIGN_SECRET: DOC.input.secret } });
    expect(r.stdout).toMatch(/^FAIL unknown-key: /);
    expect(r.code).toBe(1);
  });

  it('verifies a renamed signature header (backend_sign_header) and a chunked body', () => {
    const dir = tempDir();
    const signed = JSON.parse(hcsign(['apig', 'sign', '--json', '--date', '20240102T030405Z', '--data', 'hello world', 'https://backend.example.com/cb'], { env: DOC_ENV }).stdout);
    const headers = Object.entries(signed.headers as Record<string, string>).map(([n, v]) => (n === 'Authorization' ? `X-Apig-Signature: ${v}` : `${n}: ${v}`));
    const raw = ['POST /cb HTTP/1.1', ...headers, 'Transfer-Encoding: chunked', '', '5', 'hello', '6', ' world', '0', '', ''].join('\r\n');
    const file = writeFile(dir, 'r.http', raw);
    const ok = hcsign(['apig', 'verify', '--request', `@${file}`, '--header', 'X-Apig-Signature', '--now', '20240102T030405Z'], { env: DOC_ENV });
    expect(ok.stdout).toMatch(/^OK: /);
    const missing = hcsign(['apig', 'verify', '--request', `@${file}`, '--now', '20240102T030405Z'], { env: DOC_ENV });
    expect(missing.stdout).toMatch(/^FAIL missing-signature: /);
  });

  it('rejects input that is not an HTTP request with exit code 2', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'r.http', 'hello\n');
    const r = hcsign(['apig', 'verify', '--request', `@${file}`], { env: DOC_ENV });
    expect(r.stderr).toBe('hcsign: --request: the first line is not an HTTP request line (METHOD TARGET HTTP/1.1)\n');
    expect(r.code).toBe(2);
    expect(hcsign(['apig', 'verify', '--request', 'GET / HTTP/1.1'], { env: DOC_ENV }).stderr).toMatch(/^hcsign: --request takes @FILE/);
  });
});

describe('apig diagnose', () => {
  const host = 'https://d7da6fe436fb48f2af3c5c2e5b203df7.example.com';

  it('flags the path of a request whose path changed, against the FAQ error (seed 003), without credentials', () => {
    const r = hcsign(['apig', 'diagnose', '--error', FAQ_VERIFY_FAIL, `${host}/test2`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe("APIG.0303 signature-mismatch: 1 line(s) of the canonical request differ from the gateway's: path");
    expect(lines).toContain('  DIFF  path                   ours:    /test2/');
    expect(lines).toContain('                               gateway: /test/');
    expect(r.stdout).toMatch(/\n {2}ok {4}header host {12}d7da6fe436fb48f2af3c5c2e5b203df7\.example\.com\n/);
    expect(r.stdout).toMatch(/\n {2}ok {4}header x-sdk-date {6}20230527T015431Z\n/);
  });

  it('reads the error from a file and reports JSON; the matching request means a wrong secret', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'error.json', FAQ_VERIFY_FAIL);
    const r = hcsign(['apig', 'diagnose', '--json', '--error', `@${file}`, `${host}/test`]);
    const d = JSON.parse(r.stdout);
    expect(d.kind).toBe('secret-mismatch');
    expect(d.errorCode).toBe('APIG.0303');
    expect(d.lines.every((l: { match: boolean }) => l.match)).toBe(true);
  });

  it('reports the clock skew of a signature expired error', () => {
    const r = hcsign(['apig', 'diagnose', '--json', '--error', FAQ_EXPIRED, 'https://a.example.com/']);
    const d = JSON.parse(r.stdout);
    expect(d.kind).toBe('expired');
    expect(d.clockSkewSeconds).toBe(7297);
  });

  it('names every differing line when the date and a header differ too', () => {
    const r = hcsign(['apig', 'diagnose', '--json', '--date', '20230527T015500Z', '-H', 'X-Extra: 1', '--error', FAQ_VERIFY_FAIL, `${host}/test2`]);
    const d = JSON.parse(r.stdout);
    const differing = d.lines.filter((l: { match: boolean }) => !l.match).map((l: { part: string; name?: string }) => l.name ?? l.part);
    expect(differing).toEqual(['path', 'x-extra', 'x-sdk-date', 'signed-headers']);
  });
});

describe('apig check-key', () => {
  it('lists every broken rule (exit code 1) without printing values', () => {
    const r = hcsign(['apig', 'check-key', '--type', 'hmac', '--key', '_bad', '--name', '1x'], { env: { HCSIGN_SECRET: 'short' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'name: name must be 3-64 characters, got 2',
        'name: name must start with a letter',
        'sign_key: sign_key must be 8-32 characters, got 4',
        'sign_key: sign_key must start with a letter or a digit',
        'sign_secret: sign_secret must be 16-64 characters, got 5',
        '5 rules broken',
        '',
      ].join('\n'),
    );
  });

  it('accepts a valid key with the secret from a file (exit code 0)', () => {
    const dir = tempDir();
    const file = writeFile(dir, 's', 'Abcdefgh12345678!@#\n');
    const r = hcsign(['apig', 'check-key', '--type', 'hmac', '--key', 'backend_key_01', '--name', 'backend_sign', '--secret-file', file]);
    expect(r.stdout).toBe('valid hmac signature key (checked: sign_type, name, sign_key, sign_secret)\n');
    expect(r.code).toBe(0);
  });

  it('checks the aes key length against the algorithm', () => {
    const r = hcsign(['apig', 'check-key', '--type', 'aes', '--algorithm', 'aes-256-cfb', '--key', '0123456789abcdef', '--json'], { env: { HCSIGN_SECRET: 'fedcba9876543210' } });
    const j = JSON.parse(r.stdout);
    expect(j.valid).toBe(false);
    expect(j.violations).toEqual([{ field: 'sign_key', rule: 'length', message: 'sign_key must be 32 characters, got 16' }]);
    expect(r.code).toBe(1);
    const ok = hcsign(['apig', 'check-key', '--type', 'aes', '--algorithm', 'aes-128-cfb', '--key', '0123456789abcdef'], { env: { HCSIGN_SECRET: 'fedcba9876543210' } });
    expect(ok.code).toBe(0);
  });

  it('needs a type and something to check', () => {
    expect(hcsign(['apig', 'check-key', '--key', 'abcdefgh']).stderr).toBe('hcsign: missing --type (hmac, basic, public_key or aes)\n');
    // check-key alone takes --secret (the issue's command shape), with a warning; sign still refuses it.
    const inline = hcsign(['apig', 'check-key', '--type', 'hmac', '--key', 'backend_key_01', '--secret', 'short']);
    expect(inline.stdout).toBe('sign_secret: sign_secret must be 16-64 characters, got 5\n1 rule broken\n');
    expect(inline.stderr).toMatch(/^hcsign: warning: --secret is visible to other users/);
    expect(inline.stdout).not.toContain('short');
    expect(inline.code).toBe(1);
    expect(hcsign(['apig', 'sign', '--secret', 'x', 'https://a.example.com/']).stderr).toMatch(/there is no --secret option/);
    expect(hcsign(['apig', 'check-key', '--type', 'hmac']).stderr).toMatch(/^hcsign: nothing to check/);
  });
});


describe("curl's own spellings of the request options", () => {
  // Java v3 core's TestAKSKSigner (vectors/apig-published.json): the same request in every spelling.
  const J = vector('apig-published.json', 'java-v3-testAKSKSigner2');
  const env = { HCSIGN_KEY: J.input.key as string, HCSIGN_SECRET: J.input.secret as string };
  const headerArgs = (flag: string) => (J.input.headers as [string, string][]).flatMap(([n, v]) => [flag, `${n}: ${v}`]);
  const base = ['apig', 'sign', '--json', '--header-rule', 'v3-java'];

  it('-X/--request, -H/--header and -d/--data/--data-raw/--data-binary (text, @file, @-) all give the published Authorization', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'body.json', J.input.body as string);
    const spellings: [string, string[], string?][] = [
      ['-X -H -d', ['-X', 'POST', ...headerArgs('-H'), '-d', J.input.body]],
      ['--request --header --data', ['--request', 'POST', ...headerArgs('--header'), '--data', J.input.body]],
      ['--request=POST --header= --data-raw', ['--request=POST', ...headerArgs('--header').filter((_, i) => i % 2 === 1).map((h) => `--header=${h}`), '--data-raw', J.input.body]],
      ['--data-binary @file', ['--request', 'POST', ...headerArgs('-H'), '--data-binary', `@${file}`]],
      ['--data-binary @- (stdin)', ['-X', 'POST', ...headerArgs('-H'), '--data-binary', '@-'], J.input.body],
      ['-d without -X is a POST', [...headerArgs('-H'), '-d', `@${file}`]],
    ];
    for (const [name, args, input] of spellings) {
      const r = hcsign([...base, ...args, J.input.url], { env, ...(input !== undefined ? { input } : {}) });
      expect(r.stderr, name).toBe('');
      expect(r.code, name).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.method, name).toBe('POST');
      expect(j.authorization, name).toBe(J.expect.authorization);
    }
  });

  it('--data-raw takes a leading @ literally; several data options are joined with & as curl joins them', () => {
    // Expected payload hashes from node:crypto (OpenSSL), not from the signer.
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const payload = (args: string[]) => {
      const r = hcsign(['apig', 'sign', '--json', ...args, 'https://a.example.com/v1/x'], { env: DOC_ENV });
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout).canonicalRequest as string).split('\n').pop();
    };
    expect(payload(['--data-raw', '@/nonexistent/file'])).toBe(sha('@/nonexistent/file'));
    expect(payload(['-d', 'a=1', '--data-raw', 'b=2', '--data', 'c=3'])).toBe(sha('a=1&b=2&c=3'));
    const dir = tempDir();
    const file = writeFile(dir, 'part', 'x=1\n');
    expect(payload(['--data-binary', `@${file}`, '-d', 'y=2'])).toBe(sha('x=1\n&y=2'));
    // --curl sends the joined body as the text that was signed.
    const curl = hcsign(['apig', 'sign', '--curl', '-d', 'a=1', '--data-raw', 'b=2', 'https://a.example.com/v1/x'], { env: DOC_ENV });
    expect(curl.stdout).toContain(` --data-raw 'a=1&b=2' https://a.example.com/v1/x\n`);
    // A missing file names the spelling used.
    const missing = hcsign(['apig', 'sign', '--data-binary', '@/nonexistent/b', 'https://a.example.com/'], { env: DOC_ENV });
    expect(missing.stderr).toBe('hcsign: --data-binary: cannot read /nonexistent/b (no such file)\n');
    expect(missing.code).toBe(2);
  });

  it('apig diagnose takes the same spellings', () => {
    const r = hcsign(['apig', 'diagnose', '--json', '--request', 'GET', '--header', 'X-Extra: 1', '--error', FAQ_VERIFY_FAIL, 'https://d7da6fe436fb48f2af3c5c2e5b203df7.example.com/test']);
    const d = JSON.parse(r.stdout);
    expect(d.lines.filter((l: { match: boolean }) => !l.match).map((l: { name?: string; part: string }) => l.name ?? l.part)).toEqual(['x-extra', 'signed-headers']);
  });

  it('--help names every spelling', () => {
    const help = hcsign(['apig', 'sign', '--help']).stdout;
    for (const s of ['-X, --request METHOD', "-H, --header 'Name: value'", '-d, --data TEXT|@FILE', '--data-binary TEXT|@FILE', '--data-raw TEXT']) expect(help).toContain(s);
  });
});

describe('warnings: a skipped check or a secret with surrounding whitespace', () => {
  it('check-key without a secret does not just say valid: sign_secret was not checked (stderr, stdout and JSON)', () => {
    const r = hcsign(['apig', 'check-key', '--type', 'hmac', '--key', 'backend_key_01', '--name', 'backend_sign']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('valid hmac signature key (checked: sign_type, name, sign_key; not checked: sign_secret)\n');
    expect(r.stderr).toBe('hcsign: warning: sign_secret was not checked (give it with HCSIGN_SECRET, --secret-file FILE or --secret-env NAME)\n');
    const j = JSON.parse(hcsign(['apig', 'check-key', '--json', '--type', 'hmac'], { env: { HCSIGN_SECRET: 'Abcdefgh12345678!@#' } }).stdout);
    expect(j).toEqual({ valid: true, checked: ['sign_type', 'sign_secret'], notChecked: ['name', 'sign_key'], violations: [] });
  });

  it('warns, without the value, when a secret or key begins or ends with whitespace, and still uses it as given', () => {
    const secret = `${DOC.input.secret}\t`;
    const r = hcsign(['apig', 'sign', '--json', ...DOC_ARGS], { env: { HCSIGN_KEY: DOC.input.key, HCSIGN_SECRET: secret } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('hcsign: warning: the secret from HCSIGN_SECRET begins or ends with whitespace; it is used as given (a copy error? the signature will not match)\n');
    expect(JSON.parse(r.stdout).authorization).not.toBe(DOC.expect.authorization);
    const dir = tempDir();
    // One trailing newline ends a secret file; a space before it is part of the secret.
    const file = writeFile(dir, 's', ' Abcdefgh12345678\n');
    const fromFile = hcsign(['apig', 'check-key', '--type', 'hmac', '--secret-file', file]);
    expect(fromFile.stderr).toContain('hcsign: warning: the secret from --secret-file begins or ends with whitespace');
    expect(fromFile.stderr).not.toContain('Abcdefgh');
    const noWarning = hcsign(['apig', 'check-key', '--type', 'hmac', '--key', 'backend_key_01', '--secret-file', writeFile(dir, 't', 'Abcdefgh12345678\n')]);
    expect(noWarning.stderr).toBe('');
    const koo = hcsign(['koo', 'body-sign', '{}'], { env: { HCSIGN_ACCESS_KEY: '\u00a0key' } });
    expect(koo.stderr).toBe('hcsign: warning: the secret from HCSIGN_ACCESS_KEY begins or ends with whitespace; it is used as given (a copy error? the signature will not match)\n');
    expect(koo.code).toBe(0);
    const key = hcsign(['apig', 'sign', ...DOC_ARGS], { env: { HCSIGN_KEY: ` ${DOC.input.key}`, HCSIGN_SECRET: DOC.input.secret } });
    expect(key.stderr.split('\n')[0]).toBe('hcsign: warning: the key from HCSIGN_KEY begins or ends with whitespace; it is used as given (a copy error? the signature will not match)');
  });

  it('apig verify without a configured key says the key was not checked', () => {
    const dir = tempDir();
    const req = writeFile(dir, 'req.http', docRequest());
    const r = hcsign(['apig', 'verify', '--request', `@${req}`, '--now', DOC.input.date], { env: { HCSIGN_SECRET: DOC.input.secret } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('hcsign: warning: the key was not checked: any key is accepted with this secret (pass --key KEY or set HCSIGN_KEY to check it)\n');
    expect(hcsign(['apig', 'verify', '--request', `@${req}`, '--now', DOC.input.date], { env: DOC_ENV }).stderr).toBe('');
  });
});

describe('apig diagnose: input it cannot recognise', () => {
  it('exits 2 with a one-line reason when the text is not an APIG authentication error', () => {
    for (const [text, code] of [['hello', ''], ['{"error_code":"APIG.0101","error_msg":"The API does not exist or has not been published in the environment"}', 'APIG.0101 ']]) {
      const r = hcsign(['apig', 'diagnose', '--error', text!, 'https://a.example.com/']);
      expect(r.code, text).toBe(2);
      expect(r.stdout, text).toBe(`${code}unrecognized: not an APIG authentication error this tool knows\n`);
      expect(r.stderr, text).toBe("hcsign: cannot diagnose: not an APIG authentication error this tool knows (paste the gateway's whole answer, e.g. its JSON body)\n");
    }
    const json = hcsign(['apig', 'diagnose', '--json', '--error', 'hello', 'https://a.example.com/']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).kind).toBe('unrecognized');
    // A recognised error still exits 0.
    expect(hcsign(['apig', 'diagnose', '--error', FAQ_EXPIRED, 'https://a.example.com/']).code).toBe(0);
  });
});
