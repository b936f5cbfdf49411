// Chromium module Worker: bundled with the `worker` condition, as a Workers bundler would.
import * as lib from 'huaweicloud-signer';
import { runAll } from './entry.ts';

runAll(lib).then(
  (result) => postMessage({ result }),
  (error) => postMessage({ error: String(error && error.stack ? error.stack : error) }),
);
