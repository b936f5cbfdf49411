// Chromium page: `huaweicloud-signer` comes from the page's import map, which points at the file that
// esbuild resolved for platform 'browser' through the package's `exports` (the unbundled dist/web build).
import * as lib from 'huaweicloud-signer';
import { runAll } from './entry.ts';

globalThis.__hcsResult = await runAll(lib);
