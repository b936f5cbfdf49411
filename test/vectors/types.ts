import type * as Lib from '../../src/index.js';

/** The library as the runner sees it: the root export of src/ or of a built dist/ bundle. */
export type Library = typeof Lib;

export interface Vector {
  id: string;
  op: string;
  source: string;
  description: string;
  input: Record<string, any>;
  expect: Record<string, any>;
  note?: string;
  oracles?: string[];
}

export interface VectorFile {
  topic: string;
  description: string;
  vectors: Vector[];
}

/** Runs one vector; throws an Error describing the first mismatch. */
export type OpRunner = (lib: Library, input: Vector['input'], expect: Vector['expect'], vector: Vector) => Promise<void>;

export class Mismatch extends Error {
  constructor(what: string, expected: unknown, actual: unknown) {
    super(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    this.name = 'Mismatch';
  }
}

export function check(what: string, expected: unknown, actual: unknown): void {
  if (expected !== actual) throw new Mismatch(what, expected, actual);
}
