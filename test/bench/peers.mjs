// The other signers and hash libraries the benchmark runs beside huaweicloud-signer, each loaded on
// its own: a peer that does not load in this runtime is skipped with a note, never fatal.
import * as nodeCrypto from 'node:crypto';

const notes = [];

/** Loaded peers; a missing one is `null` and its reason is in `notes`. */
export const peers = {
  notes,
  official: await load('@huaweicloud/huaweicloud-sdk-core (official Node signer)', async () => {
    const core = await import('@huaweicloud/huaweicloud-sdk-core');
    const builderModule = await import('@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder.js');
    const BasicCredentials = core.BasicCredentials ?? core.default?.BasicCredentials;
    const HttpRequestBuilder = builderModule.HttpRequestBuilder ?? builderModule.default?.HttpRequestBuilder;
    if (!BasicCredentials || !HttpRequestBuilder) throw new Error('BasicCredentials or HttpRequestBuilder not found');
    return { BasicCredentials, HttpRequestBuilder };
  }),
  aws4fetch: await load('aws4fetch', async () => {
    const m = await import('aws4fetch');
    return { AwsV4Signer: m.AwsV4Signer ?? m.default?.AwsV4Signer };
  }),
  smithy: await load('@smithy/signature-v4', async () => {
    const m = await import('@smithy/signature-v4');
    return { SignatureV4: m.SignatureV4 ?? m.default?.SignatureV4 };
  }),
  sha256js: await load('@aws-crypto/sha256-js', async () => {
    const m = await import('@aws-crypto/sha256-js');
    return { Sha256: m.Sha256 ?? m.default?.Sha256 };
  }),
  smCryptoV2: await load('sm-crypto-v2', async () => {
    const m = await import('sm-crypto-v2');
    return { sm3: m.sm3 ?? m.default?.sm3 };
  }),
  gmCrypto: await load('gm-crypto', async () => {
    const m = await import('gm-crypto');
    return { SM3: m.SM3 ?? m.default?.SM3 };
  }),
  smCrypto: await load('sm-crypto', async () => {
    const m = await import('sm-crypto');
    return { sm3: m.sm3 ?? m.default?.sm3 };
  }),
  nodeSm3: await load('node:crypto sm3', async () => {
    nodeCrypto.createHash('sm3');
    return {};
  }),
};

async function load(name, get) {
  try {
    const value = await get();
    for (const [k, v] of Object.entries(value)) if (v === undefined) throw new Error(`${k} is missing`);
    return value;
  } catch (e) {
    notes.push(`${name}: skipped in this runtime (${String(e?.message ?? e).split('\n')[0].slice(0, 120)})`);
    return null;
  }
}

/**
 * A node:crypto Hash for @smithy/signature-v4, shaped like @smithy/hash-node's (which is not installed):
 * a Checksum whose digest resolves a Uint8Array.
 */
export class NodeHash {
  constructor(secret) {
    this.secret = secret;
    this.reset();
  }
  update(data) {
    this.hash.update(data);
  }
  digest() {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset() {
    this.hash = this.secret === undefined ? nodeCrypto.createHash('sha256') : nodeCrypto.createHmac('sha256', this.secret);
  }
}
