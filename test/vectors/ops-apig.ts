import type { OpRunner } from './types.js';

export const apigOps: Record<string, OpRunner> = {};
