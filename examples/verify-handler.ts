// The same check as a Fetch-API handler (Request in, Response out): served by `bun verify-handler.ts`,
// `deno serve --host 127.0.0.1 --port 8080 --allow-env=SIGN_KEY,SIGN_SECRET,PORT verify-handler.ts`,
// or a Worker (there the secrets are bindings: read them from `env`, the handler's second argument).
import { verifyRequest } from 'huaweicloud-signer/apig';

const { SIGN_KEY, SIGN_SECRET } = process.env;
if (!SIGN_KEY || !SIGN_SECRET) {
  console.error('Set SIGN_KEY and SIGN_SECRET: the sign_key and sign_secret of the signature key bound to your API.');
  process.exit(1);
}
const secrets = new Map([[SIGN_KEY, SIGN_SECRET]]);

export default {
  hostname: '127.0.0.1', // Bun's server reads these two; deno serve takes --host and --port
  port: Number(process.env.PORT ?? 8080),
  async fetch(request: Request): Promise<Response> {
    const result = await verifyRequest(request, (key) => secrets.get(key));
    if (!result.ok) return Response.json({ reason: result.reason }, { status: 401 });
    return Response.json({ hello: result.key });
  },
};
