// Credentials the way the Huawei Cloud SDKs take them: the ecosystem's environment variables, read from
// the runtime's own environment (found by src/runtime/env.ts, the runtime layer).
import { SignerError } from '../errors.js';
import { runtimeEnv, type EnvSource } from '../runtime/env.js';
import type { Credentials } from './types.js';

export { runtimeEnv, type EnvSource };

/** The environment variables of the Huawei Cloud v3 SDKs and KooCLI (`EnvCredentialProvider`). */
export const CREDENTIAL_ENV_VARS = {
  key: 'HUAWEICLOUD_SDK_AK',
  secret: 'HUAWEICLOUD_SDK_SK',
  securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  projectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
  domainId: 'HUAWEICLOUD_SDK_DOMAIN_ID',
} as const;

/** Credentials, or a function returning them (sync or async) so that temporary credentials can be refreshed. */
export type CredentialsProvider = Credentials | (() => Credentials | Promise<Credentials>);

/**
 * Read credentials from `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and the optional
 * `HUAWEICLOUD_SDK_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_DOMAIN_ID` (the
 * variables of the v3 SDKs and KooCLI). `env` defaults to the process environment on Node, Deno and Bun;
 * browsers and Workers have none, so pass an object there. A missing or empty AK or SK is a
 * `SignerError` `ERR_MISSING_CREDENTIALS` naming the variable (never a value).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `env` is neither an object nor a function;
 * `ERR_MISSING_CREDENTIALS` when the AK or SK is missing or empty, when no `env` is given and the runtime has
 * no environment, or when the environment cannot be read (Deno without `--allow-env`, or a lookup function
 * that throws).
 * @example
 * ```ts
 * // HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... HUAWEICLOUD_SDK_PROJECT_ID=... node app.mjs
 * const credentials = credentialsFromEnv();
 * // { key: '...', secret: '...', projectId: '...' }
 * const workerCredentials = credentialsFromEnv(env); // a Worker's bindings object
 * ```
 */
export function credentialsFromEnv(env?: EnvSource): Credentials {
  if (env !== undefined && env !== null && typeof env !== 'object' && typeof env !== 'function') {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'env must be an object or a lookup function');
  }
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
