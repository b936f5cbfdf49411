// `hcsign koo ...`: verify a KooGallery call, Body-Sign, sensitive-field encryption. Built on the public
// API of huaweicloud-signer/koogallery.
import { NOTIFICATION_SCHEMES, bodySign, decryptSensitive, encryptSensitive, verifyBodySign, verifyNotification, type EncryptType, type VerifyOptions } from '../koogallery/index.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import type { Command } from './command.js';
import { kooSimulateCommands } from './koo-simulate.js';
import { HttpParseError, parseRawHttpRequest } from './http-parse.js';
import { CliError, out, parseHeader, parseSeconds, parseWhen, valueBytes, valueText } from './io.js';
import { requireAccessKey, SECRET_ENV_OPTION, SECRET_FILE_OPTION } from './secrets.js';

const ACCESS_KEY_HELP = 'The accessKey from HCSIGN_ACCESS_KEY, --secret-file or --secret-env; there is no option that takes it itself.';
const JSON_OPTION: OptionSpec = { name: 'json', kind: 'flag', help: 'print the result as JSON' };
const TYPE_OPTION: OptionSpec = { name: 'type', kind: 'value', arg: '1|2', help: 'encryptType: 1 = AES-256-CBC, 2 = AES-128-CBC' };

function encryptType(args: ParsedArgs): EncryptType {
  const t = args.values.get('type');
  if (t === undefined) throw new CliError('missing --type 1|2 (1 = AES-256-CBC, 2 = AES-128-CBC)');
  if (t !== '1' && t !== '2') throw new CliError('--type must be 1 (AES-256-CBC) or 2 (AES-128-CBC)');
  return Number(t) as EncryptType;
}

function onePositional(args: ParsedArgs, what: string): string {
  if (args.positionals.length === 0) throw new CliError(`missing ${what}`);
  if (args.positionals.length > 1) throw new CliError(`expected one ${what}, got ${args.positionals.length} arguments (quote values with spaces)`);
  return args.positionals[0]!;
}

/** A positional value: TEXT, @FILE, or `-` / `@-` for stdin. */
function positionalValue(args: ParsedArgs, what: string): string {
  const v = onePositional(args, what);
  return v === '-' ? '@-' : v;
}

/** KooGallery's clock values: YYYYMMDDTHHMMSSZ, ISO 8601, or UNIX seconds (10 digits) / milliseconds (13). */
function parseNow(text: string): number {
  if (/^\d{10}$/.test(text)) return Number(text) * 1000;
  if (/^\d{13}$/.test(text)) return Number(text);
  return parseWhen(text, '--now').getTime();
}

const verify: Command = {
  path: ['koo', 'verify'],
  summary: 'verify a call from KooGallery (x-sign headers, signature parameters or legacy authToken)',
  usage: 'koo verify URL [--body TEXT|@FILE] [-H "Name: value"]... | koo verify --request @FILE',
  description: `Verifies a KooGallery call, whichever scheme it uses: x-sign/x-timestamp/x-nonce headers,
signature/timestamp/nonce URL parameters, or the legacy authToken parameter. Give the URL as received
(still URL-encoded), the headers and the exact body bytes, or a raw HTTP/1.1 capture with --request.
Exit code 0: valid; 1: refused (the reason is printed); 2: bad input. A one-shot command cannot refuse a
replayed nonce: your endpoint must (createNonceStore).

${ACCESS_KEY_HELP}`,
  options: [
    { name: 'header', short: 'H', kind: 'list', arg: "'Name: value'", help: 'a header of the call' },
    { name: 'body', kind: 'value', arg: 'TEXT|@FILE', help: 'the body: text, @file (exact bytes) or @- (stdin)' },
    { name: 'request', kind: 'value', arg: '@FILE', help: 'a raw HTTP/1.1 capture of the call instead of URL, -H and --body' },
    { name: 'now', kind: 'value', arg: 'TIME', help: 'the clock: YYYYMMDDTHHMMSSZ, ISO 8601 or UNIX s/ms (default: now)' },
    { name: 'max-skew', kind: 'value', arg: 'SECONDS', help: 'allowed |now - timestamp| (default 60)' },
    { name: 'auth-token-utc-offset', kind: 'value', arg: 'MINUTES', help: "check the legacy timeStamp's window, in this UTC offset (480 = UTC+8)" },
    SECRET_FILE_OPTION, SECRET_ENV_OPTION, JSON_OPTION,
  ],
  examples: [
    `HCSIGN_ACCESS_KEY=... hcsign koo verify 'https://isv.example.com/produce' -H 'x-sign: ...' -H 'x-timestamp: ...' -H 'x-nonce: ...' --body @body.json`,
  ],
  async run(args, env) {
    const accessKey = requireAccessKey(args, env);
    const ref = args.values.get('request');
    let request: { url: string; headers: [string, string][]; body: Uint8Array };
    if (ref !== undefined) {
      if (args.positionals.length || args.lists.has('header') || args.values.has('body')) {
        throw new CliError('--request replaces URL, -H and --body: give one or the other');
      }
      if (!ref.startsWith('@')) throw new CliError('--request takes @FILE or @- (the raw HTTP request)');
      try {
        const raw = parseRawHttpRequest(await valueBytes(ref, '--request'));
        request = { url: raw.target, headers: raw.headers, body: raw.body };
      } catch (e) {
        if (e instanceof HttpParseError) throw new CliError(`--request: ${e.message}`);
        throw e;
      }
    } else {
      const url = onePositional(args, 'URL (or --request @FILE)');
      const headers = (args.lists.get('header') ?? []).map(parseHeader);
      const body = args.values.get('body');
      request = { url, headers, body: body === undefined ? new Uint8Array(0) : await valueBytes(body, '--body') };
    }
    // A diagnostic tool: every scheme is recognised, the legacy authToken included.
    const options: VerifyOptions = { nonceStore: false, schemes: NOTIFICATION_SCHEMES };
    const now = args.values.get('now');
    if (now !== undefined) options.now = parseNow(now);
    const skew = args.values.get('max-skew');
    if (skew !== undefined) options.maxSkewSeconds = parseSeconds(skew, '--max-skew');
    const offset = args.values.get('auth-token-utc-offset');
    if (offset !== undefined) {
      if (!/^[+-]?\d{1,4}$/.test(offset)) throw new CliError('--auth-token-utc-offset must be a number of minutes (480 for UTC+8)');
      options.authTokenUtcOffsetMinutes = Number(offset);
    }
    const result = await verifyNotification(request, accessKey, options);
    if (args.flags.has('json')) {
      out(JSON.stringify(result.ok ? { ok: true, scheme: result.scheme, params: result.params, unsignedParams: result.unsignedParams, timestamp: result.timestamp, nonce: result.nonce } : result, null, 2));
    } else if (result.ok) {
      out(`OK: valid ${result.scheme} call${result.timestamp !== undefined ? ` (timestamp ${new Date(result.timestamp).toISOString()})` : ''}`);
    } else {
      out(`FAIL ${result.reason}${result.scheme ? ` (${result.scheme})` : ''}: ${result.message}`);
    }
    return result.ok ? 0 : 1;
  },
};

const bodySignCommand: Command = {
  path: ['koo', 'body-sign'],
  summary: 'compute (or check) the Body-Sign header of a response body',
  usage: 'koo body-sign TEXT|@FILE [--check VALUE]',
  description: `Prints the Body-Sign header value for the exact bytes of the body (use @file: a trailing
newline added by an editor is part of the body). With --check, verifies a Body-Sign value instead
(exit code 0: it matches; 1: it does not).

${ACCESS_KEY_HELP}`,
  options: [
    { name: 'check', kind: 'value', arg: 'VALUE', help: 'verify this Body-Sign value against the body' },
    { name: 'with-name', kind: 'flag', help: 'print "Body-Sign: <value>" (a header line) instead of the value' },
    SECRET_FILE_OPTION, SECRET_ENV_OPTION,
  ],
  examples: ['HCSIGN_ACCESS_KEY=... hcsign koo body-sign @response.json'],
  async run(args, env) {
    const accessKey = requireAccessKey(args, env);
    const body = await valueBytes(positionalValue(args, 'body (TEXT, @FILE or -)'), 'body');
    const check = args.values.get('check');
    if (check !== undefined) {
      const ok = await verifyBodySign(body, check, accessKey);
      out(ok ? 'OK: the Body-Sign value matches the body' : 'FAIL: the Body-Sign value does not match the body (or is not sign_type="HMAC-SHA256", signature="...")');
      return ok ? 0 : 1;
    }
    const value = await bodySign(body, accessKey);
    out(args.flags.has('with-name') ? `Body-Sign: ${value}` : value);
    return 0;
  },
};

const encrypt: Command = {
  path: ['koo', 'encrypt'],
  summary: 'encrypt a sensitive field (userName, password) as KooGallery decrypts it',
  usage: 'koo encrypt --type 1|2 [--iv IV] TEXT|@FILE|-',
  description: `Prints iv + base64(AES-CBC(key derived from the accessKey with Java's SHA1PRNG)), KooGallery's format
for the userName and password of newInstance answers. The 16-character IV is random unless --iv is given.

${ACCESS_KEY_HELP}`,
  options: [TYPE_OPTION, { name: 'iv', kind: 'value', arg: 'IV', help: 'a fixed 16-character IV (letters and digits), for tests' }, SECRET_FILE_OPTION, SECRET_ENV_OPTION],
  examples: ['HCSIGN_ACCESS_KEY=... hcsign koo encrypt --type 1 "s3cret-Password"'],
  async run(args, env) {
    const type = encryptType(args);
    const accessKey = requireAccessKey(args, env);
    const plaintext = await valueText(positionalValue(args, 'plaintext (TEXT, @FILE or -)'), 'plaintext');
    const iv = args.values.get('iv');
    out(await encryptSensitive(plaintext, accessKey, type, iv === undefined ? {} : { iv }));
    return 0;
  },
};

const decrypt: Command = {
  path: ['koo', 'decrypt'],
  summary: 'decrypt a sensitive field (mobilePhone, email, or your own ciphertext)',
  usage: 'koo decrypt --type 1|2 CIPHERTEXT|@FILE|-',
  description: `Decrypts iv + base64(AES-CBC) as KooGallery's sample does and prints the plaintext.

${ACCESS_KEY_HELP}`,
  options: [TYPE_OPTION, SECRET_FILE_OPTION, SECRET_ENV_OPTION],
  async run(args, env) {
    const type = encryptType(args);
    const accessKey = requireAccessKey(args, env);
    const ciphertext = (await valueText(positionalValue(args, 'ciphertext (TEXT, @FILE or -)'), 'ciphertext')).trim();
    out(await decryptSensitive(ciphertext, accessKey, type));
    return 0;
  },
};

export const kooCommands: Command[] = [verify, bodySignCommand, encrypt, decrypt, ...kooSimulateCommands];
