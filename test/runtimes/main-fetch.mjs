// Node, Deno and Bun: createSignedFetch from the package by its name, against the gateway whose base URL
// is the first argument.
import * as lib from 'huaweicloud-signer';
import { fetchReportLines, runSignedFetch } from './signed-fetch.ts';

const base = globalThis.Deno ? globalThis.Deno.args[0] : globalThis.process.argv[2];
const result = await runSignedFetch(lib, base, true);
for (const line of fetchReportLines(result)) console.log(line);
if (result.failed > 0 || result.passed !== result.total) globalThis.process.exitCode = 1;
