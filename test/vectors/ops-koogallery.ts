import type { OpRunner } from './types.js';

export const koogalleryOps: Record<string, OpRunner> = {};
