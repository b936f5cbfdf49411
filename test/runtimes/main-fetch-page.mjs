// Chromium page: createSignedFetch from the unbundled dist/web build (import map), against the gateway on
// another origin (CORS), whose base URL the page sets as `__gateway`.
import * as lib from 'huaweicloud-signer';
import { runSignedFetch } from './signed-fetch.ts';

globalThis.__hcsResult = await runSignedFetch(lib, globalThis.__gateway, false);
