// The signature debugger page in headless Chromium (Debian's /usr/bin/chromium via playwright-core),
// served by the built `hcsign debugger` from dist/debugger as the package ships it: the documented example
// gives the published Authorization, a pasted FAQ error flags the changed path, KooGallery values match
// the Java sample, results sit beside their inputs, copy and show/hide work, and the page makes no
// request beyond its own files. The server answers on 127.0.0.1 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI, DOC, FAQ_VERIFY_FAIL, hcsign, requireBuild, ROOT, vector } from './fixtures/cli/run.js';
import { parseSdkDate, signRequest } from '../src/apig/index.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUTPUT = join(ROOT, 'test-output');
const OWN_FILES = ['/', '/style.css', '/app.js'];

let server: ChildProcess;
let origin: string;
let browser: Browser;
let context: BrowserContext;
const requests: string[] = [];
const problems: string[] = [];

/** `hcsign debugger --port 0` (the built CLI); resolves to the origin it prints. */
function startDebugger(): Promise<string> {
  server = spawn(process.execPath, [CLI, 'debugger', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const read = (c: Buffer) => {
      out += c.toString();
      const m = /^hcsign debugger: (http:\/\/127\.0\.0\.1:\d+)\/ \(Ctrl-C to stop\)$/m.exec(out);
      if (m) resolve(m[1]!);
    };
    server.stdout!.on('data', read);
    server.stderr!.on('data', read);
    server.on('exit', (code) => reject(new Error(`hcsign debugger exited (${code}): ${out}`)));
  });
}

/** One HTTP answer from the debugger server, with the Host header given. */
function get(url: string, host?: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function openPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await page.goto(origin);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

const textOf = (page: Page, selector: string) => page.locator(selector).innerText();

/** The canonical request as shown: the text of each line, joined by newlines. */
const shownCanonical = (page: Page) => page.$$eval('#apig-canonical .line .text', (spans) => spans.map((s) => s.textContent ?? '').join('\n'));

beforeAll(async () => {
  requireBuild();
  if (!existsSync(join(ROOT, 'dist/debugger/index.html'))) throw new Error('dist/debugger is missing: run `npm run build` first (npm test does)');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (npm test installs it as root)`);
  mkdirSync(OUTPUT, { recursive: true });
  origin = await startDebugger();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
});

afterAll(async () => {
  await browser?.close();
  server?.kill();
});

describe('debugger page: APIG', () => {
  it('shows the published Authorization, canonical request and string to sign for the documented example', async () => {
    const page = await openPage();
    await page.selectOption('#apig-method', DOC.input.method);
    await page.fill('#apig-url', DOC.input.url);
    await page.fill('#apig-headers', 'Content-Type: application/json');
    await page.fill('#apig-key', DOC.input.key);
    await page.fill('#apig-secret', DOC.input.secret);
    await page.fill('#apig-date', DOC.input.date);
    await expect.poll(() => textOf(page, '#apig-authorization')).toBe(DOC.expect.authorization);
    expect(await shownCanonical(page)).toBe(DOC.expect.canonicalRequest);
    expect(await textOf(page, '#apig-sts')).toBe(DOC.expect.stringToSign);
    expect(await textOf(page, '#apig-headers-out')).toContain(`Authorization: ${DOC.expect.authorization}`);
    expect(await textOf(page, '#apig-curl')).toContain(`-H 'Authorization: ${DOC.expect.authorization}'`);
    await page.screenshot({ path: join(OUTPUT, 'debugger-apig-example.png'), fullPage: true });
    await page.close();
  });

  it('"Load the documented example" fills in the same request', async () => {
    const page = await openPage();
    await page.click('#apig-example');
    await expect.poll(() => textOf(page, '#apig-authorization')).toBe(DOC.expect.authorization);
    await page.close();
  });

  it("flags the path line against the FAQ's verify signature fail error for a request with a changed path", async () => {
    const page = await openPage();
    await page.fill('#apig-url', 'https://d7da6fe436fb48f2af3c5c2e5b203df7.example.com/test2');
    await page.fill('#apig-key', 'AppKey');
    await page.fill('#apig-secret', 'AppSecret');
    await page.fill('#apig-error', FAQ_VERIFY_FAIL);
    const path = page.locator('#apig-canonical .line[data-part="path"]');
    await expect.poll(() => path.getAttribute('class')).toBe('line mismatch');
    expect(await path.locator('.text').innerText()).toBe('/test2/');
    expect(await path.locator('.theirs').innerText()).toBe('gateway: /test/');
    // Everything else matches the gateway, X-Sdk-Date included (taken from the error).
    for (const sel of ['[data-part="method"]', '[data-part="query"]', '[data-name="host"]', '[data-name="x-sdk-date"]', '[data-part="signed-headers"]', '[data-part="payload-hash"]']) {
      expect(await page.locator(`#apig-canonical .line${sel}`).getAttribute('class'), sel).toBe('line match');
    }
    expect(await page.locator('#apig-canonical .line.mismatch').count()).toBe(1);
    expect(await textOf(page, '#apig-diagnosis .summary')).toBe("APIG.0303 · signature-mismatch: 1 line(s) of the canonical request differ from the gateway's: path");
    expect(await textOf(page, '#apig-status')).toContain('X-Sdk-Date 20230527T015431Z taken from the pasted error.');
    const color = await path.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(color).toBe('rgb(253, 232, 232)');
    await page.screenshot({ path: join(OUTPUT, 'debugger-apig-diagnose.png'), fullPage: true });
    await page.close();
  });

  it('signs SDK-HMAC-SM3: the v3 Java core test value, and what signRequest gives for the same input', async () => {
    // java-v3-SM3-1 (TestAKSKSigner.testSM3AKSKSigner) signs without content-type; leaving that header out
    // gives the page (which signs every header) the same canonical request.
    const v = vector('apig-published.json', 'java-v3-SM3-1');
    const headers = (v.input.headers as [string, string][]).filter(([n]) => !/^(content-type|x-sdk-date)$/i.test(n));
    const page = await openPage();
    await page.selectOption('#apig-algorithm', 'SDK-HMAC-SM3');
    await page.selectOption('#apig-method', v.input.method);
    await page.fill('#apig-url', v.input.url);
    await page.fill('#apig-headers', headers.map(([n, value]) => `${n}: ${value}`).join('\n'));
    await page.fill('#apig-key', v.input.key);
    await page.fill('#apig-secret', v.input.secret);
    await page.fill('#apig-date', '20191115T033655Z');
    await expect.poll(() => textOf(page, '#apig-authorization')).toBe(v.expect.authorization);
    const shown = await textOf(page, '#apig-authorization');
    expect(shown.startsWith('SDK-HMAC-SM3 Access=AccessKey, SignedHeaders=head-name;host;x-sdk-date, Signature=')).toBe(true);
    const ours = await signRequest(
      { method: v.input.method, url: v.input.url, headers },
      { key: v.input.key, secret: v.input.secret },
      { algorithm: 'SDK-HMAC-SM3', date: parseSdkDate('20191115T033655Z') },
    );
    expect(shown).toBe(ours.authorization);
    expect(shown.slice(shown.indexOf('Signature=') + 10)).toBe(ours.signature);
    expect(await textOf(page, '#apig-sts')).toBe(ours.stringToSign);
    await page.close();
  });

  it('reports bad input in the status line instead of failing', async () => {
    const page = await openPage();
    await page.fill('#apig-url', 'https://a.example.com/x');
    await page.fill('#apig-date', '2019-11-15');
    await expect.poll(() => textOf(page, '#apig-status')).toBe('X-Sdk-Date must be YYYYMMDDTHHMMSSZ (UTC) (ERR_BAD_DATE)');
    expect(await textOf(page, '#apig-authorization')).toBe('');
    await page.close();
  });
});

describe('debugger page: KooGallery', () => {
  it('computes Body-Sign, encrypts and decrypts like the Java sample, and verifies an authToken call', async () => {
    const bs = vector('koogallery-body-sign.json', 'java17-body-sign-01');
    const aes = vector('koogallery-sensitive.json', 'java17-aes-02');
    const token = vector('koogallery-auth-token.json', 'java17-auth-token-02');
    expect(aes.input.accessKey).toBe(bs.input.accessKey);
    expect(token.input.accessKey).toBe(bs.input.accessKey);
    const page = await openPage();
    await page.click('#tab-koo');
    expect(await page.locator('#panel-apig').isHidden()).toBe(true);
    await page.fill('#koo-key', bs.input.accessKey);
    await page.fill('#koo-bs-body', bs.input.body);
    await expect.poll(() => textOf(page, '#koo-bs')).toBe(`Body-Sign: ${bs.expect.header}`);
    await page.fill('#koo-bs-check', bs.expect.javaHeader);
    await expect.poll(() => textOf(page, '#koo-bs-result')).toBe('The received Body-Sign matches this body.');

    await page.selectOption('#koo-type', String(aes.input.encryptType));
    await page.fill('#koo-iv', aes.input.iv);
    await page.fill('#koo-plain', aes.input.plaintext);
    await expect.poll(() => textOf(page, '#koo-encrypted')).toBe(aes.expect.ciphertext);
    await page.fill('#koo-cipher', aes.expect.ciphertext);
    await expect.poll(() => textOf(page, '#koo-decrypted')).toBe(aes.input.plaintext);

    const url = `https://isv.example.com/produce?${new URLSearchParams(token.input.params).toString()}&authToken=${token.expect.authToken}`;
    // The legacy timeStamp (UTC) must be inside the window: the page's clock is set to it.
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{0,3})$/.exec(token.input.params.timeStamp)!;
    await page.fill('#koo-now', String(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, Number(m[7] || 0))));
    await page.fill('#koo-url', url);
    await expect.poll(() => textOf(page, '#koo-verify')).toBe('Valid auth-token call.');
    await page.fill('#koo-url', url.replace('p1=1', 'p1=2'));
    await expect.poll(() => textOf(page, '#koo-verify')).toBe('signature-mismatch (auth-token): authToken does not match the parameters');
    await page.screenshot({ path: join(OUTPUT, 'debugger-koogallery.png'), fullPage: true });
    await page.close();
  });
});

describe('debugger page: nothing leaves the page', () => {
  it('requested only its own three files, and its CSP refuses any connection', async () => {
    const page = await openPage();
    const blocked = await page.evaluate(async () => {
      try {
        await fetch('/app.js');
        return 'fetch allowed';
      } catch {
        return 'fetch blocked';
      }
    });
    expect(blocked).toBe('fetch blocked');
    await page.close();
    expect(requests.length).toBeGreaterThan(0);
    const foreign = requests.filter((u) => !u.startsWith(origin) || !OWN_FILES.includes(new URL(u).pathname));
    expect(foreign).toEqual([]);
    // Per page load exactly the three files: nothing fetched later by the live computations.
    const loads = requests.filter((u) => new URL(u).pathname === '/').length;
    expect(requests.length).toBe(loads * OWN_FILES.length);
    expect(problems.filter((p) => !p.includes('Content Security Policy'))).toEqual([]);
  });
});

/** True when the card holding `right` sits to the right of the card holding `left`, on the same row of the page. */
async function beside(page: Page, left: string, right: string): Promise<boolean> {
  const card = (sel: string) => page.locator(sel).locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " card ")][1]');
  const a = (await card(left).boundingBox())!;
  const b = (await card(right).boundingBox())!;
  return b.x >= a.x + a.width && b.y < a.y + a.height && a.y < b.y + b.height;
}

describe('debugger page: layout and controls', () => {
  it('has a URL field across the page and each result beside the inputs it comes from', async () => {
    const page = await openPage();
    await page.click('#apig-example');
    await expect.poll(() => textOf(page, '#apig-authorization')).toBe(DOC.expect.authorization);
    const url = (await page.locator('#apig-url').boundingBox())!;
    // 1400 px wide: the URL field takes most of it (it had 5/12 of the page, minus the method).
    expect(url.width).toBeGreaterThan(1000);
    const pairs: [string, string][] = [
      ['#apig-headers', '#apig-canonical'],
      ['#apig-body', '#apig-canonical'],
      ['#apig-secret', '#apig-authorization'],
      ['#apig-date', '#apig-sts'],
      ['#apig-error', '#apig-diagnosis-empty'],
    ];
    for (const [input, output] of pairs) expect(await beside(page, input, output), `${output} beside ${input}`).toBe(true);
    // Rows are not side by side with other rows' results.
    expect(await beside(page, '#apig-error', '#apig-canonical')).toBe(false);
    await page.click('#tab-koo');
    await page.click('#koo-example');
    await expect.poll(() => textOf(page, '#koo-verify')).toBe('Valid header-signature call.');
    for (const [input, output] of [
      ['#koo-url', '#koo-verify'],
      ['#koo-bs-body', '#koo-bs'],
      ['#koo-plain', '#koo-encrypted'],
    ] as const) {
      expect(await beside(page, input, output), `${output} beside ${input}`).toBe(true);
    }
    await page.screenshot({ path: join(OUTPUT, 'debugger-koogallery-example.png'), fullPage: true });
    await page.close();
  });

  it('copies each result to the clipboard as shown (the canonical request as plain text)', async () => {
    const page = await openPage();
    await page.click('#apig-example');
    await expect.poll(() => textOf(page, '#apig-authorization')).toBe(DOC.expect.authorization);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    const copy = page.locator('button.copy[data-copy="apig-authorization"]');
    await copy.click();
    await expect.poll(clipboard).toBe(DOC.expect.authorization);
    expect(await copy.innerText()).toBe('Copied');
    await page.click('button.copy[data-copy="apig-canonical"]');
    await expect.poll(clipboard).toBe(DOC.expect.canonicalRequest);
    await page.click('button.copy[data-copy="apig-sts"]');
    await expect.poll(clipboard).toBe(DOC.expect.stringToSign);
    await page.click('button.copy[data-copy="apig-curl"]');
    await expect.poll(clipboard).toMatch(/^curl --globoff --path-as-is -X GET /);
    // Every output has its copy button.
    const targets = await page.$$eval('button.copy', (bs) => bs.map((b) => (b as HTMLButtonElement).dataset.copy));
    expect(targets).toEqual(['apig-canonical', 'apig-sts', 'apig-authorization', 'apig-headers-out', 'apig-curl', 'koo-expected', 'koo-bs', 'koo-encrypted', 'koo-decrypted']);
    await page.close();
  });

  it('shows and hides the secret and the accessKey', async () => {
    const page = await openPage();
    for (const [id, tab] of [['apig-secret', '#tab-apig'], ['koo-key', '#tab-koo']] as const) {
      await page.click(tab);
      const input = page.locator(`#${id}`);
      const button = page.locator(`button.reveal[data-reveal="${id}"]`);
      await input.fill('s3cret value');
      expect(await input.getAttribute('type')).toBe('password');
      expect(await button.getAttribute('aria-pressed')).toBe('false');
      await button.click();
      expect(await input.getAttribute('type')).toBe('text');
      expect(await button.innerText()).toBe('Hide');
      expect(await button.getAttribute('aria-pressed')).toBe('true');
      expect(await input.inputValue()).toBe('s3cret value');
      await button.click();
      expect(await input.getAttribute('type')).toBe('password');
      expect(await button.innerText()).toBe('Show');
    }
    await page.close();
  });

  it('"Load an example" (KooGallery) fills a valid x-sign call, its Body-Sign and a sensitive field', async () => {
    const v = vector('koogallery-request-signature.json', 'openssl-request-signature-01');
    const page = await openPage();
    await page.click('#tab-koo');
    await page.click('#koo-example');
    await expect.poll(() => textOf(page, '#koo-verify')).toBe('Valid header-signature call.');
    expect(await page.locator('#koo-key').inputValue()).toBe(v.input.accessKey);
    expect(await page.locator('#koo-body').inputValue()).toBe(v.input.body);
    expect(await textOf(page, '#koo-expected')).toBe(`x-sign computed here: ${v.expect.headerSignature}`);
    // Body-Sign: HMAC-SHA256 of the body keyed with the accessKey, Base64 (here from node:crypto).
    const body = await page.locator('#koo-bs-body').inputValue();
    const mac = createHmac('sha256', v.input.accessKey).update(body).digest('base64');
    await expect.poll(() => textOf(page, '#koo-bs')).toBe(`Body-Sign: sign_type="HMAC-SHA256", signature="${mac}"`);
    // The sensitive field: the IV leads the ciphertext, and decrypting it gives the plaintext back.
    const encrypted = await textOf(page, '#koo-encrypted');
    expect(encrypted.startsWith(await page.locator('#koo-iv').inputValue())).toBe(true);
    await page.fill('#koo-cipher', encrypted);
    await expect.poll(() => textOf(page, '#koo-decrypted')).toBe(await page.locator('#koo-plain').inputValue());
    // A changed body is refused.
    await page.fill('#koo-body', v.input.body + ' ');
    await expect.poll(() => textOf(page, '#koo-verify')).toMatch(/^signature-mismatch \(header-signature\): /);
    await page.close();
  });
});

describe('hcsign debugger: the server', () => {
  it('serves the shipped page on 127.0.0.1 only, and only for the hosts 127.0.0.1 and localhost', async () => {
    const page = await get(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Signature debugger');
    const port = new URL(origin).port;
    expect((await get(`${origin}/`, `localhost:${port}`)).status).toBe(200);
    // DNS rebinding: a page of another site that resolves to 127.0.0.1 is refused.
    expect((await get(`${origin}/`, `evil.example:${port}`)).status).toBe(403);
    // Only the page's own files.
    expect((await get(`${origin}/../package.json`)).status).toBe(404);
    expect((await get(`${origin}/cli.js`)).status).toBe(404);
    // Bound to 127.0.0.1, not to every address: another loopback address is not answered.
    await expect(get(`http://127.0.0.2:${port}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('exits 2 with a one-line message when the port is taken or wrong', () => {
    const port = new URL(origin).port;
    const taken = hcsign(['debugger', '--port', port]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe(`hcsign: port ${port} on 127.0.0.1 is in use: pick another with --port N\n`);
    expect(hcsign(['debugger', '--port', 'x']).stderr).toBe('hcsign: --port must be a number from 0 to 65535\n');
    expect(hcsign(['debugger', '--port', '70000']).code).toBe(2);
  });
});
