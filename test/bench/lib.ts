// The library as the benchmark sees it: the public root API, plus the pure SM3 kernels (internal, not
// exported by the package) so that the pure path can be measured on runtimes that have native SM3.
export * from '../../src/index.js';
export { sm3Pure, hmacSm3Pure } from '../../src/crypto/sm3-pure.js';
