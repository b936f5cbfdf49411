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
// module itself would land in the shared chunk and defeat tree-shaking of `./apig` and `./koogallery`.
export * as apig from './apig/namespace.js';
export * as koogallery from './koogallery/namespace.js';
