import type { VectorFile } from './types.js';

export const apigFiles: Record<string, VectorFile> = {};
