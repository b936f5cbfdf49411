import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as lib from '../../src/index.js';
import { vectorFiles } from '../vectors/files.js';
import { runVectors } from '../vectors/runner.js';
import { validate } from '../vectors/schema-check.js';

const dir = fileURLToPath(new URL('../../vectors/', import.meta.url));
const onDisk = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'schema.json');
const schema = JSON.parse(readFileSync(dir + 'schema.json', 'utf8'));

describe('vectors/', () => {
  it('every vector file is read by the runner', () => {
    expect(Object.keys(vectorFiles).sort()).toEqual(onDisk.sort());
  });

  it.each(onDisk)('%s matches vectors/schema.json and has unique ids', (file) => {
    const content = JSON.parse(readFileSync(dir + file, 'utf8'));
    expect(validate(schema, content)).toEqual([]);
    const ids = content.vectors.map((v: { id: string }) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(Object.keys(vectorFiles))('%s passes through the public API', async (file) => {
    const summary = await runVectors(lib, { [file]: vectorFiles[file]! });
    expect(summary.failures).toEqual([]);
    expect(summary.passed).toBe(vectorFiles[file]!.vectors.length);
  });

  // `oracles` names the official signers whose output equals `expect`: a vector holding our own documented
  // choice (the reference_quirk case) must not claim any, and every case run through the reference signer
  // must name it.
  it('apig-edge-cases.json: oracles only where an official signer produced the expected value', () => {
    const { vectors } = JSON.parse(readFileSync(dir + 'apig-edge-cases.json', 'utf8')) as { vectors: { id: string; source: string; oracles?: string[] }[] };
    const choices = vectors.filter((v) => v.source.startsWith("this project's documented choice"));
    expect(choices.map((v) => v.id)).toEqual(['12-duplicate-headers']);
    expect(choices[0]!.oracles).toEqual([]);
    const fromReference = vectors.filter((v) => !choices.includes(v));
    expect(fromReference).toHaveLength(29);
    for (const v of fromReference) {
      expect(v.source, v.id).toMatch(/^Huawei's official APIG Python signer/);
      expect(v.oracles, v.id).toContain('apig-python');
    }
  });
});

describe('the schema checker', () => {
  it('rejects a vector without a source', () => {
    const bad = { topic: 'x', description: 'd', vectors: [{ id: 'a', op: 'sha256', description: 'd', input: {}, expect: { hex: '' } }] };
    expect(validate(schema, bad)).toEqual(["$.vectors[0]: missing 'source'"]);
  });
});
