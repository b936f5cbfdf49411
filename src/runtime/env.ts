// Where the process environment lives, the one runtime question outside hashing and ciphers: asked here,
// in the runtime layer, by feature (no node:* import, so it also loads in browsers and Workers).

/** Where `credentialsFromEnv` reads: a plain object, or a lookup function (Deno's `Deno.env.get`). */
export type EnvSource = Readonly<Record<string, string | undefined>> | ((name: string) => string | undefined);

interface RuntimeGlobals {
  Deno?: { env?: { get?: (name: string) => string | undefined } };
  process?: { env?: Record<string, string | undefined> };
}

/**
 * The runtime's process environment: `Deno.env.get` on Deno (it needs only `--allow-env` for the five
 * names, not the whole environment), `process.env` on Node and Bun (and Workers with nodejs_compat);
 * `undefined` elsewhere. Exposed for tests and ports; `credentialsFromEnv()` calls it.
 *
 * @throws Nothing: a scope without an environment (or not an object) gives `undefined`; only a getter of
 * `scope` that throws is passed through.
 * @example runtimeEnv({ process: { env: { HUAWEICLOUD_SDK_AK: 'ak' } } }) // { HUAWEICLOUD_SDK_AK: 'ak' }
 */
export function runtimeEnv(scope: unknown = globalThis): EnvSource | undefined {
  // A scope that cannot hold globals (null, a number) has no environment.
  const g = (scope !== null && (typeof scope === 'object' || typeof scope === 'function') ? scope : {}) as RuntimeGlobals;
  const deno = g.Deno?.env;
  if (deno && typeof deno.get === 'function') {
    const get = deno.get.bind(deno);
    return (name) => get(name);
  }
  const env = g.process?.env;
  return env && typeof env === 'object' ? env : undefined;
}
