// Chromium module Worker: createSignedFetch bundled with the `worker` condition; the page posts the
// gateway's base URL.
import * as lib from 'huaweicloud-signer';
import { runSignedFetch } from './signed-fetch.ts';

onmessage = (e) =>
  runSignedFetch(lib, e.data.gateway, false).then(
    (result) => postMessage({ result }),
    (error) => postMessage({ error: String(error && error.stack ? error.stack : error) }),
  );
