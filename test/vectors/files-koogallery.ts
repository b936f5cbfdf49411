import type { VectorFile } from './types.js';
import koogalleryAuthToken from '../../vectors/koogallery-auth-token.json';
import koogalleryBodySign from '../../vectors/koogallery-body-sign.json';
import koogalleryRequestSignature from '../../vectors/koogallery-request-signature.json';
import koogallerySensitive from '../../vectors/koogallery-sensitive.json';

export const koogalleryFiles: Record<string, VectorFile> = {
  'koogallery-auth-token.json': koogalleryAuthToken as VectorFile,
  'koogallery-body-sign.json': koogalleryBodySign as VectorFile,
  'koogallery-request-signature.json': koogalleryRequestSignature as VectorFile,
  'koogallery-sensitive.json': koogallerySensitive as VectorFile,
};
