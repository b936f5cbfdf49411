// Types of koogallery-handler.mjs, for the TypeScript tests that import it (test/runtimes/seller.ts).
import type { NonceStore } from '../../src/koogallery/index.js';

export interface SellerHandlerOptions {
  accessKey: string;
  provision: (call: any) => Promise<{ instanceId: string; frontEndUrl: string; adminUrl?: string; userName: string; password: string }>;
  nonceStore?: NonceStore;
  onRefused?: (failure: { reason: string; message: string }) => void;
}

export function createSellerHandler(options: SellerHandlerOptions): (request: Request) => Promise<Response>;
