// Where the CLI gets secrets: environment variables or a file, never argv (other users can read a
// process's argv). Messages name the variable or option, never a value.
import type { OptionSpec, ParsedArgs } from './args.js';
import { CliError, readFileBytes, warnSurroundingSpace } from './io.js';

export const SECRET_FILE_OPTION: OptionSpec = {
  name: 'secret-file',
  kind: 'value',
  arg: 'FILE',
  help: 'read the secret from FILE (one trailing newline is ignored)',
};
export const SECRET_ENV_OPTION: OptionSpec = {
  name: 'secret-env',
  kind: 'value',
  arg: 'NAME',
  help: 'read the secret from the environment variable NAME',
};

type Env = Record<string, string | undefined>;

/** A secret file holds the secret alone; one trailing newline (LF or CRLF) is not part of it. */
export function readSecretFile(path: string): string {
  const bytes = readFileBytes(path, '--secret-file', 64 * 1024);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError('--secret-file: the file is not UTF-8 text');
  }
  if (text.endsWith('\r\n')) text = text.slice(0, -2);
  else if (text.endsWith('\n')) text = text.slice(0, -1);
  if (text === '') throw new CliError('--secret-file: the file is empty');
  if (/[\r\n]/.test(text)) throw new CliError('--secret-file: the file must hold the secret alone, on one line');
  return text;
}

/**
 * The secret from --secret-file, --secret-env or the first set variable of `vars`; undefined if none.
 * Warns (on stderr, without the value) when it begins or ends with whitespace.
 */
export function findSecret(args: ParsedArgs, env: Env, vars: readonly string[]): { value: string; from: string } | undefined {
  const found = findSecretQuietly(args, env, vars);
  if (found) warnSurroundingSpace(found.value, `the secret from ${found.from}`);
  return found;
}

function findSecretQuietly(args: ParsedArgs, env: Env, vars: readonly string[]): { value: string; from: string } | undefined {
  const file = args.values.get('secret-file');
  const envName = args.values.get('secret-env');
  if (file !== undefined && envName !== undefined) throw new CliError('use either --secret-file or --secret-env, not both');
  if (file !== undefined) return { value: readSecretFile(file), from: '--secret-file' };
  if (envName !== undefined) {
    const v = env[envName];
    if (v === undefined || v === '') throw new CliError(`--secret-env: the environment variable ${envName.slice(0, 60)} is not set or empty`);
    return { value: v, from: envName };
  }
  for (const name of vars) {
    const v = env[name];
    if (v !== undefined && v !== '') return { value: v, from: name };
  }
  return undefined;
}

/** The v3 SDKs' optional variables, the credential fields signRequest sends for them, and those headers. */
const SDK_EXTRAS = [
  ['securityToken', 'HUAWEICLOUD_SDK_SECURITY_TOKEN', 'x-security-token'],
  ['projectId', 'HUAWEICLOUD_SDK_PROJECT_ID', 'x-project-id'],
  ['domainId', 'HUAWEICLOUD_SDK_DOMAIN_ID', 'x-domain-id'],
] as const;

export interface ApigCliCredentials {
  key: string | undefined;
  secret: string;
  securityToken?: string;
  projectId?: string;
  domainId?: string;
}

/** The APIG key/secret pair, or undefined when no secret is configured. */
export function apigCredentials(args: ParsedArgs, env: Env): ApigCliCredentials | undefined {
  const secret = findSecret(args, env, ['HCSIGN_SECRET', 'HUAWEICLOUD_SDK_SK']);
  if (!secret) return undefined;
  // Keep pairs together: HUAWEICLOUD_SDK_SK goes with HUAWEICLOUD_SDK_AK.
  const argKey = args.values.get('key');
  const sdkKey = argKey === undefined && (secret.from === 'HUAWEICLOUD_SDK_SK' || !env.HCSIGN_KEY);
  const key = argKey ?? (sdkKey ? env.HUAWEICLOUD_SDK_AK : env.HCSIGN_KEY);
  if (key) warnSurroundingSpace(key, `the key from ${argKey !== undefined ? '--key' : sdkKey ? 'HUAWEICLOUD_SDK_AK' : 'HCSIGN_KEY'}`);
  const c: ApigCliCredentials = { key: key === '' ? undefined : key, secret: secret.value };
  // A security token is bound to its temporary AK: the SDK variables go only with HUAWEICLOUD_SDK_AK.
  if (sdkKey && c.key !== undefined) {
    for (const [field, name] of SDK_EXTRAS) {
      const value = env[name];
      if (value) c[field] = value;
    }
  }
  return c;
}

/** Credentials for signRequest: an -H header of the same name wins over the environment's value. */
export function withoutGivenHeaders<C extends ApigCliCredentials>(c: C, headers: readonly (readonly [string, string])[]): C {
  const given = new Set(headers.map(([n]) => n.toLowerCase()));
  const out = { ...c };
  for (const [field, , header] of SDK_EXTRAS) if (given.has(header)) delete out[field];
  return out;
}

export const NO_APIG_SECRET =
  'no secret: set HCSIGN_KEY and HCSIGN_SECRET (or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK), or pass --secret-file FILE or --secret-env NAME';

/** The APIG key and secret, both required (with the SDK variables' token and ids, when set). */
export function requireApigCredentials(args: ParsedArgs, env: Env): ApigCliCredentials & { key: string } {
  const c = apigCredentials(args, env);
  if (!c) throw new CliError(NO_APIG_SECRET);
  if (!c.key) throw new CliError('no key: set HCSIGN_KEY (or HUAWEICLOUD_SDK_AK) or pass --key KEY');
  return { ...c, key: c.key };
}

/** The KooGallery accessKey (the shared secret). */
export function requireAccessKey(args: ParsedArgs, env: Env): string {
  const s = findSecret(args, env, ['HCSIGN_ACCESS_KEY']);
  if (!s) throw new CliError('no accessKey: set HCSIGN_ACCESS_KEY, or pass --secret-file FILE or --secret-env NAME');
  return s.value;
}
