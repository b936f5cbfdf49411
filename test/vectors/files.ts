// Every file of vectors/, bundled statically so that browsers and Deno read the same data as Node.
// test/unit/vectors.test.ts fails when a file in vectors/ is missing here. One list per topic.
import type { VectorFile } from './types.js';
import { cryptoFiles } from './files-crypto.js';
import { apigFiles } from './files-apig.js';
import { koogalleryFiles } from './files-koogallery.js';

export const vectorFiles: Record<string, VectorFile> = { ...cryptoFiles, ...apigFiles, ...koogalleryFiles };
