// Credentials as the Huawei Cloud SDKs take them: the environment variables and the extra signed headers.
import { describe, expect, it } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import {
  credentialsFromEnv,
  runtimeEnv,
  signRequest,
  verifyRequest,
  isSignerError,
  CREDENTIAL_ENV_VARS,
  type Credentials,
} from '../../src/apig/index.js';

const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

async function rejected(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('credentialsFromEnv', () => {
  it('reads the five variables of the v3 SDKs', () => {
    expect(CREDENTIAL_ENV_VARS).toEqual({
      key: 'HUAWEICLOUD_SDK_AK',
      secret: 'HUAWEICLOUD_SDK_SK',
      securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
      projectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
      domainId: 'HUAWEICLOUD_SDK_DOMAIN_ID',
    });
    expect(credentialsFromEnv({
      HUAWEICLOUD_SDK_AK: AK,
      HUAWEICLOUD_SDK_SK: SK,
      HUAWEICLOUD_SDK_SECURITY_TOKEN: 'gQpjbi1ub3J0aC00',
      HUAWEICLOUD_SDK_PROJECT_ID: '77b6a44cba5143ab91d13ab9a8ff44fd',
      HUAWEICLOUD_SDK_DOMAIN_ID: '0a1b2c3d',
      OTHER: 'ignored',
    })).toStrictEqual({ key: AK, secret: SK, securityToken: 'gQpjbi1ub3J0aC00', projectId: '77b6a44cba5143ab91d13ab9a8ff44fd', domainId: '0a1b2c3d' });
  });

  it('leaves out optional variables that are missing or empty', () => {
    expect(credentialsFromEnv({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_SECURITY_TOKEN: '' })).toStrictEqual({ key: AK, secret: SK });
  });

  it('a missing or empty AK or SK names the variable and never a value', () => {
    const cases: [Record<string, string>, string][] = [
      [{ HUAWEICLOUD_SDK_SK: SK }, 'HUAWEICLOUD_SDK_AK is not set'],
      [{ HUAWEICLOUD_SDK_AK: '', HUAWEICLOUD_SDK_SK: SK }, 'HUAWEICLOUD_SDK_AK is not set'],
      [{ HUAWEICLOUD_SDK_AK: AK }, 'HUAWEICLOUD_SDK_SK is not set'],
      [{ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: '', HUAWEICLOUD_SDK_SECURITY_TOKEN: 'tok' }, 'HUAWEICLOUD_SDK_SK is not set'],
    ];
    for (const [env, message] of cases) {
      const e = thrown(() => credentialsFromEnv(env));
      expect(isSignerError(e, 'ERR_MISSING_CREDENTIALS')).toBe(true);
      expect((e as Error).message).toBe(message);
    }
  });

  it('takes a lookup function (Deno.env.get), and turns a permission error into a SignerError naming the flag', () => {
    const env: Record<string, string> = { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_DOMAIN_ID: 'd' };
    expect(credentialsFromEnv((name) => env[name])).toStrictEqual({ key: AK, secret: SK, domainId: 'd' });
    const denied = new Error('Requires env access to "HUAWEICLOUD_SDK_AK"');
    const e = thrown(() => credentialsFromEnv(() => {
      throw denied;
    }));
    expect(isSignerError(e, 'ERR_MISSING_CREDENTIALS')).toBe(true);
    expect((e as Error).message).toBe(
      'cannot read HUAWEICLOUD_SDK_AK (on Deno: --allow-env=HUAWEICLOUD_SDK_AK,HUAWEICLOUD_SDK_SK,HUAWEICLOUD_SDK_SECURITY_TOKEN,HUAWEICLOUD_SDK_PROJECT_ID,HUAWEICLOUD_SDK_DOMAIN_ID)',
    );
    expect((e as { cause?: unknown }).cause).toBe(denied);
  });

  it('defaults to the process environment', () => {
    const saved = { ...process.env };
    try {
      process.env.HUAWEICLOUD_SDK_AK = AK;
      process.env.HUAWEICLOUD_SDK_SK = SK;
      process.env.HUAWEICLOUD_SDK_PROJECT_ID = 'p1';
      delete process.env.HUAWEICLOUD_SDK_SECURITY_TOKEN;
      delete process.env.HUAWEICLOUD_SDK_DOMAIN_ID;
      expect(credentialsFromEnv()).toStrictEqual({ key: AK, secret: SK, projectId: 'p1' });
      delete process.env.HUAWEICLOUD_SDK_SK;
      expect((thrown(() => credentialsFromEnv()) as Error).message).toBe('HUAWEICLOUD_SDK_SK is not set');
    } finally {
      for (const name of Object.values(CREDENTIAL_ENV_VARS)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });

  it('runtimeEnv finds Deno.env, then process.env, else nothing', () => {
    const processEnv = { HUAWEICLOUD_SDK_AK: 'from-process' };
    const denoEnv = { get: (name: string) => (name === 'HUAWEICLOUD_SDK_AK' ? 'from-deno' : undefined) };
    expect(runtimeEnv({ process: { env: processEnv } })).toBe(processEnv);
    const deno = runtimeEnv({ Deno: { env: denoEnv }, process: { env: processEnv } });
    expect(typeof deno).toBe('function');
    expect((deno as (n: string) => string | undefined)('HUAWEICLOUD_SDK_AK')).toBe('from-deno');
    expect(runtimeEnv({})).toBeUndefined();
    expect(runtimeEnv({ process: {} })).toBeUndefined();
    // A scope that cannot hold globals has no environment (it used to throw a TypeError for null).
    for (const none of [null, 42, 'process']) expect(runtimeEnv(none)).toBeUndefined();
    expect(runtimeEnv()).toBe(process.env);
  });

  it('in a runtime without an environment, asks for an explicit object', () => {
    const g = globalThis as { process?: unknown };
    const saved = g.process;
    let e: unknown;
    g.process = undefined; // synchronous: nothing else runs before it is restored
    try {
      e = thrown(() => credentialsFromEnv());
    } finally {
      g.process = saved;
    }
    expect(isSignerError(e, 'ERR_MISSING_CREDENTIALS')).toBe(true);
    expect((e as Error).message).toContain('no process environment: pass an object');
  });
});

describe('securityToken, projectId and domainId become signed headers', () => {
  const date = new Date('2019-11-15T03:36:55Z');
  const url = 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2';
  const creds: Credentials = { key: AK, secret: SK, securityToken: 'gQpjbi1ub3J0aC00', projectId: '77b6a44cba5143ab91d13ab9a8ff44fd', domainId: '0a1b2c3d' };

  it('adds X-Security-Token, X-Project-Id and X-Domain-Id before signing', async () => {
    const s = await signRequest({ method: 'GET', url, headers: { 'Content-Type': 'application/json' } }, creds, { date });
    expect(s.headers).toEqual({
      'Content-Type': 'application/json',
      Host: 'service.region.example.com',
      'X-Security-Token': 'gQpjbi1ub3J0aC00',
      'X-Project-Id': '77b6a44cba5143ab91d13ab9a8ff44fd',
      'X-Domain-Id': '0a1b2c3d',
      'X-Sdk-Date': '20191115T033655Z',
      Authorization: s.authorization,
    });
    expect(s.signedHeaders).toBe('content-type;host;x-domain-id;x-project-id;x-sdk-date;x-security-token');
    const canonical =
      'GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2\n' +
      'content-type:application/json\nhost:service.region.example.com\nx-domain-id:0a1b2c3d\n' +
      'x-project-id:77b6a44cba5143ab91d13ab9a8ff44fd\nx-sdk-date:20191115T033655Z\nx-security-token:gQpjbi1ub3J0aC00\n\n' +
      'content-type;host;x-domain-id;x-project-id;x-sdk-date;x-security-token\n' +
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(s.canonicalRequest).toBe(canonical);
    const sts = `SDK-HMAC-SHA256\n20191115T033655Z\n${createHash('sha256').update(canonical).digest('hex')}`;
    expect(s.stringToSign).toBe(sts);
    expect(s.signature).toBe(createHmac('sha256', SK).update(sts).digest('hex'));
  });

  it('verifies, and a changed token is a signature mismatch', async () => {
    const s = await signRequest({ method: 'GET', url }, creds, { date });
    expect((await verifyRequest({ method: 'GET', url, headers: s.headers }, () => SK, { now: date })).ok).toBe(true);
    const forged = await verifyRequest({ method: 'GET', url, headers: { ...s.headers, 'X-Security-Token': 'other' } }, () => SK, { now: date });
    expect(forged.ok ? 'ok' : forged.reason).toBe('signature-mismatch');
    const dropped = { ...s.headers } as Record<string, string>;
    delete dropped['X-Security-Token'];
    const missing = await verifyRequest({ method: 'GET', url, headers: dropped }, () => SK, { now: date });
    expect(missing.ok ? 'ok' : missing.reason).toBe('missing-signed-header');
  });

  it('the credentials replace a header of the same name, in any case', async () => {
    const s = await signRequest({ method: 'GET', url, headers: { 'x-security-token': 'stale', 'X-PROJECT-ID': 'old' } }, creds, { date });
    expect(s.headers['X-Security-Token']).toBe('gQpjbi1ub3J0aC00');
    expect(s.headers['X-Project-Id']).toBe('77b6a44cba5143ab91d13ab9a8ff44fd');
    expect(Object.keys(s.headers).filter((k) => /security-token|project-id/i.test(k))).toEqual(['X-Security-Token', 'X-Project-Id']);
    expect(s.canonicalRequest).toContain('\nx-security-token:gQpjbi1ub3J0aC00\n');
  });

  it('empty optional fields add nothing; the v3 header rules still sign them', async () => {
    const plain = await signRequest({ method: 'GET', url }, { key: AK, secret: SK, securityToken: '', projectId: undefined }, { date });
    expect(plain.signedHeaders).toBe('host;x-sdk-date');
    const go = await signRequest({ method: 'GET', url }, creds, { date, headerRule: 'v3-go' });
    expect(go.signedHeaders).toBe('x-domain-id;x-project-id;x-sdk-date;x-security-token');
  });

  it('a token with a line break or of another type is refused without echoing it', async () => {
    for (const securityToken of ['abc\r\nX-Evil: 1', 'a\nb', 'a\0b', 42 as unknown as string]) {
      const e = await rejected(signRequest({ method: 'GET', url }, { key: AK, secret: SK, securityToken }, { date }));
      expect(isSignerError(e, 'ERR_INVALID_ARGUMENT')).toBe(true);
      expect((e as Error).message).toBe('credentials.securityToken must be a string without line breaks');
    }
    const e = await rejected(signRequest({ method: 'GET', url }, { key: AK, secret: SK, projectId: 'p\n' }, { date }));
    expect((e as Error).message).toBe('credentials.projectId must be a string without line breaks');
  });
});
