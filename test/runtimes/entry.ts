// The runtime-agnostic side of the runtime matrix: every vector of test/vectors/files.ts through the
// library it is handed. The small main-*.mjs/.cjs files import the library by its package name, so each
// runtime (or esbuild, for the browser) picks the build through package.json's `exports` conditions.
import { vectorFiles } from '../vectors/files.js';
import { runVectors, summaryLine, type Failure } from '../vectors/runner.js';
import type { Library } from '../vectors/types.js';

export interface HarnessResult {
  /** `runtimeName` of the build the runtime loaded: 'node' (node:crypto), 'deno' (Deno's node:crypto) or 'web' (Web Crypto). */
  runtime: string;
  /** Vectors the harness holds; the run passes only when all of them passed. */
  total: number;
  passed: number;
  failed: number;
  failures: Failure[];
}

export async function runAll(lib: Library): Promise<HarnessResult> {
  let total = 0;
  for (const file of Object.values(vectorFiles)) total += file.vectors.length;
  const summary = await runVectors(lib, vectorFiles);
  return { runtime: String(lib.runtimeName), total, ...summary };
}

const MAX_FAILURES_SHOWN = 25;

/** The lines a runtime prints: failures first, the `N passed, N failed` line last. */
export function reportLines(result: HarnessResult): string[] {
  const lines = result.failures.slice(0, MAX_FAILURES_SHOWN).map((f) => `FAIL ${f.file} ${f.id}: ${f.message}`);
  if (result.failures.length > MAX_FAILURES_SHOWN) lines.push(`... and ${result.failures.length - MAX_FAILURES_SHOWN} more failures`);
  lines.push(`runtime: ${result.runtime}`, `vectors: ${result.total}`, summaryLine(result));
  return lines;
}
