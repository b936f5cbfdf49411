// `hcsign koo simulate`: a local KooGallery against a seller's endpoint; `hcsign koo sign`: one signed call
// for curl. Keys come from the environment (or --secret-file/--secret-env for `sign`), never from argv.
import { createSignedCall, simulateKooGallery, SIMULATED_INTERFACES, type SimulationCheck, type KeyEncoding } from '../koogallery/index.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import type { Command, Env } from './command.js';
import { curlCommand } from './curl.js';
import { CliError, out, readFileBytes, valueText } from './io.js';
import { findSecret, SECRET_ENV_OPTION, SECRET_FILE_OPTION } from './secrets.js';

const KEYS_HELP = `Keys come from the environment: HCSIGN_ACCESS_KEY (the basic interfaces; also orderNotify unless
HCSIGN_NOTIFY_ACCESS_KEY is set) and HCSIGN_KIT_ACCESS_KEY (the SaaS sync kit).`;

const KEY_ENCODING: OptionSpec = { name: 'key-encoding', kind: 'value', arg: 'utf8|base64', help: 'how the keys are written (base64: the EU console shows them encoded; default utf8)' };

function keyEncoding(args: ParsedArgs): KeyEncoding {
  const v = args.values.get('key-encoding') ?? 'utf8';
  if (v !== 'utf8' && v !== 'base64') throw new CliError('--key-encoding must be utf8 or base64');
  return v;
}

function address(args: ParsedArgs): string {
  if (args.positionals.length !== 1) throw new CliError(args.positionals.length === 0 ? 'missing the production address (https://...)' : 'expected one production address');
  const a = args.positionals[0]!;
  if (!/^https?:\/\/[^/?#]+/i.test(a)) throw new CliError('the production address must start with http:// or https://');
  return a;
}

const envKey = (env: Env, name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name]);

function line(c: SimulationCheck): string {
  const where = `${c.interface} (${c.step})`;
  const ms = c.ms === undefined ? '' : ` ${c.ms} ms`;
  if (c.status === 'pass') return `PASS  ${where}${ms}`;
  const head = `${c.status === 'fail' ? 'FAIL' : 'WARN'}  ${where}${ms}: ${c.message ?? ''}`;
  return c.detail ? `${head}\n      ${c.detail}` : head;
}

const simulate: Command = {
  path: ['koo', 'simulate'],
  summary: "a local KooGallery: send every call to your production address and check the answers as the console does",
  usage: 'koo simulate ADDRESS [--only NAME,...] [--public-key FILE] [--timeout-ms N] [--json]',
  description: `Sends every call KooGallery makes to a SaaS seller (newInstance, then queryInstance, refreshInstance,
updateInstanceStatus, upgradeInstance, changeInstanceCheck and releaseInstance on the instance it returned;
orderNotify; the kit's tenantSync, applicationSync, authSync, singleOrgSync and allOrgSync), as KooGallery
signs them, and checks every answer the way the seller console's interface debugging does: HTTP 200,
Content-Type application/json, a Body-Sign header (spelled so) over the exact bytes with the key of the
interface type, JSON with resultCode and resultMsg, resultCode 000000, the required fields and lengths,
and the time limit (20 s; a warning above 5 s). Then idempotency (each call sent twice; newInstance again
with a new businessId must return the same instanceId) and probes your endpoint must refuse: a replayed
call, a body changed after signing, a timestamp two minutes old, another key. Failures print the console's
message. Debug calls carry testFlag and KooGallery's MOCK order ids.

${KEYS_HELP} Without the kit key the kit is skipped; without --public-key, applicationSync.

Exit code 0: every check passed; 1: a check failed; 2: usage error.`,
  options: [
    { name: 'only', kind: 'value', arg: 'NAME,...', help: `run only these (${SIMULATED_INTERFACES.length} interfaces, or probes)` },
    { name: 'public-key', kind: 'value', arg: 'FILE', help: 'your RSA public key (PEM or bare base64 SPKI, as uploaded) for applicationSync' },
    { name: 'timeout-ms', kind: 'value', arg: 'N', help: 'time allowed per answer (default 20000, the console\'s)' },
    KEY_ENCODING,
    { name: 'json', kind: 'flag', help: 'print the report as JSON (for CI)' },
  ],
  examples: ['HCSIGN_ACCESS_KEY=... HCSIGN_KIT_ACCESS_KEY=... hcsign koo simulate https://isv.example.com --public-key seller-public.pem'],
  async run(args, env) {
    const addr = address(args);
    const basic = envKey(env, 'HCSIGN_ACCESS_KEY');
    const kit = envKey(env, 'HCSIGN_KIT_ACCESS_KEY');
    const notify = envKey(env, 'HCSIGN_NOTIFY_ACCESS_KEY');
    if (basic === undefined && kit === undefined) throw new CliError('set HCSIGN_ACCESS_KEY (basic interfaces) and/or HCSIGN_KIT_ACCESS_KEY (the kit)');
    const onlyText = args.values.get('only');
    const only = onlyText?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (only) {
      for (const n of only) if (n !== 'probes' && !(SIMULATED_INTERFACES as readonly string[]).includes(n)) throw new CliError(`--only: unknown interface '${n.slice(0, 40)}' (one of ${SIMULATED_INTERFACES.join(', ')}, probes)`);
    }
    const t = args.values.get('timeout-ms');
    if (t !== undefined && !/^[1-9][0-9]{0,6}$/.test(t)) throw new CliError('--timeout-ms must be a positive whole number of milliseconds');
    const pk = args.values.get('public-key');
    const json = args.flags.has('json');
    const keys: { basic?: string; kit?: string; notify?: string } = {};
    if (basic !== undefined) keys.basic = basic;
    if (kit !== undefined) keys.kit = kit;
    if (notify !== undefined) keys.notify = notify;
    const report = await simulateKooGallery({
      address: addr,
      accessKeys: keys,
      keyEncoding: keyEncoding(args),
      ...(pk !== undefined ? { publicKey: new TextDecoder().decode(readFileBytes(pk, '--public-key', 64 * 1024)) } : {}),
      ...(only ? { only } : {}),
      ...(t !== undefined ? { timeoutMs: Number(t) } : {}),
      ...(json ? {} : { onCheck: (c: SimulationCheck) => out(line(c)) }),
    });
    if (json) {
      out(JSON.stringify(report, null, 2));
    } else {
      for (const s of report.skipped) out(`SKIP  ${s.interface}: ${s.reason}`);
      const { pass, fail, warn } = report.counts;
      out(`\n${pass} passed, ${fail} failed, ${warn} warning${warn === 1 ? '' : 's'}${report.skipped.length ? `, ${report.skipped.length} skipped` : ''}`);
      out(report.ok ? 'OK: the endpoint answers as the console expects.' : 'FAIL: fix these before the console\'s interface debugging.');
    }
    return report.ok ? 0 : 1;
  },
};

const sign: Command = {
  path: ['koo', 'sign'],
  summary: 'sign one call as KooGallery does (URL signature, or x-sign headers for the kit) and print a curl command',
  usage: 'koo sign ADDRESS --body TEXT|@FILE [--kit NAME] [--raw] [--json]',
  description: `Signs one call to your production address as KooGallery sends it: the basic interfaces and
orderNotify with the signature, timestamp and nonce in the URL; with --kit NAME, the kit call to
ADDRESS/produceAPI/v2/NAME with x-sign, x-timestamp and x-nonce headers. A JSON object body is sent in
KooGallery's canonical form (compact, keys ascending) unless --raw. Prints a curl command, or with --json
the URL, headers and body.

${KEYS_HELP} --secret-file or --secret-env override them.`,
  options: [
    { name: 'body', kind: 'value', arg: 'TEXT|@FILE', help: 'the JSON body (text, @file or @- for stdin)' },
    { name: 'kit', kind: 'value', arg: 'NAME', help: 'a kit call: tenantSync, applicationSync, authSync, singleOrgSync or allOrgSync' },
    { name: 'raw', kind: 'flag', help: 'send the body exactly as given (default: canonical JSON)' },
    KEY_ENCODING,
    SECRET_FILE_OPTION,
    SECRET_ENV_OPTION,
    { name: 'json', kind: 'flag', help: 'print { url, method, headers, body } as JSON' },
  ],
  examples: [`HCSIGN_ACCESS_KEY=... hcsign koo sign https://isv.example.com --body '{"activity":"queryInstance","instanceId":"ins-1","testFlag":"1"}'`],
  async run(args, env) {
    const addr = address(args);
    const bodyRef = args.values.get('body');
    if (bodyRef === undefined) throw new CliError('missing --body TEXT|@FILE');
    const text = await valueText(bodyRef, '--body');
    let parsed: Record<string, unknown> | undefined;
    try {
      const v: unknown = JSON.parse(text);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) parsed = v as Record<string, unknown>;
    } catch {
      parsed = undefined;
    }
    const kit = args.values.get('kit');
    const vars = kit !== undefined ? ['HCSIGN_KIT_ACCESS_KEY'] : parsed?.activity === 'orderNotify' ? ['HCSIGN_NOTIFY_ACCESS_KEY', 'HCSIGN_ACCESS_KEY'] : ['HCSIGN_ACCESS_KEY'];
    const secret = findSecret(args, env, vars);
    if (secret === undefined) throw new CliError(`no key: set ${vars.join(' or ')}, or use --secret-file/--secret-env`);
    const body = args.flags.has('raw') || parsed === undefined ? text : parsed;
    const call = await createSignedCall({ address: addr, body, accessKey: secret.value, keyEncoding: keyEncoding(args), ...(kit !== undefined ? { kit: kit as 'tenantSync' } : {}) });
    out(args.flags.has('json') ? JSON.stringify(call, null, 2) : curlCommand({ method: call.method, url: call.url, headers: call.headers, bodyText: call.body }));
    return 0;
  },
};

export const kooSimulateCommands: Command[] = [simulate, sign];
