/** A value or a promise of it: node:crypto answers synchronously, Web Crypto asynchronously. */
export type Awaitable<T> = T | Promise<T>;

/** AES key sizes in bytes that the library accepts. */
export type AesKeyLength = 16 | 24 | 32;
