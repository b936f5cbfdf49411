// Reading argument values (`TEXT`, `@file`, `@-` for stdin), dates and output for the CLI.
import { readFileSync, statSync } from 'node:fs';
import { parseSdkDate } from '../apig/index.js';
import { utf8Decode } from '../crypto/index.js';
import { trimSpaceTab } from './http-parse.js';

/** An error the user can fix (bad input, missing file or secret): one line on stderr, exit code 2. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Files read through `@file` are capped: the gateway itself refuses bodies over 12 MB. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

let stdinUsed = false;

/** The whole of stdin, once. */
export async function readStdin(): Promise<Uint8Array> {
  if (stdinUsed) throw new CliError('stdin (@-) can be read only once per command');
  stdinUsed = true;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    total += b.length;
    if (total > MAX_FILE_BYTES) throw new CliError(`stdin is larger than ${MAX_FILE_BYTES} bytes`);
    chunks.push(b);
  }
  const all = Buffer.concat(chunks);
  return new Uint8Array(all.buffer, all.byteOffset, all.length);
}

/** The bytes of a file, with a clear one-line error. */
export function readFileBytes(path: string, what: string, max = MAX_FILE_BYTES): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new CliError(`${what}: ${path} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${what}: cannot read ${path}${code === 'ENOENT' ? ' (no such file)' : code ? ` (${code})` : ''}`);
  }
  if (size > max) throw new CliError(`${what}: ${path} is larger than ${max} bytes`);
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${what}: cannot read ${path}${code ? ` (${code})` : ''}`);
  }
}

/**
 * A value given as `TEXT`, `@file` (the file's exact bytes) or `@-` (stdin), like curl's `--data`.
 * Text is taken as UTF-8.
 */
export async function valueBytes(value: string, what: string): Promise<Uint8Array> {
  if (value === '@-') return readStdin();
  if (value.startsWith('@')) return readFileBytes(value.slice(1), what);
  return new TextEncoder().encode(value);
}

/** Like {@link valueBytes}, decoded as strict UTF-8. */
export async function valueText(value: string, what: string): Promise<string> {
  const bytes = await valueBytes(value, what);
  try {
    return utf8Decode(bytes);
  } catch {
    throw new CliError(`${what} is not valid UTF-8 text`);
  }
}

/** True when the value refers to a file (`@path`, not stdin). */
export function isFileRef(value: string): boolean {
  return value.startsWith('@') && value !== '@-';
}

/**
 * A point in time given as APIG's `YYYYMMDDTHHMMSSZ` or as ISO 8601 (`2019-11-15T03:36:55Z`).
 * @example parseWhen('20191115T033655Z', '--date')
 */
export function parseWhen(text: string, what: string): Date {
  if (/^\d{8}T\d{6}Z$/.test(text)) {
    try {
      return parseSdkDate(text);
    } catch {
      throw new CliError(`${what}: not a valid date`);
    }
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const d = new Date(text);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new CliError(`${what} must be YYYYMMDDTHHMMSSZ or ISO 8601 with a time zone (2019-11-15T03:36:55Z)`);
}

/** A non-negative number of seconds. */
export function parseSeconds(text: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new CliError(`${what} must be a number of seconds`);
  return Number(text);
}

/**
 * One `Name: value` header as curl's `-H` takes it. `Name;` is an empty value (curl's convention,
 * since `Name:` alone removes a header in curl).
 */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  let name: string;
  let value: string;
  if (colon < 0 && text.endsWith(';')) {
    name = text.slice(0, -1).trim();
    value = '';
  } else if (colon > 0) {
    name = text.slice(0, colon).trim();
    value = trimSpaceTab(text.slice(colon + 1));
  } else {
    throw new CliError(`-H needs 'Name: value'`);
  }
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new CliError(`-H: '${name.slice(0, 40)}' is not a valid header name`);
  if (/[\r\n\0]/.test(value)) throw new CliError(`-H ${name}: the value must not contain CR, LF or NUL`);
  return [name, value];
}

/** A warning on stderr: the command goes on. Never give it a secret's value. */
export function warn(message: string): void {
  process.stderr.write(`hcsign: warning: ${message}\n`);
}

/**
 * Warn when a credential begins or ends with whitespace (a space, tab, line break or no-break space
 * copied along with it): it is used as given, and a signature made with it matches no one else's.
 */
export function warnSurroundingSpace(value: string, what: string): void {
  if (/^\s|\s$/u.test(value)) warn(`${what} begins or ends with whitespace; it is used as given (a copy error? the signature will not match)`);
}

/** Write to stdout; a closed pipe (e.g. `| head`) is not an error. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') || text === '' ? text : text + '\n');
}
