/**
 * huaweicloud-signer: Huawei Cloud APIG and KooGallery signatures, verification and encryption.
 * Everything is also available from the subpaths `./apig`, `./koogallery` and `./crypto`.
 * @module
 */
export * from './crypto/index.js';
