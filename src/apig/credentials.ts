// Credentials the way the Huawei Cloud SDKs take them: the ecosystem's environment variables, read from
// the runtime's own environment without importing node:* (this module also runs in browsers and Workers).
import { SignerError } from '../errors.js';
import type { Credentials } from './types.js';

/** The environment variables of the Huawei Cloud v3 SDKs and KooCLI (`EnvCredentialProvider`). */
export const CREDENTIAL_ENV_VARS = {
  key: 'HUAWEICLOUD_SDK_AK',
  secret: 'HUAWEICLOUD_SDK_SK',
  securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  projectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
  domainId: 'HUAWEICLOUD_SDK_DOMAIN_ID',
} as const;

/** Where `credentialsFromEnv` reads: a plain object, or a lookup function (Deno's `Deno.env.get`). */
export type EnvSource = Readonly<Record<string, string | undefined>> | ((name: string) => string | undefined);

/** Credentials, or a function returning them (sync or async) so that temporary credentials can be refreshed. */
export type CredentialsProvider = Credentials | (() => Credentials | Promise<Credentials>);

interface RuntimeGlobals {
  Deno?: { env?: { get?: (name: string) => string | undefined } };
  process?: { env?: Record<string, string | undefined> };
}

/**
 * The runtime's process environment: `Deno.env.get` on Deno (it needs only `--allow-env` for the five
 * names, not the whole environment), `process.env` on Node and Bun (and Workers with nodejs_compat);
 * `undefined` elsewhere. Exposed for tests and ports; `credentialsFromEnv()` calls it.
 *
 * @example runtimeEnv({ process: { env: { HUAWEICLOUD_SDK_AK: 'ak' } } }) // { HUAWEICLOUD_SDK_AK: 'ak' }
 */
export function runtimeEnv(scope: unknown = globalThis): EnvSource | undefined {
  const g = scope as RuntimeGlobals;
  const deno = g.Deno?.env;
  if (deno && typeof deno.get === 'function') {
    const get = deno.get.bind(deno);
    return (name) => get(name);
  }
  const env = g.process?.env;
  return env && typeof env === 'object' ? env : undefined;
}

/**
 * Read credentials from `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and the optional
 * `HUAWEICLOUD_SDK_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_DOMAIN_ID` (the
 * variables of the v3 SDKs and KooCLI). `env` defaults to the process environment on Node, Deno and Bun;
 * browsers and Workers have none, so pass an object there. A missing or empty AK or SK is a
 * `SignerError` `ERR_MISSING_CREDENTIALS` naming the variable (never a value).
 *
 * @example
 * ```ts
 * // HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... HUAWEICLOUD_SDK_PROJECT_ID=... node app.mjs
 * const credentials = credentialsFromEnv();
 * // { key: '...', secret: '...', projectId: '...' }
 * const workerCredentials = credentialsFromEnv(env); // a Worker's bindings object
 * ```
 */
export function credentialsFromEnv(env?: EnvSource): Credentials {
  const source = env ?? runtimeEnv();
  if (!source) {
    throw new SignerError(
      'ERR_MISSING_CREDENTIALS',
      `this runtime has no process environment: pass an object, e.g. credentialsFromEnv({ ${CREDENTIAL_ENV_VARS.key}: ..., ${CREDENTIAL_ENV_VARS.secret}: ... })`,
    );
  }
  const read = (name: string): string | undefined => {
    let value: unknown;
    try {
      value = typeof source === 'function' ? source(name) : source[name];
    } catch (cause) {
      // Deno without --allow-env: say which permission is needed.
      const names = Object.values(CREDENTIAL_ENV_VARS).join(',');
      throw new SignerError('ERR_MISSING_CREDENTIALS', `cannot read ${name} (on Deno: --allow-env=${names})`, { cause });
    }
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const key = read(CREDENTIAL_ENV_VARS.key);
  if (key === undefined) throw new SignerError('ERR_MISSING_CREDENTIALS', `${CREDENTIAL_ENV_VARS.key} is not set`);
  const secret = read(CREDENTIAL_ENV_VARS.secret);
  if (secret === undefined) throw new SignerError('ERR_MISSING_CREDENTIALS', `${CREDENTIAL_ENV_VARS.secret} is not set`);
  const credentials: Credentials = { key, secret };
  const securityToken = read(CREDENTIAL_ENV_VARS.securityToken);
  const projectId = read(CREDENTIAL_ENV_VARS.projectId);
  const domainId = read(CREDENTIAL_ENV_VARS.domainId);
  if (securityToken !== undefined) credentials.securityToken = securityToken;
  if (projectId !== undefined) credentials.projectId = projectId;
  if (domainId !== undefined) credentials.domainId = domainId;
  return credentials;
}

/** Resolve a {@link CredentialsProvider} for one request. */
export async function resolveCredentials(provider: CredentialsProvider): Promise<Credentials> {
  const credentials = typeof provider === 'function' ? await provider() : provider;
  if (!credentials || typeof credentials !== 'object') {
    throw new SignerError('ERR_MISSING_CREDENTIALS', 'the credentials provider returned no credentials');
  }
  return credentials;
}
