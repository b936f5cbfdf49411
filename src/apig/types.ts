import type { HeadersInit } from '../canonical/headers.js';
import type { AlgorithmName, SignatureSuite } from './algorithms.js';

/** A request to sign or verify. `url` is absolute, or origin-form (`/path?query`) with a Host header. */
export interface ApigRequest {
  method: string;
  url: string | URL;
  headers?: HeadersInit;
  body?: string | Uint8Array | ArrayBuffer | null;
}

/**
 * An App's AppKey/AppSecret, or an AK/SK, with what the Huawei Cloud v3 SDKs send alongside: each
 * optional field becomes a signed header (`X-Security-Token`, `X-Project-Id`, `X-Domain-Id`).
 */
export interface Credentials {
  key: string;
  secret: string;
  /** The security token of temporary credentials (STS, agency, function runtime): `X-Security-Token`. */
  securityToken?: string;
  /** Project-scoped services (ECS, VPC...): `X-Project-Id`, as the v3 `BasicCredentials` send it. */
  projectId?: string;
  /** Global services (IAM...): `X-Domain-Id`, as the v3 `GlobalCredentials` send it. */
  domainId?: string;
}

/** Options of `signRequest`. */
export interface SignOptions {
  /** The signing time (default: now). An `X-Sdk-Date` header already on the request wins. */
  date?: Date;
  /** Send `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` instead of hashing the body (bodies over 12 MB). */
  unsignedPayload?: boolean;
  /** `SDK-HMAC-SHA256` (default), `V11-HMAC-SHA256` (needs `region` and `service`), or a suite object. */
  algorithm?: AlgorithmName | SignatureSuite;
  /**
   * Which headers to sign: `all` (default, the reference rule), `v3-java` (no `content-type`, no names with
   * `_`), `v3-go` (also no `host`), or a predicate on the lower-case name. `x-sdk-date` is always signed,
   * and so is the content-hash header (`x-sdk-content-sha256`/`-sm3`) when the request has one.
   */
  headerRule?: 'all' | 'v3-java' | 'v3-go' | ((lowerName: string) => boolean);
  /** V11 only: the region id of the credential scope. */
  region?: string;
  /** V11 only: the service name of the credential scope. */
  service?: string;
}

/** Everything `signRequest` computed, including the intermediate strings for debugging. */
export interface SignedRequest {
  /** Every header to send: the caller's, plus Host (if it was added), X-Sdk-Date and Authorization. */
  headers: Record<string, string>;
  authorization: string;
  sdkDate: string;
  /** The `a;b;c` list. */
  signedHeaders: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}
