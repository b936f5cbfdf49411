// The Fetch-API row of the runtime matrix: `createSignedFetch` from the package a runtime loaded, against
// the local gateway of gateway.mjs (20 minutes ahead, APIG's error format), with every body kind the
// runtime's own fetch can build, then the KooGallery seller endpoint's checks (seller.ts). Each runtime's
// Request, Blob, FormData and streams differ; this is where the README's "Node, Deno, Bun and a browser"
// is proven for the Fetch-API code, not only for the vectors.
import type { Library } from '../vectors/types.js';
import { sellerChecks } from './seller.js';

import fixture from './fetch-credentials.json';

const { ak: AK, sk: SK, projectId: ENV_PROJECT_ID, temporary: TEMPORARY } = fixture;
const SKEW_MS = 20 * 60 * 1000;
const JSON_TEXT = '{"vpc":{"name":"vpc-1"}}';

export interface FetchResult {
  runtime: string;
  total: number;
  passed: number;
  failed: number;
  failures: { file: string; id: string; message: string }[];
}

interface Answer {
  key?: string;
  signedHeaders?: string[];
  bodyLength?: number;
  contentType?: string | null;
  securityToken?: string | null;
  error_msg?: string;
}

/**
 * @param processEnv whether the runtime has a process environment (Node, Deno, Bun), which the runner
 *   filled with HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID (fetch-credentials.json)
 */
export async function runSignedFetch(lib: Library, base: string, processEnv: boolean): Promise<FetchResult> {
  const { createSignedFetch } = lib.apig;
  const creds = { key: AK, secret: SK };
  // Every runtime calls the same gateway: ids unique to this run keep their counts apart.
  const run = Math.random().toString(36).slice(2, 10);
  const count = async (id: string): Promise<number> => Number(await (await fetch(`${base}/__count?id=${run}-${id}`)).text());
  const call = async (f: (input: string | URL | Request, init?: RequestInit) => Promise<Response>, input: string | URL | Request, init?: RequestInit) => {
    const res = await f(input, init);
    return { status: res.status, answer: (await res.json()) as Answer };
  };
  const expect = (what: string, ok: boolean, detail: unknown): void => {
    if (!ok) throw new Error(`${what}: got ${JSON.stringify(detail)}`);
  };

  const checks: [string, () => Promise<void>][] = [];
  const healed = createSignedFetch(creds);
  checks.push(['a call to a gateway 20 minutes ahead succeeds after exactly one retry', async () => {
    const r = await call(healed, `${base}/v1/0f1e2d3c/vpcs?limit=2&id=${run}-skew`);
    expect('status', r.status === 200, r);
    expect('calls', (await count('skew')) === 2, await count('skew'));
    const learned = healed.clockOffsets.get(new URL(base).origin);
    expect('clockOffsets', learned !== undefined && Math.abs(learned - SKEW_MS) < 5000 && healed.clockOffsets.size === 1, [...healed.clockOffsets]);
  }]);
  checks.push(['the next call signs on the learned clock and needs no retry', async () => {
    const r = await call(healed, `${base}/v1/0f1e2d3c/vpcs?id=${run}-next`);
    expect('status', r.status === 200, r);
    expect('calls', (await count('next')) === 1, await count('next'));
  }]);

  // From here on, a fetch that has learned the gateway's clock: one call per check.
  const stream = () =>
    new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([0x7b, 0x22]));
        c.enqueue(new TextEncoder().encode('a":1}'));
        c.close();
      },
    });
  const form = () => {
    const fd = new FormData();
    fd.append('name', 'vpc-1');
    fd.append('file', new Blob([new Uint8Array([0, 1, 2, 255])], { type: 'application/octet-stream' }), 'f.bin');
    return fd;
  };
  const bodies: [string, () => BodyInit, number | undefined, RegExp | null][] = [
    // Bun's own fetch sends a string without a Content-Type; the signed fetch sends what fetch would.
    ['a string', () => JSON_TEXT, JSON_TEXT.length, 'Bun' in globalThis ? null : /^text\/plain/],
    ['a Uint8Array', () => new Uint8Array([0, 1, 2, 255]), 4, null],
    ['an ArrayBuffer', () => new Uint8Array([9, 8, 7]).buffer, 3, null],
    ['a Blob with a type', () => new Blob(['{"a":1}'], { type: 'application/json' }), 7, /^application\/json/],
    ['URLSearchParams', () => new URLSearchParams({ q: 'a b+c', z: 'é' }), undefined, /^application\/x-www-form-urlencoded/],
    ['FormData', form, undefined, /^multipart\/form-data; ?boundary=/],
    ['a ReadableStream', stream, 7, null],
  ];
  for (const [name, body, length, type] of bodies) {
    checks.push([`a POST with ${name} as the body is verified on the bytes sent`, async () => {
      const r = await call(healed, `${base}/v1/items?b=2&a=1`, { method: 'POST', body: body() });
      expect('status', r.status === 200, r);
      if (length !== undefined) expect('body length', r.answer.bodyLength === length, r.answer);
      if (type) expect('content-type', type.test(r.answer.contentType ?? ''), r.answer.contentType);
    }]);
  }
  checks.push(['a Request with a binary body and a URL object both work', async () => {
    const r = await call(healed, new Request(`${base}/v1/objects/a%20b`, { method: 'PUT', body: new Uint8Array([0, 0xff, 0x80]) }));
    expect('status (Request)', r.status === 200 && r.answer.bodyLength === 3, r);
    const u = await call(healed, new URL(`${base}/v1/x?q=a%2Bb&empty=`));
    expect('status (URL)', u.status === 200, u);
  }]);
  checks.push(['temporary credentials fetched by an async provider (the README page pattern) sign with their token', async () => {
    // The gateway hands out a temporary AK/SK and token (what a backend's /api/temporary-credentials would).
    const withToken = createSignedFetch(() => fetch(`${base}/__credentials`).then((r) => r.json()));
    withToken.clockOffsetMs = healed.clockOffsets.get(new URL(base).origin)!;
    const r = await call(withToken, `${base}/v1/token`);
    expect('status', r.status === 200 && r.answer.key === TEMPORARY.key, r);
    expect('signed headers', (r.answer.signedHeaders ?? []).includes('x-security-token'), r.answer.signedHeaders);
    expect('token received', r.answer.securityToken === TEMPORARY.securityToken, r.answer);
  }]);
  if (processEnv) {
    checks.push(["credentialsFromEnv() reads the runtime's environment, and a call signed with it is verified", async () => {
      const fromEnv = lib.apig.credentialsFromEnv();
      expect('credentials', fromEnv.key === AK && fromEnv.secret === SK && fromEnv.projectId === ENV_PROJECT_ID && fromEnv.securityToken === undefined, { ...fromEnv, secret: '…' });
      const envFetch = createSignedFetch(lib.apig.credentialsFromEnv);
      envFetch.clockOffsetMs = healed.clockOffsets.get(new URL(base).origin)!;
      const r = await call(envFetch, `${base}/v1/${ENV_PROJECT_ID}/vpcs`);
      expect('status', r.status === 200 && (r.answer.signedHeaders ?? []).includes('x-project-id'), r);
    }]);
  } else {
    checks.push(['credentialsFromEnv() needs an object here (no process environment), and signs with one', async () => {
      let code = 'no error';
      try {
        lib.apig.credentialsFromEnv();
      } catch (e) {
        code = lib.isSignerError(e) ? e.code : String(e);
      }
      expect('without an object', code === 'ERR_MISSING_CREDENTIALS', code);
      const bindings = { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_PROJECT_ID: ENV_PROJECT_ID };
      const envFetch = createSignedFetch(() => lib.apig.credentialsFromEnv(bindings));
      envFetch.clockOffsetMs = healed.clockOffsets.get(new URL(base).origin)!;
      const r = await call(envFetch, `${base}/v1/${ENV_PROJECT_ID}/vpcs`);
      expect('status', r.status === 200 && (r.answer.signedHeaders ?? []).includes('x-project-id'), r);
    }]);
  }
  checks.push(['a wrong secret is sent exactly once (APIG locks an AK/SK after five failures)', async () => {
    const wrong = createSignedFetch({ key: AK, secret: SK + 'x' });
    wrong.clockOffsetMs = healed.clockOffsets.get(new URL(base).origin)!;
    const r = await call(wrong, `${base}/v1/x?id=${run}-wrong`);
    expect('status', r.status === 401 && /verify signature fail/.test(r.answer.error_msg ?? ''), r);
    expect('calls', (await count('wrong')) === 1, await count('wrong'));
  }]);
  checks.push(["clockSkew 'off' never retries an expired signature", async () => {
    const off = createSignedFetch(creds, { clockSkew: 'off' });
    const r = await call(off, `${base}/v1/x?id=${run}-off`);
    expect('status', r.status === 401 && /signature expired/.test(r.answer.error_msg ?? ''), r);
    expect('calls', (await count('off')) === 1, await count('off'));
  }]);

  // The KooGallery seller endpoint is the other Fetch-API code of the README: it runs in the same row.
  checks.push(...sellerChecks(lib));
  const result: FetchResult = { runtime: String(lib.runtimeName), total: checks.length, passed: 0, failed: 0, failures: [] };
  for (const [id, run] of checks) {
    try {
      await run();
      result.passed++;
    } catch (e) {
      result.failed++;
      result.failures.push({ file: 'signed-fetch', id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return result;
}

/** The lines a runtime prints, as the vector harness does: failures, then `N passed, N failed`. */
export function fetchReportLines(result: FetchResult): string[] {
  return [
    ...result.failures.map((f) => `FAIL ${f.file} ${f.id}: ${f.message}`),
    `runtime: ${result.runtime}`,
    `checks: ${result.total}`,
    `${result.passed} passed, ${result.failed} failed`,
  ];
}
