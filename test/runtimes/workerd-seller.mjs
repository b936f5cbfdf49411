// workerd: the README's seller endpoint served as the README serves it on Cloudflare Workers,
// `export default { fetch: handle }`, with the handler created once at module level.
import { createSellerHandler } from '../examples/koogallery-handler.mjs';
import seller from './workerd-seller.json';

const handle = createSellerHandler({
  accessKey: seller.accessKey,
  provision: async () => ({ instanceId: seller.instanceId, frontEndUrl: 'https://app.example.com/login', userName: seller.userName, password: seller.password }),
});
export default { fetch: handle };
