// Runtime-agnostic vector runner: Node (vitest and dist/), Deno, Bun and the browser all call this.
import { cryptoOps } from './ops-crypto.js';
import { apigOps } from './ops-apig.js';
import { koogalleryOps } from './ops-koogallery.js';
import type { Library, OpRunner, VectorFile } from './types.js';

export const ops: Record<string, OpRunner> = { ...cryptoOps, ...apigOps, ...koogalleryOps };

export interface Failure {
  file: string;
  id: string;
  message: string;
}

export interface RunSummary {
  passed: number;
  failed: number;
  failures: Failure[];
}

/** Runs every vector of every file; an unknown op is a failure, never a skip. */
export async function runVectors(lib: Library, files: Record<string, VectorFile>): Promise<RunSummary> {
  const summary: RunSummary = { passed: 0, failed: 0, failures: [] };
  for (const [file, content] of Object.entries(files)) {
    for (const vector of content.vectors) {
      try {
        const op = ops[vector.op];
        if (!op) throw new Error(`no runner for op '${vector.op}'`);
        await op(lib, vector.input, vector.expect, vector);
        summary.passed++;
      } catch (e) {
        summary.failed++;
        summary.failures.push({ file, id: vector.id, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      }
    }
  }
  return summary;
}

/** The closing line every runtime prints. */
export function summaryLine(summary: RunSummary): string {
  return `${summary.passed} passed, ${summary.failed} failed`;
}
