import type { VectorFile } from './types.js';
import published from '../../vectors/apig-published.json';
import edgeCases from '../../vectors/apig-edge-cases.json';
import generated from '../../vectors/apig-generated.json';

export const apigFiles: Record<string, VectorFile> = {
  'apig-published.json': published as VectorFile,
  'apig-edge-cases.json': edgeCases as VectorFile,
  'apig-generated.json': generated as VectorFile,
};
