// The request arguments shared by `apig sign` and `apig diagnose`: method, headers, body, date and
// algorithm, turned into signRequest's request and options.
import type { ApigRequest, SignOptions } from '../apig/index.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import { CliError, isFileRef, parseHeader, parseWhen, valueBytes } from './io.js';

export const REQUEST_OPTIONS: OptionSpec[] = [
  { name: 'request', short: 'X', kind: 'value', arg: 'METHOD', help: 'HTTP method (default GET, or POST with --data)' },
  { name: 'header', short: 'H', kind: 'list', arg: "'Name: value'", help: "a header to send and sign ('Name;' for an empty value)" },
  { name: 'data', short: 'd', kind: 'list', arg: 'TEXT|@FILE', help: 'the body: text, @file (its exact bytes) or @- (stdin); several are joined with &' },
  { name: 'data-binary', kind: 'list', arg: 'TEXT|@FILE', help: 'the body, as --data: text, @file or @-' },
  { name: 'data-raw', kind: 'list', arg: 'TEXT', help: 'body text taken literally: a leading @ is not a file' },
  { name: 'date', kind: 'value', arg: 'YYYYMMDDTHHMMSSZ', help: 'the signing time, also ISO 8601 (default: now)' },
  { name: 'algorithm', kind: 'value', arg: 'NAME', help: 'SDK-HMAC-SHA256 (default), SDK-HMAC-SM3 or V11-HMAC-SHA256' },
  { name: 'region', kind: 'value', arg: 'ID', help: 'V11-HMAC-SHA256: the region id of the credential scope' },
  { name: 'service', kind: 'value', arg: 'NAME', help: 'V11-HMAC-SHA256: the service name of the credential scope' },
  { name: 'unsigned-payload', kind: 'flag', help: 'send X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD instead of hashing the body' },
  { name: 'header-rule', kind: 'value', arg: 'RULE', help: 'which headers to sign: all (default), v3-java or v3-go' },
];

const ALGORITHMS = ['SDK-HMAC-SHA256', 'SDK-HMAC-SM3', 'V11-HMAC-SHA256'] as const;
const RULES = ['all', 'v3-java', 'v3-go'] as const;

/** curl's body options. All keep the bytes as given: unlike curl's -d, no line break is removed from @file. */
const DATA_OPTIONS = new Set(['data', 'data-binary', 'data-raw']);

/**
 * The body from every -d/--data/--data-binary/--data-raw, in command-line order, joined with `&` as
 * curl joins them; undefined when none is given. `file` is set when the body is one whole file.
 */
export async function bodyFromArgs(args: ParsedArgs): Promise<{ body: Uint8Array; file?: string } | undefined> {
  const parts = args.ordered.filter(([name]) => DATA_OPTIONS.has(name));
  if (parts.length === 0) return undefined;
  const chunks: Uint8Array[] = [];
  for (const [name, value] of parts) {
    chunks.push(name === 'data-raw' ? new TextEncoder().encode(value) : await valueBytes(value, `--${name}`));
  }
  const [first] = parts;
  if (parts.length === 1 && first![0] !== 'data-raw' && isFileRef(first![1])) return { body: chunks[0]!, file: first![1].slice(1) };
  const total = chunks.reduce((n, c) => n + c.length, 0) + chunks.length - 1;
  const body = new Uint8Array(total);
  let at = 0;
  chunks.forEach((c, i) => {
    if (i > 0) body[at++] = 0x26; // '&'
    body.set(c, at);
    at += c.length;
  });
  return { body };
}

export interface SignInput {
  request: ApigRequest & { method: string; url: string; body: Uint8Array | undefined };
  options: SignOptions;
  /** The file the body came from (for curl's --data-binary @file). */
  bodyFile?: string;
  /** True when --date or an X-Sdk-Date header fixed the time. */
  dateGiven: boolean;
}

function checkUrl(url: string): void {
  if (!/^https?:\/\/[^/?#\s]+/i.test(url)) throw new CliError('the URL must be absolute: http(s)://host/path?query');
  if (/\s/.test(url)) throw new CliError('the URL must not contain spaces: percent-encode them (%20)');
}

/** Build signRequest's arguments from the command line. */
export async function signInput(args: ParsedArgs, url: string): Promise<SignInput> {
  checkUrl(url);
  const headers = (args.lists.get('header') ?? []).map(parseHeader);
  const data = await bodyFromArgs(args);
  const body = data?.body;
  const method = (args.values.get('request') ?? (data === undefined ? 'GET' : 'POST')).toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new CliError('-X needs an HTTP method such as GET or POST');

  const options: SignOptions = {};
  const date = args.values.get('date');
  if (date !== undefined) options.date = parseWhen(date, '--date');
  const algorithm = args.values.get('algorithm');
  if (algorithm !== undefined) {
    const upper = algorithm.toUpperCase();
    if (!(ALGORITHMS as readonly string[]).includes(upper)) throw new CliError(`--algorithm must be one of ${ALGORITHMS.join(', ')}`);
    options.algorithm = upper as (typeof ALGORITHMS)[number];
  }
  const region = args.values.get('region');
  const service = args.values.get('service');
  if (options.algorithm === 'V11-HMAC-SHA256') {
    if (!region || !service) throw new CliError('V11-HMAC-SHA256 needs --region and --service');
    options.region = region;
    options.service = service;
  } else if (region !== undefined || service !== undefined) {
    throw new CliError('--region and --service are for --algorithm V11-HMAC-SHA256 only');
  }
  if (args.flags.has('unsigned-payload')) options.unsignedPayload = true;
  const rule = args.values.get('header-rule');
  if (rule !== undefined) {
    if (!(RULES as readonly string[]).includes(rule)) throw new CliError(`--header-rule must be one of ${RULES.join(', ')}`);
    options.headerRule = rule as (typeof RULES)[number];
  }
  const hasDateHeader = headers.some(([n]) => n.toLowerCase() === 'x-sdk-date');
  if (hasDateHeader && date !== undefined) throw new CliError('give the time either with --date or with an X-Sdk-Date header, not both');
  const input: SignInput = { request: { method, url, headers, body }, options, dateGiven: hasDateHeader || date !== undefined };
  if (data?.file !== undefined) input.bodyFile = data.file;
  return input;
}
