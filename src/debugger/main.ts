// The signature debugger page: APIG signing with a live canonical request, string to sign,
// Authorization and curl, line-by-line comparison with a pasted APIG error; KooGallery verification,
// Body-Sign and sensitive fields. Bundled with the web runtime (Web Crypto); it makes no request.
import { apig, koogallery } from '../index.js';
// The CLI's curl helper (pure string code): shared between the two tools, not part of the library.
import { curlCommand } from '../cli/curl.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
};
const val = (id: string) => $<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(id).value;

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function setStatus(id: string, kind: 'ok' | 'error' | 'info' | '', text: string): void {
  const s = $(id);
  s.className = `status ${kind}`;
  s.textContent = text;
}

function errorText(e: unknown): string {
  if (apig.isSignerError(e)) return `${e.message} (${e.code})`;
  return e instanceof Error ? e.message : String(e);
}

/** `Name: value` lines; blank lines are skipped. */
function parseHeaderLines(text: string): [string, string][] {
  const out: [string, string][] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new Error(`header line ${i + 1} is not "Name: value"`);
    out.push([name, line.slice(colon + 1).trim()]);
  });
  return out;
}

// ---------------------------------------------------------------- tabs

function selectTab(which: 'apig' | 'koo'): void {
  for (const t of ['apig', 'koo'] as const) {
    $(`tab-${t}`).setAttribute('aria-selected', String(t === which));
    $(`panel-${t}`).hidden = t !== which;
  }
}

// ---------------------------------------------------------------- APIG

type Part = apig.DiagnosisLine['part'] | 'blank';
interface CanonicalLine {
  text: string;
  part: Part;
  name?: string;
}

/** Label each line of a canonical request with what it is. */
function canonicalLines(canonical: string): CanonicalLine[] {
  const lines = canonical.split('\n');
  const n = lines.length;
  return lines.map((text, i) => {
    if (i === 0) return { text, part: 'method' };
    if (i === 1) return { text, part: 'path' };
    if (i === 2) return { text, part: 'query' };
    if (i === n - 1) return { text, part: 'payload-hash' };
    if (i === n - 2) return { text, part: 'signed-headers' };
    if (i === n - 3) return { text, part: 'blank' };
    return { text, part: 'header', name: text.slice(0, text.indexOf(':')) };
  });
}

/** The canonical request as text (its box shows it line by line, with the gateway's lines). */
let canonicalText = '';

function renderCanonical(canonical: string, diagnosis: apig.Diagnosis | undefined): void {
  const box = $('apig-canonical');
  box.replaceChildren();
  canonicalText = canonical;
  const compared = diagnosis?.lines;
  for (const line of canonicalLines(canonical)) {
    const row = el('div', 'line');
    row.dataset.part = line.part;
    if (line.name !== undefined) row.dataset.name = line.name;
    row.append(el('span', 'text', line.text));
    const d = compared?.find((l) => l.part === line.part && (line.part !== 'header' || l.name === line.name));
    if (d) {
      row.classList.add(d.match ? 'match' : 'mismatch');
      if (!d.match) {
        row.append(el('span', 'theirs', `gateway: ${d.theirs ?? '(absent)'}`));
        if (d.hint) row.append(el('span', 'why', d.hint));
      }
    }
    box.append(row);
  }
  // Lines only the gateway had (a header you did not sign).
  for (const d of compared ?? []) {
    if (d.ours !== undefined || d.match) continue;
    const row = el('div', 'line mismatch extra');
    row.dataset.part = d.part;
    if (d.name !== undefined) row.dataset.name = d.name;
    row.append(el('span', 'text', '(not in yours)'), el('span', 'theirs', `gateway: ${d.name ? d.name + ':' : ''}${d.theirs ?? ''}`));
    if (d.hint) row.append(el('span', 'why', d.hint));
    box.append(row);
  }
}

function renderDiagnosis(d: apig.Diagnosis | undefined): void {
  const box = $('apig-diagnosis');
  box.replaceChildren();
  box.hidden = !d;
  $('apig-diagnosis-empty').hidden = Boolean(d);
  if (!d) return;
  box.className = `diagnosis ${d.kind}`;
  box.append(el('p', 'summary', `${d.errorCode ? d.errorCode + ' · ' : ''}${d.kind}: ${d.summary}`));
  if (d.hints.length) {
    const ul = el('ul', 'hints');
    for (const h of d.hints) ul.append(el('li', '', h));
    box.append(ul);
  }
}

function clearApigOutputs(): void {
  for (const id of ['apig-sts', 'apig-authorization', 'apig-headers-out', 'apig-curl']) $(id).textContent = '';
  $('apig-canonical').replaceChildren();
  canonicalText = '';
  renderDiagnosis(undefined);
}

let apigRun = 0;

async function updateApig(): Promise<void> {
  const run = ++apigRun;
  const algorithm = val('apig-algorithm') as apig.AlgorithmName;
  $('apig-v11').hidden = algorithm !== 'V11-HMAC-SHA256';
  const url = val('apig-url').trim();
  const key = val('apig-key');
  const secret = val('apig-secret');
  const errorPasted = val('apig-error').trim();
  if (!url) {
    clearApigOutputs();
    setStatus('apig-status', 'info', 'Fill in a URL to start.');
    return;
  }
  try {
    const headers = parseHeaderLines(val('apig-headers'));
    const options: apig.SignOptions = { algorithm };
    if (algorithm === 'V11-HMAC-SHA256') {
      options.region = val('apig-region').trim();
      options.service = val('apig-service').trim();
    }
    if ($<HTMLInputElement>('apig-unsigned').checked) options.unsignedPayload = true;
    const notes: string[] = [];
    const dateText = val('apig-date').trim();
    const hasDateHeader = headers.some(([n]) => n.toLowerCase() === 'x-sdk-date');
    if (dateText) options.date = apig.parseSdkDate(dateText);
    else if (!hasDateHeader) {
      const m = /x-sdk-date:(\d{8}T\d{6}Z)/i.exec(errorPasted);
      if (m) {
        options.date = apig.parseSdkDate(m[1]!);
        notes.push(`X-Sdk-Date ${m[1]} taken from the pasted error.`);
      }
    }
    // The canonical request does not depend on the credentials: show it even before they are typed.
    const missing = !key || !secret;
    const signed = await apig.signRequest(
      { method: val('apig-method'), url, headers, body: val('apig-body') || undefined },
      missing ? { key: key || 'KEY', secret: 'placeholder' } : { key, secret },
      options,
    );
    if (run !== apigRun) return;
    const diagnosis = errorPasted ? apig.diagnose(errorPasted, signed) : undefined;
    renderCanonical(signed.canonicalRequest, diagnosis);
    renderDiagnosis(diagnosis);
    $('apig-sts').textContent = signed.stringToSign;
    if (missing) {
      $('apig-authorization').textContent = '(type the key and the secret)';
      $('apig-headers-out').textContent = '';
      $('apig-curl').textContent = '';
      setStatus('apig-status', 'info', ['Type the key and the secret to compute the signature.', ...notes].join(' '));
      return;
    }
    $('apig-authorization').textContent = signed.authorization;
    $('apig-headers-out').textContent = Object.entries(signed.headers).map(([n, v]) => `${n}: ${v}`).join('\n');
    const body = val('apig-body');
    $('apig-curl').textContent = curlCommand({ method: val('apig-method'), url, headers: signed.headers, ...(body ? { bodyText: body } : {}) });
    setStatus('apig-status', 'ok', [`Signed with ${algorithm} at ${signed.sdkDate}.`, ...notes].join(' '));
  } catch (e) {
    if (run !== apigRun) return;
    clearApigOutputs();
    setStatus('apig-status', 'error', errorText(e));
  }
}

/** The API Request Signing Guide's worked example (vectors/apig-published.json, doc-api-sign-algorithm). */
function loadExample(): void {
  const set = (id: string, v: string) => ($<HTMLInputElement>(id).value = v);
  set('apig-method', 'GET');
  set('apig-url', 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?marker=13551d6b-755d-4757-b956-536f674975c0&limit=2');
  set('apig-headers', 'Content-Type: application/json');
  set('apig-body', '');
  set('apig-key', 'QTWAOYTTINDUT2QVKYUC');
  set('apig-secret', 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc');
  set('apig-date', '20191115T033655Z');
  set('apig-algorithm', 'SDK-HMAC-SHA256');
  set('apig-error', '');
  $<HTMLInputElement>('apig-unsigned').checked = false;
  void updateApig();
}

// ---------------------------------------------------------------- KooGallery

let kooRun = 0;

async function computedSignature(url: string, headers: [string, string][], body: string, accessKey: string): Promise<string> {
  const h = new Map(headers.map(([n, v]) => [n.toLowerCase(), v]));
  const q = url.indexOf('?');
  const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  if (h.has('x-sign')) {
    const sig = await koogallery.headerSignature({ accessKey, nonce: h.get('x-nonce') ?? '', timestamp: h.get('x-timestamp') ?? '', body });
    return `x-sign computed here: ${sig}`;
  }
  if (params.has('signature')) {
    const sig = await koogallery.requestSignature({ accessKey, nonce: params.get('nonce') ?? '', timestamp: params.get('timestamp') ?? '', body });
    return `signature computed here: ${sig}`;
  }
  if (params.has('authToken')) return `authToken computed here: ${await koogallery.authToken(params, accessKey)}`;
  return '';
}

async function updateKoo(): Promise<void> {
  const run = ++kooRun;
  const accessKey = val('koo-key');
  const stale = () => run !== kooRun;
  if (!accessKey) {
    setStatus('koo-verify', 'info', 'Type the accessKey.');
    for (const id of ['koo-expected', 'koo-bs', 'koo-encrypted', 'koo-decrypted']) $(id).textContent = '';
    setStatus('koo-bs-result', '', '');
    return;
  }

  // Notification
  const url = val('koo-url').trim();
  if (!url) {
    setStatus('koo-verify', 'info', 'Fill in the URL of the call.');
    $('koo-expected').textContent = '';
  } else {
    try {
      const headers = parseHeaderLines(val('koo-headers'));
      const body = val('koo-body');
      // Live re-checks are not replays; a diagnostic recognises every scheme, the legacy authToken included.
      const options: koogallery.VerifyOptions = { nonceStore: false, schemes: koogallery.NOTIFICATION_SCHEMES };
      const now = val('koo-now').trim();
      if (now) {
        if (!/^\d{10}(\d{3})?$/.test(now)) throw new Error('Now must be UNIX seconds (10 digits) or milliseconds (13 digits)');
        options.now = now.length === 10 ? Number(now) * 1000 : Number(now);
      }
      const skew = val('koo-skew').trim();
      if (skew) options.maxSkewSeconds = Number(skew);
      const result = await koogallery.verifyNotification({ url, headers, body }, accessKey, options);
      const expected = await computedSignature(url, headers, body, accessKey).catch(() => '');
      if (stale()) return;
      if (result.ok) setStatus('koo-verify', 'ok', `Valid ${result.scheme} call.`);
      else setStatus('koo-verify', 'error', `${result.reason}${result.scheme ? ` (${result.scheme})` : ''}: ${result.message}`);
      $('koo-expected').textContent = expected;
    } catch (e) {
      if (stale()) return;
      setStatus('koo-verify', 'error', errorText(e));
      $('koo-expected').textContent = '';
    }
  }

  // Body-Sign
  try {
    const body = val('koo-bs-body');
    const header = await koogallery.bodySign(body, accessKey);
    const check = val('koo-bs-check').trim();
    const ok = check ? await koogallery.verifyBodySign(body, check, accessKey) : undefined;
    if (stale()) return;
    $('koo-bs').textContent = `Body-Sign: ${header}`;
    if (ok === undefined) setStatus('koo-bs-result', '', '');
    else setStatus('koo-bs-result', ok ? 'ok' : 'error', ok ? 'The received Body-Sign matches this body.' : 'The received Body-Sign does not match this body.');
  } catch (e) {
    if (stale()) return;
    $('koo-bs').textContent = '';
    setStatus('koo-bs-result', 'error', errorText(e));
  }

  // Sensitive fields
  const type = Number(val('koo-type')) as koogallery.EncryptType;
  const plain = val('koo-plain');
  const iv = val('koo-iv');
  const cipher = val('koo-cipher').trim();
  const enc = plain ? koogallery.encryptSensitive(plain, accessKey, type, iv ? { iv } : {}).catch((e: unknown) => `error: ${errorText(e)}`) : Promise.resolve('');
  const dec = cipher ? koogallery.decryptSensitive(cipher, accessKey, type).catch((e: unknown) => `error: ${errorText(e)}`) : Promise.resolve('');
  const [encrypted, decrypted] = await Promise.all([enc, dec]);
  if (stale()) return;
  $('koo-encrypted').textContent = encrypted;
  $('koo-decrypted').textContent = decrypted;
}

/**
 * A KooGallery call in the x-sign header scheme, with its Body-Sign and a sensitive field: the first
 * example of vectors/koogallery-request-signature.json (its signature checked with OpenSSL), with the
 * clock set to its timestamp so that the call is inside the time window.
 */
function loadKooExample(): void {
  const set = (id: string, v: string) => ($<HTMLInputElement>(id).value = v);
  set('koo-key', 'Kg7Qp2Lm9Xv4Rt8Ws1Yz5Ab3Cd6Ef0Gh');
  set('koo-url', 'https://isv.example.com/produce');
  set(
    'koo-headers',
    ['x-sign: 9aa2242e55d0b12215942f6e0909ff1785d6d0c775a2217f5715f2e8266a715d', 'x-timestamp: 1716363778801', 'x-nonce: RLLUammMSInlrNWb'].join('\n'),
  );
  set('koo-body', '{"activity":"newInstance","orderId":"CS1906666666ABCDE","buyerInfo":{"customerName":"张三","mobilePhone":"138****0000"}}');
  set('koo-now', '1716363778801');
  set('koo-skew', '');
  set('koo-bs-body', '{"resultCode":"000000","resultMsg":"success"}');
  set('koo-bs-check', '');
  set('koo-type', '1');
  set('koo-iv', 'zZ9yY8xX7wW6vV5u');
  set('koo-plain', 'initial-Passw0rd');
  set('koo-cipher', '');
  void updateKoo();
}

// ---------------------------------------------------------------- copy, show/hide

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No Clipboard API (an insecure context, an old browser): the selection and execCommand.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) throw new Error('copy refused');
  }
}

function wireCopy(button: HTMLButtonElement): void {
  const target = button.dataset.copy!;
  let timer: ReturnType<typeof setTimeout> | undefined;
  button.addEventListener('click', () => {
    const text = target === 'apig-canonical' ? canonicalText : ($(target).textContent ?? '');
    const show = (label: string, ok: boolean) => {
      button.textContent = label;
      button.classList.toggle('copied', ok);
      clearTimeout(timer);
      timer = setTimeout(() => {
        button.textContent = 'Copy';
        button.classList.remove('copied');
      }, 1500);
    };
    if (!text) return show('Nothing to copy', false);
    copyText(text).then(
      () => show('Copied', true),
      () => show('Copy failed: select the text', false),
    );
  });
}

function wireReveal(button: HTMLButtonElement): void {
  const input = $<HTMLInputElement>(button.dataset.reveal!);
  const what = button.getAttribute('aria-label')!.replace(/^Show /, '');
  button.addEventListener('click', () => {
    const shown = input.type === 'password';
    input.type = shown ? 'text' : 'password';
    button.textContent = shown ? 'Hide' : 'Show';
    button.setAttribute('aria-pressed', String(shown));
    button.setAttribute('aria-label', `${shown ? 'Hide' : 'Show'} ${what}`);
  });
}

// ---------------------------------------------------------------- wiring

function debounce(fn: () => Promise<void>): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      void fn();
    });
  };
}

function start(): void {
  $('tab-apig').addEventListener('click', () => selectTab('apig'));
  $('tab-koo').addEventListener('click', () => selectTab('koo'));
  const apigUpdate = debounce(updateApig);
  const kooUpdate = debounce(updateKoo);
  for (const ev of ['input', 'change']) {
    $('panel-apig').addEventListener(ev, apigUpdate);
    $('panel-koo').addEventListener(ev, kooUpdate);
  }
  for (const form of ['panel-apig', 'panel-koo']) $(form).addEventListener('submit', (e) => e.preventDefault());
  $('apig-example').addEventListener('click', loadExample);
  $('apig-clear').addEventListener('click', () => {
    $<HTMLFormElement>('panel-apig').reset();
    apigUpdate();
  });
  $('koo-example').addEventListener('click', loadKooExample);
  $('koo-clear').addEventListener('click', () => {
    $<HTMLFormElement>('panel-koo').reset();
    kooUpdate();
  });
  document.querySelectorAll<HTMLButtonElement>('button.copy').forEach(wireCopy);
  document.querySelectorAll<HTMLButtonElement>('button.reveal').forEach(wireReveal);
  void updateApig();
  void updateKoo();
  document.documentElement.dataset.ready = 'true';
}

start();
