import type { VectorFile } from './types.js';
import cryptoHash from '../../vectors/crypto-hash.json';
import cryptoHmac from '../../vectors/crypto-hmac-sha256.json';
import cryptoAesCbc from '../../vectors/crypto-aes-cbc.json';
import cryptoAesCfb from '../../vectors/crypto-aes-cfb.json';
import cryptoSm3 from '../../vectors/crypto-sm3.json';

export const cryptoFiles: Record<string, VectorFile> = {
  'crypto-hash.json': cryptoHash as VectorFile,
  'crypto-hmac-sha256.json': cryptoHmac as VectorFile,
  'crypto-aes-cbc.json': cryptoAesCbc as VectorFile,
  'crypto-aes-cfb.json': cryptoAesCfb as VectorFile,
  'crypto-sm3.json': cryptoSm3 as VectorFile,
};
