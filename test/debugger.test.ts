// The signature debugger page in headless Chromium (Debian's /usr/bin/chromium via playwright-core):
// the documented example gives the published Authorization, a pasted FAQ error flags the changed path,
// KooGallery values match the Java sample, and the page makes no request beyond its own files.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DOC, FAQ_VERIFY_FAIL, ROOT, tempDir, vector } from './fixtures/cli/run.js';
import { parseSdkDate, signRequest } from '../src/apig/index.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUTPUT = join(ROOT, 'test-output');
const OWN_FILES = ['/', '/style.css', '/app.js'];

let server: ChildProcess;
let origin: string;
let browser: Browser;
const requests: string[] = [];
const problems: string[] = [];

async function startServer(root: string): Promise<string> {
  server = spawn(process.execPath, [join(ROOT, 'src/debugger/serve.mjs'), '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) resolve(m[0]);
    });
    server.on('exit', (code) => reject(new Error(`the debugger server exited (${code}): ${out}`)));
  });
}

async function openPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
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
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  mkdirSync(OUTPUT, { recursive: true });
  const out = tempDir();
  const build = spawnSync(process.execPath, [join(ROOT, 'src/debugger/build.mjs'), '--out', out], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run debugger:build failed: ${build.stderr}`);
  origin = await startServer(out);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
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
