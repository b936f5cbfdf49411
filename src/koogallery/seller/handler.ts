// createSellerHandler: one endpoint for every call KooGallery makes to a SaaS seller. Routes on the path
// (`/produceAPI/v2/<name>`: the kit, header signature, kit key) or on the body's `activity` (the basic
// interfaces with the basic key, orderNotify with the notify key; URL signature), verifies before any
// callback runs, and answers with signed JSON.
import { utf8Decode } from '../../crypto/codecs.js';
import type { RsaPrivateKey } from '../../crypto/der.js';
import { SignerError, optionsObject } from '../../errors.js';
import { decodeQuery } from '../form.js';
import { createNonceStore, type NonceStore } from '../../replay/memory-store.js';
import { checkStoreLifetime } from '../../replay/lifetime.js';
import { RequestInputError, checkDeclaredLength, headerLookup, readBodyInput, readRequestBody, type NodeRequestLike } from '../../request/input.js';
import { encryptSensitive } from '../sensitive.js';
import { ANSWER_MESSAGES, JSON_CONTENT_TYPE, codeAnswer, signAnswer, type SignedAnswer } from './answer.js';
import { isBasicInterface, isKitInterface, invalidField, debugOf, orgInfoListOf } from './bodies.js';
import { parseJsonObject, type JsonObject } from './canonical-json.js';
import { clientSecretKeyOf, decryptClientSecret } from './client-secret.js';
import { keyBytes, keyEncodingOf, type KeyEncoding } from './keys.js';
import type { SellerCallbacks, SellerInterface } from './types.js';
import { verifyCall, type CallRefusalReason } from './verify-call.js';

/** Access keys, one per interface type (KooGallery binds one key to each, and they must differ). */
export interface SellerAccessKeys {
  /** The key bound to the basic interfaces (newInstance … changeInstanceCheck). */
  basic: string;
  /** The key bound to the SaaS sync kit (tenantSync … allOrgSync); without it kit calls answer 000002. */
  kit?: string;
  /** The key bound to the general interfaces, which orderNotify belongs to; default: `basic`. */
  notify?: string;
}

/** Why a call was refused, for {@link SellerHandlerOptions.onRefused}. */
export type SellerRefusalReason =
  | CallRefusalReason
  | 'method-not-allowed'
  | 'body-too-large'
  | 'unreadable-body'
  | 'not-json'
  | 'unknown-interface'
  | 'not-implemented'
  | 'kit-not-configured'
  | 'invalid-field';

/** What {@link SellerHandlerOptions.onRefused} receives. */
export interface SellerRefusal {
  reason: SellerRefusalReason;
  /** For logs; names the rule, never a key or signature. */
  message: string;
  /** The interface, once known (from the route or a verified body). */
  interface?: string;
  /** The answer's resultCode. */
  resultCode: string;
}

/** Options of {@link createSellerHandler}. */
export interface SellerHandlerOptions {
  accessKeys: SellerAccessKeys;
  /** How the keys are written: `utf8` (default; cn and intl consoles) or `base64` (the EU console shows the key base64-encoded). */
  keyEncoding?: KeyEncoding;
  /** Your RSA private key (>= 3072 bits) for applicationSync's clientSecret: PKCS#8 PEM, DER or bare base64, or PKCS#1 PEM. Required with `on.applicationSync`. */
  clientSecretKey?: string | Uint8Array;
  /** Where verified calls are remembered to refuse replays. Default: in memory (one process); use createRedisNonceStore for several instances. */
  nonceStore?: NonceStore;
  /** Largest accepted |now - timestamp|, seconds (default 60, KooGallery's rule). */
  maxSkewSeconds?: number;
  /** Largest accepted body, bytes (default 4 MiB). */
  maxBodyBytes?: number;
  /** Encrypt queryInstance's appInfo userName/password (AES, encryptType 1 = AES-256, 2 = AES-128) and send `encryptType`. Off by default, as the V2 documentation has it. */
  encryptQueryCredentials?: 1 | 2;
  /** Your interfaces. */
  on: SellerCallbacks;
  /** Called when a callback throws, returns an invalid answer, or clientSecret does not decrypt; the caller got a generic 000005. */
  onError?: (error: unknown, info: { interface?: SellerInterface }) => void;
  /** Called for every refused call (000001 or 000002), with the reason. */
  onRefused?: (refusal: SellerRefusal) => void;
  /** The clock, UNIX milliseconds (tests). */
  now?: () => number;
}

/** The response node:http (or Express) gives a handler; only what the handler calls. */
export interface NodeResponseLike {
  writeHead(statusCode: number, headers: Record<string, string>): unknown;
  end(chunk: Uint8Array, callback?: () => void): unknown;
}

/**
 * A seller endpoint: a Fetch API handler `(request) => Promise<Response>` (Deno.serve, Bun.serve, Workers,
 * Hono), with `.node(req, res)` for node:http and Express.
 */
export interface SellerHandler {
  (request: Request): Promise<Response>;
  /** Answer a node:http / Express request. Resolves once the answer is written. */
  node(req: NodeRequestLike & { originalUrl?: string }, res: NodeResponseLike): Promise<void>;
}

const KIT_PATH = /\/produceAPI\/v2\/([^/?#]*)\/?$/;
const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

interface Call {
  method: string;
  url: string;
  header: (name: string) => string | undefined;
  body: Uint8Array;
}

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  const path = end < 0 ? url : url.slice(0, end);
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/.exec(path);
  return m ? path.slice(m[0].length) : path;
}

function quiet(fn: () => void): void {
  try {
    fn();
  } catch {
    // A logging hook that throws must not change the answer.
  }
}

class Refused extends Error {
  constructor(
    readonly reason: SellerRefusalReason,
    message: string,
    readonly code: '000001' | '000002' | '000005',
  ) {
    super(message);
  }
}

/**
 * Create the seller endpoint for every interface KooGallery calls. Each call is verified first (its
 * route's scheme and key, a canonical timestamp within ±60 s, the signature over the raw body or else its
 * canonical re-serialisation, then the replay store); only then does your callback run, with the body as
 * verified, `debug` from `testFlag`, and for applicationSync the decrypted `clientSecret`. What it
 * returns is the answer (`resultCode` defaults to `000000`), sent as compact JSON with `Body-Sign` over
 * the exact bytes. A refused call gets a signed `000001` (`000002` for a bad or unknown body); a
 * callback that throws gets `000005` with a generic message, and `onError` gets the error.
 *
 * @example
 * ```ts
 * const handle = createSellerHandler({
 *   accessKeys: { basic: process.env.KOO_BASIC_KEY!, kit: process.env.KOO_KIT_KEY! },
 *   on: {
 *     newInstance: async ({ body }) => ({ instanceId: await instances.idFor(body.orderId, body.orderLineId) }),
 *     releaseInstance: async ({ body }) => { await instances.release(body.instanceId); },
 *   },
 * });
 * Deno.serve(handle);                                        // or Bun.serve({ fetch: handle })
 * http.createServer((req, res) => handle.node(req, res));    // or app.post('/koo', handle.node)
 * ```
 * @throws {SignerError} `ERR_MISSING_CREDENTIALS` without a basic key; `ERR_INVALID_ARGUMENT` for bad
 * options (keys that repeat, an applicationSync callback without `clientSecretKey`, a key under 3072 bits).
 */
export function createSellerHandler(options: SellerHandlerOptions): SellerHandler {
  const o = optionsObject(options);
  const keysIn = optionsObject(o.accessKeys, 'accessKeys');
  const encoding = keyEncodingOf(o.keyEncoding);
  const basicKey = keyBytes(keysIn.basic, encoding, 'accessKeys.basic');
  const kitKey = keysIn.kit === undefined ? undefined : keyBytes(keysIn.kit, encoding, 'accessKeys.kit');
  const notifyKey = keysIn.notify === undefined ? basicKey : keyBytes(keysIn.notify, encoding, 'accessKeys.notify');
  if (kitKey !== undefined && keysIn.kit === keysIn.basic) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'accessKeys.kit must differ from accessKeys.basic (KooGallery binds one key per interface type)');
  }
  const on = optionsObject(o.on, 'on') as SellerCallbacks;
  for (const [name, fn] of Object.entries(on)) {
    if (!isBasicInterface(name) && !isKitInterface(name)) throw new SignerError('ERR_INVALID_ARGUMENT', `on.${name.slice(0, 40)} is not a KooGallery interface`);
    if (fn !== undefined && typeof fn !== 'function') throw new SignerError('ERR_INVALID_ARGUMENT', `on.${name} must be a function`);
  }
  let secretKey: RsaPrivateKey | undefined;
  if (o.clientSecretKey !== undefined) secretKey = clientSecretKeyOf(o.clientSecretKey);
  else if (on.applicationSync) throw new SignerError('ERR_INVALID_ARGUMENT', 'on.applicationSync needs clientSecretKey (your RSA private key) to decrypt clientSecret');
  const skew = o.maxSkewSeconds ?? 60;
  if (typeof skew !== 'number' || !Number.isFinite(skew) || skew < 0) throw new SignerError('ERR_INVALID_ARGUMENT', 'maxSkewSeconds must be a non-negative number');
  const maxBody = o.maxBodyBytes ?? DEFAULT_MAX_BODY;
  if (typeof maxBody !== 'number' || !(maxBody >= 0)) throw new SignerError('ERR_INVALID_ARGUMENT', 'maxBodyBytes must be a non-negative number');
  const store = o.nonceStore ?? createNonceStore({ ttlSeconds: Math.max(1, Math.ceil(2 * skew)) });
  if (typeof store?.checkAndSet !== 'function') throw new SignerError('ERR_INVALID_ARGUMENT', 'nonceStore must have a checkAndSet(key) method');
  checkStoreLifetime(store, skew, 'nonceStore');
  const encrypt = o.encryptQueryCredentials;
  if (encrypt !== undefined && encrypt !== 1 && encrypt !== 2) throw new SignerError('ERR_INVALID_ARGUMENT', 'encryptQueryCredentials must be 1 (AES-256) or 2 (AES-128)');
  let aesKeyText: string | undefined;
  if (encrypt !== undefined) {
    try {
      // The AES key is derived from the key's text (Java's SHA1PRNG seeded with its UTF-8 bytes).
      aesKeyText = utf8Decode(basicKey);
    } catch {
      throw new SignerError('ERR_INVALID_ARGUMENT', 'encryptQueryCredentials needs a basic key that is text once decoded');
    }
  }
  const now = o.now ?? Date.now;
  if (typeof now !== 'function') throw new SignerError('ERR_INVALID_ARGUMENT', 'now must be a function');
  const onError = o.onError;
  const onRefused = o.onRefused;

  const report = (error: unknown, name: SellerInterface | undefined): void => {
    if (onError) quiet(() => onError(error, name === undefined ? {} : { interface: name }));
  };

  async function run(call: Call): Promise<{ answer: Record<string, unknown>; key: Uint8Array }> {
    const kitMatch = KIT_PATH.exec(pathOf(call.url));
    let key = basicKey;
    let name: string | undefined;
    try {
      if (call.method.toUpperCase() !== 'POST') throw new Refused('method-not-allowed', 'KooGallery V2 calls are POST', '000002');
      let verified;
      if (kitMatch) {
        name = kitMatch[1]!;
        if (kitKey === undefined) throw new Refused('kit-not-configured', 'no kit key is configured (accessKeys.kit)', '000002');
        key = kitKey;
        verified = await verifyCall({ scheme: 'header-signature', key, query: new Map(), header: call.header, body: call.body, now: now(), skewMs: skew * 1000, store });
      } else {
        // The key depends on the activity; it is read here only to choose the key, and trusted once verified.
        let activity: unknown;
        try {
          activity = parseJsonObject(utf8Decode(call.body))?.activity;
        } catch {
          activity = undefined;
        }
        if (activity === 'orderNotify') key = notifyKey;
        let query: Map<string, string>;
        try {
          query = decodeQuery(call.url).params;
        } catch {
          query = new Map();
        }
        verified = await verifyCall({ scheme: 'url-signature', key, query, header: call.header, body: call.body, now: now(), skewMs: skew * 1000, store });
      }
      if (!verified.ok) {
        const storeFailure = verified.reason.startsWith('replay-store');
        if (storeFailure) report(new SignerError(verified.reason === 'replay-store-full' ? 'ERR_NONCE_STORE_FULL' : 'ERR_NONCE_STORE_UNAVAILABLE', verified.message), undefined);
        throw new Refused(verified.reason, verified.message, storeFailure ? '000005' : '000001');
      }
      const body = verified.json;
      if (body === undefined) throw new Refused('not-json', 'the body is not a JSON object', '000002');
      if (!kitMatch) name = typeof body.activity === 'string' ? body.activity : undefined;
      if (kitMatch ? !isKitInterface(name) : !isBasicInterface(name)) {
        throw new Refused('unknown-interface', kitMatch ? 'unknown kit interface' : "unknown or missing 'activity'", '000002');
      }
      const iface = name as SellerInterface;
      const callback = on[iface] as ((ctx: Record<string, unknown>) => unknown) | undefined;
      if (callback === undefined) throw new Refused('not-implemented', `${iface} is not implemented (no on.${iface})`, '000002');
      const bad = invalidField(iface, body);
      if (bad !== undefined) throw new Refused('invalid-field', `'${bad}' is missing or not of its documented type`, '000002');
      const context: Record<string, unknown> = { interface: iface, body, debug: debugOf(body.testFlag) === true, signedForm: verified.matched };
      if (iface === 'queryInstance') {
        const ids = (body.instanceId as string).split(',').map((s) => s.trim()).filter((s) => s !== '');
        if (ids.length === 0 || ids.length > 100) throw new Refused('invalid-field', "'instanceId' must list 1 to 100 instance ids", '000002');
        context.instanceIds = ids;
      } else if (iface === 'allOrgSync') {
        context.orgInfoList = orgInfoListOf(body.orgInfoList);
      } else if (iface === 'applicationSync') {
        try {
          context.clientSecret = (await decryptClientSecret(body.clientSecret as string, secretKey!)).clientSecret;
        } catch (e) {
          report(e, iface);
          return { answer: codeAnswer('000005'), key };
        }
      }
      let returned: unknown;
      try {
        returned = await callback(context);
        return { answer: await finish(iface, returned), key };
      } catch (e) {
        report(e, iface);
        return { answer: codeAnswer('000005'), key };
      }
    } catch (e) {
      if (!(e instanceof Refused)) {
        report(e, undefined);
        return { answer: codeAnswer('000005'), key };
      }
      const refusal: SellerRefusal = { reason: e.reason, message: e.message, resultCode: e.code };
      if (name !== undefined) refusal.interface = name;
      if (onRefused) quiet(() => onRefused(refusal));
      return { answer: codeAnswer(e.code), key };
    }
  }

  /** The callback's answer, checked, in wire order: resultCode, resultMsg, then the fields as returned. */
  async function finish(iface: SellerInterface, returned: unknown): Promise<Record<string, unknown>> {
    if (returned === undefined || returned === null) returned = {};
    if (typeof returned !== 'object' || Array.isArray(returned)) throw new SignerError('ERR_INVALID_ARGUMENT', `on.${iface} must return an object (the answer's fields) or nothing`);
    const { resultCode = '000000', resultMsg, ...fields } = returned as Record<string, unknown>;
    if (typeof resultCode !== 'string' || !/^[0-9]{6}$/.test(resultCode)) throw new SignerError('ERR_INVALID_ARGUMENT', `on.${iface} returned a resultCode that is not 6 digits`);
    if (resultMsg !== undefined && typeof resultMsg !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', `on.${iface} returned a resultMsg that is not a string`);
    const ok = resultCode === '000000' || resultCode === '000004';
    if (iface === 'newInstance' && ok) {
      const id = fields.instanceId;
      if (typeof id !== 'string' || id.length === 0 || id.length > 64) throw new SignerError('ERR_INVALID_ARGUMENT', 'on.newInstance must return an instanceId of 1 to 64 characters');
    }
    if (iface === 'queryInstance' && encrypt !== undefined && Array.isArray(fields.info)) {
      fields.info = await Promise.all(fields.info.map(encryptCredentials));
      fields.encryptType = String(encrypt);
    }
    return { resultCode, resultMsg: resultMsg ?? ANSWER_MESSAGES[resultCode] ?? (ok ? 'success' : 'failed'), ...fields };
  }

  async function encryptCredentials(info: unknown): Promise<unknown> {
    if (info === null || typeof info !== 'object') return info;
    const appInfo = (info as { appInfo?: unknown }).appInfo;
    if (appInfo === null || typeof appInfo !== 'object') return info;
    const out: Record<string, unknown> = { ...(appInfo as Record<string, unknown>) };
    for (const field of ['userName', 'password'] as const) {
      if (typeof out[field] === 'string') out[field] = await encryptSensitive(out[field] as string, aesKeyText!, encrypt!);
    }
    return { ...(info as Record<string, unknown>), appInfo: out };
  }

  async function answerFor(call: Call): Promise<SignedAnswer> {
    const { answer, key } = await run(call);
    try {
      return await signAnswer(answer, key);
    } catch (e) {
      // JSON.stringify failed on a callback's value (a BigInt, a cycle).
      report(e, undefined);
      return signAnswer(codeAnswer('000005'), key);
    }
  }

  async function bodyFailure(e: unknown, url: string): Promise<SignedAnswer> {
    const tooLarge = e instanceof RequestInputError && e.reason === 'body-too-large';
    const reason: SellerRefusalReason = tooLarge ? 'body-too-large' : 'unreadable-body';
    if (onRefused) quiet(() => onRefused({ reason, message: tooLarge ? `the body is larger than ${maxBody} bytes` : 'the body could not be read', resultCode: '000002' }));
    const kit = KIT_PATH.test(pathOf(url)) && kitKey !== undefined;
    return signAnswer(codeAnswer('000002'), kit ? kitKey! : basicKey);
  }

  const handler = async (request: Request): Promise<Response> => {
    if (request === null || typeof request !== 'object' || typeof request.url !== 'string') {
      throw new SignerError('ERR_INVALID_ARGUMENT', 'the handler takes a fetch Request');
    }
    let signed: SignedAnswer;
    let body: Uint8Array | undefined;
    if (request.bodyUsed) {
      // Something read the body before the handler: the seller's setup, not the caller's fault.
      report(new SignerError('ERR_INVALID_ARGUMENT', 'the request body was read before the handler: pass the request unread (or request.clone())'), undefined);
      signed = await signAnswer(codeAnswer('000005'), basicKey);
    } else {
      try {
        body = await readRequestBody(request, maxBody);
      } catch (e) {
        signed = await bodyFailure(e, request.url);
      }
    }
    if (body !== undefined) {
      const h = request.headers;
      signed = await answerFor({ method: request.method, url: request.url, header: (n) => h.get(n) ?? undefined, body });
    }
    return new Response(signed!.bytes as unknown as BodyInit, {
      status: 200,
      headers: [
        ['Content-Type', JSON_CONTENT_TYPE],
        ['Body-Sign', signed!.bodySign],
      ],
    });
  };

  const node = async (req: NodeRequestLike & { originalUrl?: string }, res: NodeResponseLike): Promise<void> => {
    if (req === null || typeof req !== 'object' || res === null || typeof res !== 'object' || typeof res.writeHead !== 'function') {
      throw new SignerError('ERR_INVALID_ARGUMENT', "handle.node takes node:http's (req, res)");
    }
    const url = typeof req.originalUrl === 'string' ? req.originalUrl : typeof req.url === 'string' ? req.url : '/';
    let signed: SignedAnswer;
    let header: (name: string) => string | undefined = () => undefined;
    let body: Uint8Array | undefined;
    try {
      header = headerLookup(req.headers);
      checkDeclaredLength(header('content-length'), maxBody);
      const given = req.body;
      if (given !== undefined && typeof given !== 'string' && !(given instanceof Uint8Array)) {
        // A JSON parser ran first: the signed bytes are gone. The seller's setup, not the caller's fault.
        report(new SignerError('ERR_INVALID_ARGUMENT', 'the request body was parsed before the handler: mount it before any body parser, or use express.raw()'), undefined);
        body = undefined;
        signed = await signAnswer(codeAnswer('000005'), basicKey);
      } else {
        body = await readBodyInput(given !== undefined ? given : req, maxBody);
      }
    } catch (e) {
      signed = await bodyFailure(e, url);
    }
    if (body !== undefined) signed = await answerFor({ method: req.method ?? 'GET', url, header, body });
    const { bytes, bodySign } = signed!;
    // node:http sends header names as written: `Body-Sign`, the spelling KooGallery matches.
    res.writeHead(200, { 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': String(bytes.length), 'Body-Sign': bodySign });
    await new Promise<void>((resolve) => {
      // 'close' too: a client that hung up never lets the write finish.
      const events = res as unknown as { once?: (event: string, fn: () => void) => unknown };
      if (typeof events.once === 'function') events.once('close', resolve);
      res.end(bytes, () => resolve());
    });
  };

  return Object.assign(handler, { node });
}
