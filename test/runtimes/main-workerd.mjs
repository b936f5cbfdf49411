// workerd: the harness Worker. The runner (workerd.mjs) bundles it with the `workerd` export condition
// only, from the consumer project where the packed package is installed, and asks it over HTTP:
//   /vectors           the whole vector suite
//   /fetch             createSignedFetch against the local gateway (env.GATEWAY) and the seller endpoint's checks
//   /verifier?base=U   signed and bad calls to the README's backend verifier, served by workerd at U
import * as lib from 'huaweicloud-signer';
import { runAll } from './entry.ts';
import { runSignedFetch } from './signed-fetch.ts';
import { verifierChecks } from './verifier.ts';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (url.pathname === '/vectors') return Response.json(await runAll(lib));
      // No process environment in a Worker: credentialsFromEnv() takes the bindings object (signed-fetch.ts).
      if (url.pathname === '/fetch') return Response.json(await runSignedFetch(lib, env.GATEWAY, false));
      if (url.pathname === '/verifier') return Response.json(await verifierChecks(lib, url.searchParams.get('base')));
      return new Response('not found', { status: 404 });
    } catch (e) {
      return Response.json({ error: String(e && e.stack ? e.stack : e) }, { status: 500 });
    }
  },
};
