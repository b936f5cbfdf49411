// Node (import, with and without `--conditions=browser`), Bun and Deno: the package by its name.
import * as lib from 'huaweicloud-signer';
import { reportLines, runAll } from './entry.ts';

const result = await runAll(lib);
for (const line of reportLines(result)) console.log(line);
if (result.failed > 0 || result.passed !== result.total) globalThis.process.exitCode = 1;
