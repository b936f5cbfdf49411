// The official Huawei Cloud Node.js v3 core (@huaweicloud/huaweicloud-sdk-core, a dev dependency) signs a
// request with temporary credentials and a project or domain id; ours must produce the same Authorization
// and verify theirs. Node only: the core is CommonJS with node:crypto, moment and lodash.
import { describe, expect, it } from 'vitest';
import { signRequest, verifyRequest } from '../src/apig/index.js';
import { BasicCredentials, GlobalCredentials } from './fixtures/v3-core.js';

const AK = 'HPUAL4HHHH3DJLRVJC0D';
const SK = 'mFh2yfTIz7bE7gB2hbWdQ5D6O3LtSBhwYZu6NkTo';
const SDK_DATE = '20191115T033655Z';
const AT = new Date('2019-11-15T03:36:55Z');

describe('temporary credentials like the official Node.js v3 core', () => {
  it('BasicCredentials with a security token and a project id', async () => {
    const theirs = await new BasicCredentials().withAk(AK).withSk(SK).withSecurityToken('gQpjbi1ub3J0aC00').withProjectId('77b6a44cba5143ab91d13ab9a8ff44fd')
      .processAuthRequest(undefined, {
        endpoint: 'https://vpc.cn-north-4.myhuaweicloud.com',
        url: '/v1/{project_id}/vpcs',
        method: 'GET',
        headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': SDK_DATE },
        queryParams: { limit: 2 },
      });
    expect(theirs.headers['X-Security-Token']).toBe('gQpjbi1ub3J0aC00');
    expect(theirs.headers['X-Project-Id']).toBe('77b6a44cba5143ab91d13ab9a8ff44fd');
    const url = 'https://vpc.cn-north-4.myhuaweicloud.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2';
    const ours = await signRequest(
      { method: 'GET', url, headers: { 'Content-Type': 'application/json' } },
      { key: AK, secret: SK, securityToken: 'gQpjbi1ub3J0aC00', projectId: '77b6a44cba5143ab91d13ab9a8ff44fd' },
      { date: AT },
    );
    expect(ours.authorization).toBe(theirs.headers['Authorization']);
    const verdict = await verifyRequest({ method: 'GET', url, headers: theirs.headers }, (k) => (k === AK ? SK : undefined), { now: AT });
    expect(verdict).toEqual({ ok: true, key: AK, signedHeaders: ['content-type', 'host', 'x-project-id', 'x-sdk-date', 'x-security-token'], sdkDate: AT, algorithm: 'SDK-HMAC-SHA256', bodyAuthenticated: true });
  });

  it('GlobalCredentials with a domain id', async () => {
    const theirs = await new GlobalCredentials().withAk(AK).withSk(SK).withDomainId('0a1b2c3d4e5f')
      .processAuthRequest(undefined, {
        endpoint: 'https://iam.myhuaweicloud.com',
        url: '/v3/auth/domains',
        method: 'GET',
        headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': SDK_DATE },
      });
    const url = 'https://iam.myhuaweicloud.com/v3/auth/domains';
    const ours = await signRequest({ method: 'GET', url, headers: { 'Content-Type': 'application/json' } }, { key: AK, secret: SK, domainId: '0a1b2c3d4e5f' }, { date: AT });
    expect(ours.signedHeaders).toBe('content-type;host;x-domain-id;x-sdk-date');
    expect(ours.authorization).toBe(theirs.headers['Authorization']);
  });
});
