// The requests, secrets and bodies of the benchmark cases, without any runtime's API: cases.mjs (Node,
// Bun, Deno) and web-cases.mjs (Chromium, workerd) measure the same inputs. Fixture secrets are fake.
export const AK = 'BENCHAKEXAMPLE0123456';
export const SK = 'bench-secret-example-0123456789abcdefghij';
export const HOST = 'vpc.cn-north-4.myhuaweicloud.com';
export const ENDPOINT = `https://${HOST}`;
export const PATH = '/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/vpcs';
export const QUERY = { limit: '10', marker: 'abc' };
export const URL_GET = `${ENDPOINT}${PATH}?limit=10&marker=abc`;
export const HEADERS = { 'Content-Type': 'application/json', 'X-Project-Id': '0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'User-Agent': 'bench/1.0' };
export const SDK_DATE = '20240301T101500Z';
export const DATE = new Date('2024-03-01T10:15:00Z');
export const REGION = 'cn-north-4';
export const SERVICE = 'vpc';
// Case 5: the KooGallery call's x-timestamp and x-nonce.
export const KOO_TIMESTAMP = '1709287700000';
export const KOO_NONCE = 'RLLUammMSInlrNWbA1b2C3d4';

/** A JSON document whose JSON.stringify is exactly `size` bytes (ASCII), as object and text. */
export function jsonOfSize(size) {
  const items = [];
  let text = '';
  for (let i = 0; ; i++) {
    items.push({ id: i, name: `server-${i}`, flavorRef: 's6.large.2', imageRef: 'b7b2ab1f-4c4e-4b0c-9a63-0f0e5f5d3c21' });
    if (JSON.stringify({ items, note: '' }).length > size - 200) break;
  }
  const base = JSON.stringify({ items, note: '' }).length;
  const doc = { items, note: 'x'.repeat(size - base) };
  text = JSON.stringify(doc);
  if (text.length !== size) throw new Error(`fixture size ${text.length} != ${size}`);
  return { doc, text };
}
