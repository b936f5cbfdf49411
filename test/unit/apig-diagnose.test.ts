import { describe, expect, it } from 'vitest';
import { diagnose, parseGatewayCanonicalRequest, parseSdkDate, signRequest } from '../../src/apig/index.js';

// Seed 003 (APIG FAQ 5.8), verbatim: '|' stands for a newline, '***' masks, empty lines are collapsed.
const FAQ_VERIFY_FAIL = JSON.stringify({
  error_msg: 'Incorrect app authentication information: verify signature fail, canonicalRequest:GET|/test/|host:d7da***3df7.example.com|x-sdk-date:20230527T015431Z|host;x-sdk-date|e3b0c***52b855',
  error_code: 'APIG.0303',
  request_id: 'cb14***62dc',
});
const FAQ_EXPIRED = '{"error_msg":"Incorrect app authentication information: signature expired, signature time:20230527T000431Z,server time:20230527T020608Z","error_code":"APIG.0303","request_id":"fd65***b8ad"}';
const creds = { key: 'k', secret: 's' };
const date = parseSdkDate('20230527T015431Z');

describe('diagnose', () => {
  it('finds no difference for the FAQ request itself: the secret is wrong', async () => {
    const signed = await signRequest({ method: 'GET', url: 'https://d7da6fe436fb48f2af3c5c2e5b203df7.example.com/test' }, creds, { date });
    const d = diagnose(FAQ_VERIFY_FAIL, signed);
    expect(d.kind).toBe('secret-mismatch');
    expect(d.errorCode).toBe('APIG.0303');
    expect(d.lines!.every((l) => l.match)).toBe(true);
    expect(d.lines!.map((l) => l.part)).toEqual(['method', 'path', 'query', 'header', 'header', 'signed-headers', 'payload-hash']);
  });

  it('flags the path line for a request whose path was changed', async () => {
    const signed = await signRequest({ method: 'GET', url: 'https://d7da6fe436fb48f2af3c5c2e5b203df7.example.com/test2' }, creds, { date });
    const d = diagnose(FAQ_VERIFY_FAIL, signed);
    expect(d.kind).toBe('signature-mismatch');
    const differing = d.lines!.filter((l) => !l.match);
    expect(differing.map((l) => l.part)).toEqual(['path']);
    expect(differing[0]).toMatchObject({ ours: '/test2/', theirs: '/test/' });
    expect(d.summary).toContain('path');
  });

  it('explains a + that reached the gateway as a space, a rewritten Host, and a dropped body', async () => {
    const signed = await signRequest({ method: 'POST', url: 'https://api.example.com/p?q=a+b', body: '{"x":1}' }, creds, { date });
    const theirs = signed.canonicalRequest
      .replace('q=a%2Bb', 'q=a%20b')
      .replace('host:api.example.com', 'host:internal.local')
      .replace(/[0-9a-f]{64}$/, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
      .split('\n').join('|');
    const d = diagnose(`Incorrect app authentication information: verify signature fail, canonicalRequest:${theirs}`, signed);
    expect(d.kind).toBe('signature-mismatch');
    const byPart = Object.fromEntries(d.lines!.filter((l) => !l.match).map((l) => [l.part === 'header' ? l.name : l.part, l.hint]));
    expect(Object.keys(byPart).sort()).toEqual(['host', 'payload-hash', 'query']);
    expect(byPart.query).toContain('%2B');
    expect(byPart.host).toContain('proxy');
    expect(byPart['payload-hash']).toContain('empty body');
  });

  it('explains a path whose dot segments the client resolved, and signing a URL object avoids it', async () => {
    const url = 'https://api.example.com/v1/a/../b/./c';
    const signed = await signRequest({ method: 'GET', url }, creds, { date });
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/v1/a/../b/./c/');
    // What the gateway receives from fetch: the URL as WHATWG URL resolves it.
    const sent = await signRequest({ method: 'GET', url: new URL(url) }, creds, { date });
    expect(sent.canonicalRequest.split('\n')[1]).toBe('/v1/b/c/');
    const d = diagnose(`Incorrect app authentication information: verify signature fail, canonicalRequest:${sent.canonicalRequest.split('\n').join('|')}`, signed);
    expect(d.lines!.filter((l) => !l.match).map((l) => l.part)).toEqual(['path']);
    expect(d.hints).toEqual([expect.stringContaining('"." or ".." segments')]);
  });

  it('reports the clock skew of a signature-expired answer', () => {
    const d = diagnose(FAQ_EXPIRED);
    expect(d.kind).toBe('expired');
    expect(d.clockSkewSeconds).toBe(2 * 3600 + 97);
    expect(d.signatureTime).toBe('20230527T000431Z');
    expect(d.serverTime).toBe('20230527T020608Z');
  });

  it('says the key is wrong for app not found and Get secretKey failed', () => {
    expect(diagnose('{"error_msg":"Incorrect app authentication information: app not found, appkey 0117***e5e1","error_code":"APIG.0303"}').kind).toBe('unknown-key');
    expect(diagnose('{"error_msg":"Incorrect IAM authentication information: Get secretKey failed,ak:*****,err:ak not exist","error_code":"APIG.0301"}')).toMatchObject({ kind: 'unknown-key', errorCode: 'APIG.0301' });
    expect(diagnose('Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.').kind).toBe('locked');
    expect(diagnose('something else').kind).toBe('unrecognized');
  });

  it('reports a lock-out only for the lock wording, not for any "Forbidden"', () => {
    // Seed 003's lock message, as the gateway sends it in JSON.
    const lock = diagnose('{"error_msg":"Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.","error_code":"APIG.0301","request_id":"x"}');
    expect(lock).toMatchObject({ kind: 'locked', errorCode: 'APIG.0301' });
    for (const text of ['{"error_msg":"Forbidden","error_code":"APIG.0302","request_id":"x"}', 'Forbidden', '403 forbidden by the ACL']) {
      const d = diagnose(text);
      expect(d.kind, text).toBe('unrecognized');
      expect(d.summary, text).not.toContain('locked');
    }
    expect(diagnose('{"error_msg":"Forbidden","error_code":"APIG.0302"}').errorCode).toBe('APIG.0302');
  });

  it('parses the gateway text with or without empty lines, and values containing |', () => {
    const full = parseGatewayCanonicalRequest('GET|/test/||host:a.com|x-sdk-date:20230527T015431Z|x-v:a|b||host;x-sdk-date;x-v|e3b0');
    expect(full).toEqual({ method: 'GET', path: '/test/', query: '', headers: [['host', 'a.com'], ['x-sdk-date', '20230527T015431Z'], ['x-v', 'a|b']], signedHeaders: 'host;x-sdk-date;x-v', payloadHash: 'e3b0' });
    expect(parseGatewayCanonicalRequest('GET|/x/|a=1|host:a.com|host|e3b0')).toMatchObject({ query: 'a=1', headers: [['host', 'a.com']] });
    expect(parseGatewayCanonicalRequest('nonsense')).toBeNull();
    // Like diagnose, it reads a server's text and never throws: what is not a string is not parseable.
    for (const x of [undefined, null, 42, {}]) expect(parseGatewayCanonicalRequest(x as never)).toBeNull();
  });

  it('handles 100 KB adversarial input quickly', () => {
    const started = Date.now();
    diagnose('canonicalRequest:' + '"'.repeat(100_000) + 'x');
    diagnose('canonicalRequest:' + '|'.repeat(100_000));
    diagnose('signature expired, signature time:' + '1'.repeat(100_000));
    expect(Date.now() - started).toBeLessThan(200);
  });
});
