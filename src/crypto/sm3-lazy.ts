// What `withSm3` (./sm3.ts) loads on first use: the one-shot pure SM3 functions alone, named as an
// `Sm3Engine`, so that the lazy chunk leaves out the incremental hashers of ./sm3-pure.ts (an import()
// keeps every export of its module).
export { sm3Pure as sm3, hmacSm3Pure as hmacSm3 } from './sm3-pure.js';
