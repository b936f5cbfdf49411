import type { VectorFile } from './types.js';

export const koogalleryFiles: Record<string, VectorFile> = {};
