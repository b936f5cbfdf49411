// `hcsign apig ...`: sign, verify, diagnose, check-key. Built on the public API of huaweicloud-signer/apig.
import {
  diagnose,
  signRequest,
  validateSignatureKey,
  verifyRequest,
  type Diagnosis,
  type SignatureKeyFields,
  type SignedRequest,
} from '../apig/index.js';
import { signInput, REQUEST_OPTIONS } from './apig-request.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import type { Command } from './command.js';
import { curlCommand } from './curl.js';
import { HttpParseError, parseRawHttpRequest } from './http-parse.js';
import { CliError, out, parseSeconds, parseWhen, valueBytes, valueText, warn, warnSurroundingSpace } from './io.js';
import { apigCredentials, findSecret, requireApigCredentials, SECRET_ENV_OPTION, SECRET_FILE_OPTION, withoutGivenHeaders } from './secrets.js';

const KEY_OPTION: OptionSpec = { name: 'key', kind: 'value', arg: 'KEY', help: 'the AppKey or AK (default: HCSIGN_KEY or HUAWEICLOUD_SDK_AK)' };
const JSON_OPTION: OptionSpec = { name: 'json', kind: 'flag', help: 'print the result as JSON' };

const CREDENTIALS_HELP = `Credentials: the key from --key, HCSIGN_KEY or HUAWEICLOUD_SDK_AK; the secret from --secret-file,
--secret-env, HCSIGN_SECRET or HUAWEICLOUD_SDK_SK. There is no option that takes a secret itself.
With the key from HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SECURITY_TOKEN, HUAWEICLOUD_SDK_PROJECT_ID and
HUAWEICLOUD_SDK_DOMAIN_ID are sent and signed as X-Security-Token, X-Project-Id and X-Domain-Id, as the
v3 SDKs do (an -H header of the same name wins).`;

function onePositional(args: ParsedArgs, what: string): string {
  if (args.positionals.length === 0) throw new CliError(`missing ${what}`);
  if (args.positionals.length > 1) throw new CliError(`expected one ${what}, got ${args.positionals.length} arguments (quote values with spaces)`);
  return args.positionals[0]!;
}

function noPositionals(args: ParsedArgs): void {
  if (args.positionals.length > 0) throw new CliError(`unexpected argument (this command takes options only)`);
}

// ---------------------------------------------------------------- sign

const sign: Command = {
  path: ['apig', 'sign'],
  summary: 'sign a request: print the headers to send, a curl command or everything as JSON',
  usage: 'apig sign [-X METHOD] [-H "Name: value"]... [-d TEXT|@FILE] [--curl | --json] URL',
  description: `Signs the request with APIG's SDK-HMAC-SHA256 (App authentication or AK/SK) exactly as Huawei's
reference signer does, and prints the headers to send (Host, X-Sdk-Date, Authorization and yours).

The request options are spelled as curl's: -X/--request, -H/--header, -d/--data, --data-binary and
--data-raw (several data options are joined with &). One difference: -d @FILE signs and sends the file's
exact bytes (curl's -d would drop its line breaks; the --curl output uses --data-binary).

${CREDENTIALS_HELP}`,
  options: [...REQUEST_OPTIONS, KEY_OPTION, SECRET_FILE_OPTION, SECRET_ENV_OPTION,
    { name: 'curl', kind: 'flag', help: 'print a ready-to-run curl command' }, JSON_OPTION],
  examples: [
    `HCSIGN_KEY=... HCSIGN_SECRET=... hcsign apig sign 'https://api.example.com/v1/items?limit=2'`,
    `hcsign apig sign --secret-file ~/.apig-secret -X POST -H 'Content-Type: application/json' --data @body.json --curl https://api.example.com/v1/items`,
  ],
  async run(args, env) {
    if (args.flags.has('curl') && args.flags.has('json')) throw new CliError('use either --curl or --json');
    const url = onePositional(args, 'URL');
    const credentials = requireApigCredentials(args, env);
    const input = await signInput(args, url);
    const signed = await signRequest(input.request, withoutGivenHeaders(credentials, input.request.headers as [string, string][]), input.options);
    const curl = curlCommand({
      method: input.request.method,
      url,
      headers: signed.headers,
      ...(input.bodyFile !== undefined ? { bodyFile: input.bodyFile } : input.request.body ? { bodyText: bodyAsText(input.request.body) } : {}),
    });
    if (args.flags.has('json')) {
      out(JSON.stringify({ method: input.request.method, url, ...signedFields(signed), curl }, null, 2));
    } else if (args.flags.has('curl')) {
      out(curl);
    } else {
      out(Object.entries(signed.headers).map(([n, v]) => `${n}: ${v}`).join('\n'));
    }
    return 0;
  },
};

function bodyAsText(body: Uint8Array): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    if (!text.includes('\0')) return text;
  } catch {
    /* binary */
  }
  throw new CliError('--curl cannot put a binary body on the command line: pass it as --data @file');
}

function signedFields(s: SignedRequest) {
  return {
    headers: s.headers,
    authorization: s.authorization,
    sdkDate: s.sdkDate,
    signedHeaders: s.signedHeaders,
    canonicalRequest: s.canonicalRequest,
    stringToSign: s.stringToSign,
    signature: s.signature,
  };
}

// ---------------------------------------------------------------- verify

const verify: Command = {
  path: ['apig', 'verify'],
  summary: 'verify the signature of a captured raw HTTP request and say why it fails',
  usage: 'apig verify --request @FILE [--now TIME] [--max-skew SECONDS] [--header NAME] [--json]',
  description: `Verifies a request captured as raw HTTP/1.1 text (request line, headers, blank line, body), as
APIG or a backend bound to an hmac signature key does: the signed headers, the 15-minute window and the
signature. The body is read by Transfer-Encoding: chunked, else Content-Length, else it is every byte
after the blank line. Exit code 0: valid; 1: invalid (the reason is printed); 2: bad input.

The secret from --secret-file, --secret-env, HCSIGN_SECRET or HUAWEICLOUD_SDK_SK; with --key, HCSIGN_KEY or
HUAWEICLOUD_SDK_AK set, a request signed by another key is refused as unknown-key; without a key, any key
is accepted, with a warning.`,
  options: [
    { name: 'request', kind: 'value', arg: '@FILE', help: 'the raw HTTP request: @file or @- (stdin)' },
    { name: 'now', kind: 'value', arg: 'TIME', help: "the verifier's clock, YYYYMMDDTHHMMSSZ or ISO 8601 (default: now)" },
    { name: 'max-skew', kind: 'value', arg: 'SECONDS', help: 'allowed clock difference either way (default 900)' },
    { name: 'header', kind: 'value', arg: 'NAME', help: 'the header carrying the signature (default Authorization; backend_sign_header)' },
    KEY_OPTION, SECRET_FILE_OPTION, SECRET_ENV_OPTION, JSON_OPTION,
  ],
  examples: ['HCSIGN_SECRET=... hcsign apig verify --request @captured.http --now 20191115T033655Z'],
  async run(args, env) {
    noPositionals(args);
    const ref = args.values.get('request');
    if (ref === undefined) throw new CliError('missing --request @FILE (the raw HTTP request)');
    if (!ref.startsWith('@')) throw new CliError('--request takes @FILE or @- (the raw HTTP request is read from a file or stdin)');
    const credentials = apigCredentials(args, env);
    if (!credentials) throw new CliError('no secret: set HCSIGN_SECRET (or HUAWEICLOUD_SDK_SK), or pass --secret-file FILE or --secret-env NAME');
    if (credentials.key === undefined) warn('the key was not checked: any key is accepted with this secret (pass --key KEY or set HCSIGN_KEY to check it)');
    let raw;
    try {
      raw = parseRawHttpRequest(await valueBytes(ref, '--request'));
    } catch (e) {
      if (e instanceof HttpParseError) throw new CliError(`--request: ${e.message}`);
      throw e;
    }
    const options: { now?: Date; maxSkewSeconds?: number; header?: string } = {};
    const now = args.values.get('now');
    if (now !== undefined) options.now = parseWhen(now, '--now');
    const skew = args.values.get('max-skew');
    if (skew !== undefined) options.maxSkewSeconds = parseSeconds(skew, '--max-skew');
    const header = args.values.get('header');
    if (header !== undefined) options.header = header;
    const result = await verifyRequest(
      { method: raw.method, url: raw.target, headers: raw.headers, body: raw.body },
      (key) => (credentials.key === undefined || key === credentials.key ? credentials.secret : undefined),
      options,
    );
    if (args.flags.has('json')) {
      out(JSON.stringify(result.ok ? { ...result, sdkDate: result.sdkDate.toISOString() } : result, null, 2));
    } else if (result.ok) {
      out(`OK: valid signature by key ${result.key} (signed headers: ${result.signedHeaders.join(';')}; signed at ${result.sdkDate.toISOString()})`);
    } else {
      out(`FAIL ${result.reason}: ${result.message}`);
      if (result.canonicalRequest !== undefined) {
        out(`\nThe canonical request computed from the captured request (compare it with the client's):\n${result.canonicalRequest}`);
      }
    }
    return result.ok ? 0 : 1;
  },
};

// ---------------------------------------------------------------- diagnose

const diagnoseCommand: Command = {
  path: ['apig', 'diagnose'],
  summary: "compare an APIG.0303 error's canonical request with the request you signed, line by line",
  usage: "apig diagnose --error 'TEXT'|@FILE [request options] URL",
  description: `Signs the request described by the request options (as 'apig sign' does) and compares its
canonical request with the one the gateway printed in its 'verify signature fail' error, naming each line
that differs with a hint; also explains 'signature expired' (the clock skew) and unknown keys.

Without --date or an X-Sdk-Date header, the X-Sdk-Date shown in the error is used. The canonical request does
not depend on the key or the secret, so credentials are optional here. Exit code 0: the error was
recognised and explained; 2: the --error text is not an APIG authentication error it recognises, or bad input.`,
  options: [
    { name: 'error', kind: 'value', arg: "'TEXT'|@FILE", help: 'the error text or JSON body APIG answered (@- for stdin)' },
    ...REQUEST_OPTIONS, KEY_OPTION, SECRET_FILE_OPTION, SECRET_ENV_OPTION, JSON_OPTION,
  ],
  examples: [`hcsign apig diagnose --error @error.json -H 'Content-Type: application/json' https://api.example.com/v1/items`],
  async run(args, env) {
    const errorRef = args.values.get('error');
    if (errorRef === undefined) throw new CliError("missing --error 'TEXT' or --error @FILE (the gateway's answer)");
    const url = onePositional(args, 'URL');
    const errorText = await valueText(errorRef, '--error');
    const input = await signInput(args, url);
    if (!input.dateGiven) {
      const m = /x-sdk-date:(\d{8}T\d{6}Z)/i.exec(errorText);
      if (m) input.request.headers = [...(input.request.headers as [string, string][]), ['X-Sdk-Date', m[1]!]];
    }
    const c = apigCredentials(args, env);
    // The token and ids are signed headers: the gateway's canonical request has them too.
    const credentials = withoutGivenHeaders(
      { ...c, key: c?.key ?? args.values.get('key') ?? 'hcsign-diagnose', secret: c?.secret ?? 'hcsign-diagnose' },
      input.request.headers as [string, string][],
    );
    const signed = await signRequest(input.request, credentials, input.options);
    const d = diagnose(errorText, signed);
    if (args.flags.has('json')) out(JSON.stringify(d, null, 2));
    else out(formatDiagnosis(d));
    // Nothing was compared: an input error, not a diagnosis.
    if (d.kind === 'unrecognized') {
      process.stderr.write(`hcsign: cannot diagnose: ${d.summary} (paste the gateway's whole answer, e.g. its JSON body)\n`);
      return 2;
    }
    return 0;
  },
};

/** The human-readable diagnosis: summary, every compared line (DIFF marks a difference), hints. */
export function formatDiagnosis(d: Diagnosis): string {
  const lines = [`${d.errorCode ? d.errorCode + ' ' : ''}${d.kind}: ${d.summary}`];
  if (d.kind === 'expired' && d.signatureTime) lines.push(`signature time ${d.signatureTime}, server time ${d.serverTime}`);
  if (d.lines) {
    lines.push('');
    for (const l of d.lines) {
      const label = l.part === 'header' ? `header ${l.name}` : l.part;
      if (l.match) {
        lines.push(`  ok    ${label.padEnd(22)} ${l.ours ?? ''}`);
      } else {
        lines.push(`  DIFF  ${label.padEnd(22)} ours:    ${l.ours ?? '(absent)'}`);
        lines.push(`        ${''.padEnd(22)} gateway: ${l.theirs ?? '(absent)'}`);
        if (l.hint) lines.push(`        ${''.padEnd(22)} ${l.hint}`);
      }
    }
  }
  if (d.hints.length) {
    lines.push('', 'Hints:');
    for (const h of d.hints) lines.push(`  - ${h}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- check-key

const checkKey: Command = {
  path: ['apig', 'check-key'],
  summary: "check a backend signature key's fields against APIG's rules before creating it",
  usage: 'apig check-key --type hmac|basic|public_key|aes [--key KEY] [--secret S] [--name NAME] [--algorithm aes-128-cfb|aes-256-cfb]',
  description: `Checks sign_key, sign_secret, name and sign_algorithm against the rules of APIG's
create-signature-key API and prints every rule broken (exit code 1), or "valid" (exit code 0).
Messages name the field and the rule, never the value.

sign_key from --key or HCSIGN_KEY; sign_secret from --secret-file, --secret-env or HCSIGN_SECRET, or (for a
secret not yet in use) --secret S, with a warning: argv is visible to other users and kept in shell
history. A field left out is not checked (the service generates sign_key and sign_secret when they are
left out): the result names it after "not checked", with a warning on stderr.`,
  options: [
    { name: 'type', kind: 'value', arg: 'TYPE', help: 'sign_type: hmac, basic, public_key or aes' },
    { name: 'key', kind: 'value', arg: 'KEY', help: 'sign_key (default: HCSIGN_KEY)' },
    { name: 'secret', kind: 'value', arg: 'S', help: 'sign_secret on the command line (warns: prefer HCSIGN_SECRET or --secret-file)' },
    { name: 'name', kind: 'value', arg: 'NAME', help: 'the signature key name (checked when given)' },
    { name: 'algorithm', kind: 'value', arg: 'ALG', help: 'sign_algorithm, for aes: aes-128-cfb or aes-256-cfb' },
    SECRET_FILE_OPTION, SECRET_ENV_OPTION, JSON_OPTION,
  ],
  examples: ['HCSIGN_SECRET=... hcsign apig check-key --type hmac --key backend_key_01 --name backend_sign'],
  async run(args, env) {
    noPositionals(args);
    const type = args.values.get('type');
    if (type === undefined) throw new CliError('missing --type (hmac, basic, public_key or aes)');
    const fields: SignatureKeyFields = { name: args.values.get('name') ?? 'hcsign_check', sign_type: type };
    const checked: string[] = [];
    if (args.values.has('name')) checked.push('name');
    const key = args.values.get('key') ?? (env.HCSIGN_KEY || undefined);
    if (key !== undefined) {
      fields.sign_key = key;
      checked.push('sign_key');
    }
    // Only here may a secret come from argv: checking the format of a secret about to be created is
    // what people type by hand. Everywhere else --secret is refused.
    const inline = args.values.get('secret');
    if (inline !== undefined) {
      process.stderr.write('hcsign: warning: --secret is visible to other users and kept in shell history; prefer HCSIGN_SECRET or --secret-file\n');
    }
    // findSecret throws when --secret-file or --secret-env is given but empty.
    if (inline !== undefined) warnSurroundingSpace(inline, 'the secret from --secret');
    const secret = inline !== undefined ? { value: inline } : findSecret(args, env, ['HCSIGN_SECRET']);
    if (secret) {
      fields.sign_secret = secret.value;
      checked.push('sign_secret');
    }
    const algorithm = args.values.get('algorithm');
    if (algorithm !== undefined) fields.sign_algorithm = algorithm;
    if (type === 'aes' || algorithm !== undefined) checked.push('sign_algorithm');
    if (!checked.some((f) => f === 'sign_key' || f === 'sign_secret')) {
      throw new CliError('nothing to check: give --key and/or the secret (HCSIGN_SECRET, --secret-file or --secret-env)');
    }
    if (key !== undefined) warnSurroundingSpace(key, `the key from ${args.values.has('key') ? '--key' : 'HCSIGN_KEY'}`);
    const violations = validateSignatureKey(fields);
    // A rule not checked is said out loud: "valid" alone would read as "all of it is valid".
    const notChecked = (['name', 'sign_key', 'sign_secret'] as const).filter((f) => !checked.includes(f));
    if (!checked.includes('sign_key')) warn('sign_key was not checked (give it with --key KEY or HCSIGN_KEY)');
    if (!checked.includes('sign_secret')) warn('sign_secret was not checked (give it with HCSIGN_SECRET, --secret-file FILE or --secret-env NAME)');
    if (args.flags.has('json')) {
      out(JSON.stringify({ valid: violations.length === 0, checked: ['sign_type', ...checked], notChecked, violations }, null, 2));
    } else if (violations.length === 0) {
      out(`valid ${type} signature key (checked: ${['sign_type', ...checked].join(', ')}${notChecked.length ? `; not checked: ${notChecked.join(', ')}` : ''})`);
    } else {
      for (const v of violations) out(`${v.field}: ${v.message}`);
      out(`${violations.length} rule${violations.length === 1 ? '' : 's'} broken`);
    }
    return violations.length === 0 ? 0 : 1;
  },
};

export const apigCommands: Command[] = [sign, verify, diagnoseCommand, checkKey];
