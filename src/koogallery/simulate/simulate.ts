// simulateKooGallery: a local KooGallery. Sends every call KooGallery makes, chained like a real order, and
// checks every answer as the console's interface debugging does, plus idempotency and the attacks a
// seller must refuse (replay, changed body, stale timestamp, another key).
import { base64Encode, hexEncode, utf8Decode, utf8Encode } from '../../crypto/codecs.js';
import { randomBytes } from '../../crypto/hash.js';
import { parseRsaPublicKey, type RsaPublicKey } from '../../crypto/der.js';
import { rsaOaepEncrypt, type OaepHash } from '../../crypto/rsa-oaep.js';
import { SignerError, optionsObject } from '../../errors.js';
import { decryptSensitive } from '../sensitive.js';
import { BASIC_INTERFACES, KIT_INTERFACES, type KitInterface } from '../seller/bodies.js';
import { keyBytes, keyEncodingOf, type KeyEncoding } from '../seller/keys.js';
import { MESSAGES, checkAnswer, checkNewInstance, checkQueryInstance, isFault, type AnswerFault } from './checks.js';
import { createSignedCall, type SignedCall } from './signed-call.js';
import { fetchTransport, nodeHttpTransport, type SimulateTransport, type WireResponse } from './transport.js';

import { SIMULATED_INTERFACES } from './names.js';

/** Options of {@link simulateKooGallery}. */
export interface SimulateOptions {
  /** Your production address, as entered in the seller console (`https://isv.example.com`, a path allowed). */
  address: string;
  /** The keys bound to each interface type: without `basic` the basic interfaces are skipped, without `kit` the kit. `notify` defaults to `basic`. */
  accessKeys: { basic?: string; kit?: string; notify?: string };
  /** How the keys are written (default `utf8`; `base64` for the EU console's display). */
  keyEncoding?: KeyEncoding;
  /** Your RSA public key (SPKI PEM or its bare base64, as uploaded to KooGallery) for applicationSync; without it applicationSync is skipped. */
  publicKey?: string | Uint8Array;
  /** The plaintext clientSecret to send (default: random). */
  clientSecret?: string;
  /** OAEP parameters for clientSecret (default SHA-256 with MGF1-SHA-1, Java's OAEPWithSHA-256AndMGF1Padding). */
  oaep?: { hash: OaepHash; mgf1Hash?: OaepHash };
  /** Run only these interfaces (and `probes` for the security probes). */
  only?: readonly string[];
  /** Time allowed per answer, ms (default 20000, the console's). */
  timeoutMs?: number;
  /** Answers slower than this are warned about, ms (default 5000). */
  slowMs?: number;
  /** newInstance answered 000004: queryInstance is polled this many times (default 3) … */
  pollAttempts?: number;
  /** … this far apart, ms (default 1000). */
  pollIntervalMs?: number;
  /** Call this Fetch API handler in process instead of the network. */
  handler?: (request: Request) => Promise<Response>;
  /** Your own transport (default: node:http where it exists, which sees header names as sent; else fetch). */
  transport?: SimulateTransport;
  /** Called with each check as it completes (for live output). */
  onCheck?: (check: SimulationCheck) => void;
}

/** One check. */
export interface SimulationCheck {
  /** The interface, or `probes`. */
  interface: string;
  /** `call`, `repeat` (sent twice; updateInstanceStatus adds FREEZE or UNFREEZE), `idempotency`, `poll`, `replay`, `changed-body`, `stale-timestamp`, `wrong-key`. */
  step: string;
  status: 'pass' | 'fail' | 'warn';
  /** On failure: the console's message where the console has one. On a warning: what to look at. */
  message?: string;
  /** What exactly was wrong. */
  detail?: string;
  /** How long the answer took. */
  ms?: number;
}

/** What {@link simulateKooGallery} resolves to. */
export interface SimulationReport {
  /** True when no check failed. */
  ok: boolean;
  address: string;
  checks: SimulationCheck[];
  /** Interfaces not run, and why (a missing key or public key, `only`). */
  skipped: { interface: string; reason: string }[];
  counts: { pass: number; fail: number; warn: number };
}

interface Route {
  key: Uint8Array;
  /** The key as given (what createSignedCall takes with the same keyEncoding). */
  keyText: string;
  kit?: KitInterface;
}

const MOCK = {
  newInstance: 'MOCKPERIODYEARNEW',
  refreshInstance: 'MOCKMONTYRENEW',
  upgradeInstance: 'MOCKMONTYCHANGE',
  orderNotify: 'MOCKPERIODYEARNEW',
} as const;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** yyyyMMddHHmmss (+SSS) of a time at a UTC offset in hours. */
function clock(ms: number, offsetHours: number, millis: boolean): string {
  const d = new Date(ms + offsetHours * 3_600_000);
  const s = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  return millis ? s + pad(d.getUTCMilliseconds(), 3) : s;
}
const randomId = (bytes = 16) => hexEncode(randomBytes(bytes));
const uuid = () => {
  const h = randomId(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The simulator itself (loaded on first use by simulateKooGallery). */
export async function runSimulation(options: SimulateOptions): Promise<SimulationReport> {
  const o = optionsObject(options);
  if (typeof o.address !== 'string' || !/^https?:\/\/[^/?#]+/i.test(o.address)) throw new SignerError('ERR_INVALID_ARGUMENT', 'address must be an http(s) URL');
  const address = o.address;
  const encoding = keyEncodingOf(o.keyEncoding);
  const keys = optionsObject(o.accessKeys, 'accessKeys');
  const route = (text: string | undefined, name: string, kit?: KitInterface): Route | undefined =>
    text === undefined ? undefined : kit === undefined ? { key: keyBytes(text, encoding, name), keyText: text } : { key: keyBytes(text, encoding, name), keyText: text, kit };
  const basic = route(keys.basic, 'accessKeys.basic');
  const notify = route(keys.notify ?? keys.basic, 'accessKeys.notify');
  if (keys.kit === undefined && basic === undefined) throw new SignerError('ERR_MISSING_CREDENTIALS', 'give at least one key: accessKeys.basic or accessKeys.kit');
  let publicKey: RsaPublicKey | undefined;
  if (o.publicKey !== undefined) publicKey = parseRsaPublicKey(o.publicKey, 'publicKey');
  const only = o.only === undefined ? undefined : new Set(o.only);
  if (only) {
    for (const n of only) {
      if (n !== 'probes' && !(SIMULATED_INTERFACES as readonly string[]).includes(n)) throw new SignerError('ERR_INVALID_ARGUMENT', `only: unknown interface '${String(n).slice(0, 40)}'`);
    }
  }
  const timeoutMs = o.timeoutMs ?? 20_000;
  const slowMs = o.slowMs ?? 5_000;
  if (!(timeoutMs > 0) || !(slowMs > 0)) throw new SignerError('ERR_INVALID_ARGUMENT', 'timeoutMs and slowMs must be positive');
  const pollAttempts = o.pollAttempts ?? 3;
  const pollIntervalMs = o.pollIntervalMs ?? 1000;
  const transport: SimulateTransport =
    o.transport ?? (o.handler ? fetchTransport(o.handler) : ((await nodeHttpTransport()) ?? fetchTransport((r) => fetch(r))));

  const checks: SimulationCheck[] = [];
  const skipped: SimulationReport['skipped'] = [];
  const record = (c: SimulationCheck): void => {
    checks.push(c);
    if (o.onCheck) o.onCheck(c);
  };
  const wanted = (name: string) => only === undefined || only.has(name);

  async function send(call: SignedCall): Promise<{ res: WireResponse; ms: number } | { fault: AnswerFault; ms: number }> {
    const ac = new AbortController();
    const t0 = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => {
        ac.abort();
        resolve('late');
      }, timeoutMs);
    });
    try {
      const sent = transport({ url: call.url, method: 'POST', headers: call.headers, body: utf8Encode(call.body), signal: ac.signal });
      sent.catch(() => {}); // after a timeout its rejection is expected
      const r = await Promise.race([sent, late]);
      const ms = Date.now() - t0;
      if (r === 'late') return { fault: { message: MESSAGES.timeout(timeoutMs / 1000), detail: `no answer within ${timeoutMs} ms` }, ms };
      return { res: r, ms };
    } catch (e) {
      const ms = Date.now() - t0;
      if (ac.signal.aborted) return { fault: { message: MESSAGES.timeout(timeoutMs / 1000), detail: `no answer within ${timeoutMs} ms` }, ms };
      return { fault: { message: MESSAGES.unreachable, detail: e instanceof Error ? e.message.slice(0, 200) : 'the request failed' }, ms };
    } finally {
      clearTimeout(timer);
    }
  }

  /** One call with every console check; resolves to the answer's JSON when it passed. */
  async function call(
    iface: string,
    step: string,
    r: Route,
    body: Record<string, unknown>,
    accept: readonly string[] = ['000000'],
    extra?: (json: Record<string, unknown>) => AnswerFault | undefined | Promise<AnswerFault | undefined>,
  ): Promise<Record<string, unknown> | undefined> {
    const signed = await createSignedCall(r.kit ? { address, body, accessKey: r.keyText, keyEncoding: encoding, kit: r.kit } : { address, body, accessKey: r.keyText, keyEncoding: encoding });
    const sent = await send(signed);
    const fail = (f: AnswerFault): undefined => {
      record({ interface: iface, step, status: 'fail', message: f.message, detail: f.detail, ms: sent.ms });
      return undefined;
    };
    if ('fault' in sent) return fail(sent.fault);
    const parsed = await checkAnswer(sent.res, r.key);
    if (isFault(parsed)) return fail(parsed);
    if (!accept.includes(parsed.resultCode)) {
      const hint = iface === 'applicationSync' ? ' (can the seller decrypt clientSecret with its private key?)' : '';
      return fail({ message: MESSAGES.resultCode, detail: `resultCode ${parsed.resultCode}: ${String(parsed.json.resultMsg).slice(0, 100)}${hint}` });
    }
    const f = extra ? await extra(parsed.json) : undefined;
    if (f) return fail(f);
    if (sent.ms > slowMs) {
      record({ interface: iface, step, status: 'warn', message: `answered in ${sent.ms} ms: answer within 5 s (KooGallery's EU requirements; the console allows ${timeoutMs / 1000} s)`, ms: sent.ms });
    } else {
      record({ interface: iface, step, status: 'pass', ms: sent.ms });
    }
    return parsed.json;
  }

  /** A call that succeeds, then the same call (fresh nonce and timestamp) again. */
  async function twice(iface: string, r: Route, body: () => Record<string, unknown>, extra?: Parameters<typeof call>[5], label = ''): Promise<void> {
    if (await call(iface, `call${label}`, r, body(), ['000000'], extra)) await call(iface, `repeat${label}`, r, body(), ['000000'], extra);
  }

  /** Security probes on one route: each must be refused. */
  async function probes(iface: string, r: Route, body: () => Record<string, unknown>, changed: (b: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
    const refused = async (step: string, signed: SignedCall, what: string): Promise<void> => {
      const sent = await send(signed);
      let accepted = false;
      if ('res' in sent && sent.res.status === 200) {
        try {
          accepted = (JSON.parse(new TextDecoder().decode(sent.res.body)) as { resultCode?: unknown }).resultCode === '000000';
        } catch {
          accepted = false;
        }
      }
      record(accepted ? { interface: 'probes', step, status: 'fail', message: what, detail: `${iface} answered 000000`, ms: sent.ms } : { interface: 'probes', step, status: 'pass', ms: sent.ms });
    };
    const base = { address, accessKey: r.keyText, keyEncoding: encoding, ...(r.kit ? { kit: r.kit } : {}) };
    // Replay: a call that succeeds, then the very same bytes again.
    const first = await createSignedCall({ ...base, body: body() });
    const firstSent = await send(first);
    const firstOk = 'res' in firstSent && !isFault(await checkAnswer(firstSent.res, r.key)) && JSON.parse(new TextDecoder().decode(firstSent.res.body)).resultCode === '000000';
    if (!firstOk) {
      record({ interface: 'probes', step: 'replay', status: 'fail', message: `the probes need a ${iface} call that succeeds, and this one did not`, detail: 'see the other checks' });
      return;
    }
    await refused('replay', first, `replay: the seller accepted the same ${iface} call twice; remember each call (a nonce store) and refuse repeats`);
    const signedOriginal = await createSignedCall({ ...base, body: body() });
    const changedCall = { ...signedOriginal, body: (await createSignedCall({ ...base, body: changed(body()) })).body };
    await refused('changed-body', changedCall, `changed body: the seller accepted a ${iface} call whose body changed after signing; verify the signature over the body`);
    const stale = await createSignedCall({ ...base, body: body(), timestamp: String(Date.now() - 120_000) });
    await refused('stale-timestamp', stale, `stale timestamp: the seller accepted a ${iface} call signed two minutes ago; refuse timestamps more than 60 s from now`);
    const other = await createSignedCall({ ...base, accessKey: 'not-' + randomId(12), keyEncoding: 'utf8', body: body() });
    await refused('wrong-key', other, `wrong key: the seller accepted a ${iface} call signed with another key; verify the signature with the key of this interface type`);
  }

  // ---- the basic interfaces, chained like an order ----
  let instanceId = `simulated-${randomId(8)}`;
  if (basic === undefined) {
    for (const n of BASIC_INTERFACES) if (n !== 'orderNotify' || keys.notify === undefined) skipped.push({ interface: n, reason: 'no basic key (HCSIGN_ACCESS_KEY)' });
  } else {
    if (wanted('newInstance')) {
      const order = { orderId: MOCK.newInstance, orderLineId: `${MOCK.newInstance}-000001`, testFlag: '1' };
      const first = await call('newInstance', 'call', basic, { activity: 'newInstance', businessId: uuid(), ...order }, ['000000', '000004'], checkNewInstance);
      if (first) {
        instanceId = first.instanceId as string;
        if (first.resultCode === '000004') {
          let done = false;
          for (let i = 0; i < pollAttempts && !done; i++) {
            if (i > 0) await sleep(pollIntervalMs);
            const q = await call('queryInstance', 'poll', basic, { activity: 'queryInstance', instanceId, testFlag: '1' }, ['000000', '000004'], checkQueryInstance);
            done = q?.resultCode === '000000';
          }
          if (!done) record({ interface: 'newInstance', step: 'poll', status: 'fail', message: MESSAGES.resultCode, detail: `queryInstance did not report the instance ready after ${pollAttempts} attempts` });
        }
        const again = await call('newInstance', 'repeat', basic, { activity: 'newInstance', businessId: uuid(), ...order }, ['000000', '000004'], checkNewInstance);
        if (again) {
          const same = again.instanceId === instanceId;
          record(
            same
              ? { interface: 'newInstance', step: 'idempotency', status: 'pass' }
              : { interface: 'newInstance', step: 'idempotency', status: 'fail', message: 'newInstance is not idempotent: the same orderId/orderLineId must return the same instanceId (a new businessId comes with every resend)', detail: `first ${instanceId}, then ${String(again.instanceId)}` },
          );
        }
      }
    }
    if (wanted('queryInstance')) {
      await twice('queryInstance', basic, () => ({ activity: 'queryInstance', instanceId, testFlag: '1' }), async (json) => checkQueryInstance(json) ?? (await checkEncrypted(json, basic)));
    }
    if (wanted('refreshInstance')) {
      const renew = { orderId: MOCK.refreshInstance, orderLineId: `${MOCK.refreshInstance}-000001` };
      await twice('refreshInstance', basic, () => ({ activity: 'refreshInstance', instanceId, scene: 'RENEWAL', expireTime: clock(Date.now() + 365 * 86_400_000, 0, false), testFlag: '1', ...renew }));
    }
    if (wanted('updateInstanceStatus')) {
      await twice('updateInstanceStatus', basic, () => ({ activity: 'updateInstanceStatus', instanceId, status: 'FREEZE', testFlag: '1' }), undefined, ' FREEZE');
      await twice('updateInstanceStatus', basic, () => ({ activity: 'updateInstanceStatus', instanceId, status: 'UNFREEZE', testFlag: '1' }), undefined, ' UNFREEZE');
    }
    if (wanted('upgradeInstance')) {
      await twice('upgradeInstance', basic, () => ({ activity: 'upgradeInstance', instanceId, orderId: MOCK.upgradeInstance, orderLineId: `${MOCK.upgradeInstance}-000001`, testFlag: '1' }));
    }
    if (wanted('changeInstanceCheck')) {
      const productInfo = { productId: 'OFFI000000000000000001', skuCode: 'simulated-sku', linearValue: 1, productName: 'simulated product' };
      await twice('changeInstanceCheck', basic, () => ({ activity: 'changeInstanceCheck', instanceId, productInfo, testFlag: '1' }));
    }
    if (wanted('probes')) {
      await probes('queryInstance', basic, () => ({ activity: 'queryInstance', instanceId, testFlag: '1' }), (b) => ({ ...b, instanceId: `${instanceId}-changed` }));
    }
    if (wanted('releaseInstance')) {
      await twice('releaseInstance', basic, () => ({ activity: 'releaseInstance', instanceId, testFlag: '1' }));
    }
  }
  if (notify !== undefined && wanted('orderNotify')) {
    await twice('orderNotify', notify, () => ({ activity: 'orderNotify', orderId: MOCK.orderNotify, orderLineId: `${MOCK.orderNotify}-000001`, testFlag: '1' }));
  }

  // ---- the kit: seller-side debug calls (empty instanceId and orderId) ----
  if (keys.kit === undefined) {
    for (const n of KIT_INTERFACES) skipped.push({ interface: n, reason: 'no kit key (HCSIGN_KIT_ACCESS_KEY)' });
  } else {
    const kit = (name: KitInterface) => route(keys.kit, 'accessKeys.kit', name)!;
    const tenantId = randomId(16);
    const appId = randomId(8);
    const now8 = () => clock(Date.now(), 8, true);
    const tenant = () => ({ instanceId: '', orderId: '', tenantId, tenantCode: 'simulated', name: 'Simulated Tenant', domainName: 'https://simulated.example.com', flag: 1, testFlag: 1, timeStamp: now8() });
    if (wanted('tenantSync')) await twice('tenantSync', kit('tenantSync'), tenant);
    if (wanted('applicationSync')) {
      if (publicKey === undefined) skipped.push({ interface: 'applicationSync', reason: 'no public key (--public-key)' });
      else {
        const secret = o.clientSecret ?? `simulated-${randomId(12)}`;
        const oaep = o.oaep ?? { hash: 'SHA-256', mgf1Hash: 'SHA-1' };
        const body = async () => ({
          instanceId: '',
          tenantId,
          appId,
          clientId: `client-${appId}`,
          clientSecret: base64Encode(await rsaOaepEncrypt(publicKey!, utf8Encode(secret), oaep)),
          flag: 1,
          testFlag: 1,
          timeStamp: now8(),
        });
        const first = await body();
        if (await call('applicationSync', 'call', kit('applicationSync'), first)) await call('applicationSync', 'repeat', kit('applicationSync'), await body());
      }
    }
    if (wanted('authSync')) {
      const user = { userName: 'simulated.admin', name: 'Simulated Admin', orgCode: 'ORG001', role: 'admin', enable: 'true' };
      await twice('authSync', kit('authSync'), () => ({ instanceId: '', tenantId, appId, userList: [user], currentSyncTime: now8(), flag: 1, testFlag: 1, timeStamp: now8() }));
    }
    if (wanted('singleOrgSync')) {
      await twice('singleOrgSync', kit('singleOrgSync'), () => ({ instanceId: '', tenantId, orgCode: 'ORG001', orgName: 'Simulated Department', parentCode: '', flag: 1, testFlag: 1, timeStamp: now8() }));
    }
    if (wanted('allOrgSync')) {
      const orgInfoList = [{ orgCode: 'ORG001', orgName: 'Simulated Department', parentCode: '' }, { orgCode: 'ORG002', orgName: 'Simulated Team', parentCode: 'ORG001' }];
      await twice('allOrgSync', kit('allOrgSync'), () => ({ instanceId: '', tenantId, orgInfoList, testFlag: 1, timeStamp: now8() }));
    }
    if (wanted('probes')) await probes('tenantSync', kit('tenantSync'), tenant, (b) => ({ ...b, name: `${String(b.name)} changed` }));
  }
  const counts = { pass: 0, fail: 0, warn: 0 };
  for (const c of checks) counts[c.status]++;
  return { ok: counts.fail === 0, address, checks, skipped, counts };
}

function aesText(r: Route): string {
  try {
    return utf8Decode(r.key);
  } catch {
    return r.keyText;
  }
}

/** queryInstance with encryptType: userName/password must decrypt with the basic key; plain ones that look encrypted are warned about. */
async function checkEncrypted(json: Record<string, unknown>, basic: Route): Promise<AnswerFault | undefined> {
  const info = Array.isArray(json.info) ? (json.info as Record<string, unknown>[]) : [];
  const type = json.encryptType;
  if (type === undefined) return undefined;
  if (type !== '1' && type !== '2' && type !== 1 && type !== 2) return { message: MESSAGES.length('encryptType'), detail: 'encryptType must be "1" (AES-256) or "2" (AES-128)' };
  for (const item of info) {
    const app = item?.appInfo as Record<string, unknown> | undefined;
    for (const f of ['userName', 'password'] as const) {
      const v = app?.[f];
      if (typeof v !== 'string') continue;
      try {
        // The AES key derives from the key's text: decoded first where the console showed it base64-encoded.
        await decryptSensitive(v, aesText(basic), type === '1' || type === 1 ? 1 : 2);
      } catch {
        return { message: `queryInstance: appInfo.${f} cannot be decrypted (KooGallery decrypts it with encryptType and the basic key)`, detail: `appInfo.${f} does not decrypt with encryptType ${String(type)} and the basic key` };
      }
    }
  }
  return undefined;
}
