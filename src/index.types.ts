// The root's type declarations. Same exports as src/index.ts; the namespaces point straight at the
// subpath modules because the .d.ts bundler turns types re-exported through namespace.ts into values.
export * from './crypto/index.js';
export * as apig from './apig/index.js';
export * as koogallery from './koogallery/index.js';
