/**
 * huaweicloud-signer: Huawei Cloud APIG and KooGallery signatures, verification and encryption.
 *
 * The root exports the crypto core flat, and the two protocols as namespaces (`apig`, `koogallery`),
 * whose names overlap (both have a `VerifyResult`). The subpaths `./apig`, `./koogallery` and
 * `./crypto` export the same things flat.
 *
 * @example
 * ```ts
 * import { apig } from 'huaweicloud-signer';
 * const signed = await apig.signRequest({ method: 'GET', url: 'https://example.com/v1/x' }, { key, secret });
 * ```
 * @module
 */
export * from './crypto/index.js';
// Through one-line re-export modules: with code splitting, a namespace object built from the subpath
// module itself lands in the chunk shared with `./apig`, and `./apig` could no longer be tree-shaken.
// (The declarations are built from src/index.types.ts: the .d.ts bundler mistypes this form.)
export * as apig from './apig/namespace.js';
export * as koogallery from './koogallery/namespace.js';
