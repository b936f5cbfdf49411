// hcsign: help on every command, one-line errors with exit codes, and secrets never in argv or output.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOC, DOC_ENV, FAQ_VERIFY_FAIL, hcsign, requireBuild, ROOT, tempDir, writeFile } from './fixtures/cli/run.js';

beforeAll(requireBuild);
// Each case spawns Node (slow on a busy CI machine).
vi.setConfig({ testTimeout: 120_000 });

const COMMANDS = [
  ['apig', 'sign'],
  ['apig', 'verify'],
  ['apig', 'diagnose'],
  ['apig', 'check-key'],
  ['koo', 'verify'],
  ['koo', 'body-sign'],
  ['koo', 'encrypt'],
  ['koo', 'decrypt'],
  ['vectors'],
  ['debugger'],
];

describe('help', () => {
  it('lists every command in hcsign --help', () => {
    const r = hcsign(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: hcsign <command>/);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.join(' ')} `);
  });

  it.each(COMMANDS)('%s %s --help prints its usage and options', (...path) => {
    const words = path.filter(Boolean) as string[];
    for (const flag of ['--help', '-h']) {
      const r = hcsign([...words, flag]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^Usage: hcsign ${words.join(' ')} `));
      expect(r.stdout).toContain('Options:');
      expect(r.stdout).toContain('-h, --help');
    }
  });

  it('prints the group help for hcsign apig --help and hcsign koo --help', () => {
    expect(hcsign(['apig', '--help']).stdout).toContain('check-key');
    expect(hcsign(['koo', '--help']).stdout).toContain('body-sign');
  });

  it('--version prints the package version', () => {
    const r = hcsign(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('errors: one line on stderr, exit code 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /^Usage: hcsign/],
    ['unknown command', ['sing'], /^hcsign: unknown command 'sing'/],
    ['unknown subcommand', ['apig', 'sing'], /^hcsign: unknown command 'apig sing'/],
    ['unknown option', ['apig', 'sign', '--bogus', 'https://a.example.com/'], /^hcsign: unknown option --bogus\n$/],
    ['missing value', ['apig', 'sign', '-X'], /^hcsign: -X needs a value/],
    ['missing URL', ['apig', 'sign'], /^hcsign: missing URL\n$/],
    ['relative URL', ['apig', 'sign', '/v1/x'], /^hcsign: the URL must be absolute/],
    ['bad header', ['apig', 'sign', '-H', 'no colon', 'https://a.example.com/'], /^hcsign: -H needs 'Name: value'\n$/],
    ['bad date', ['apig', 'sign', '--date', '2019-11-15', 'https://a.example.com/'], /^hcsign: --date must be YYYYMMDDTHHMMSSZ/],
    ['missing file', ['apig', 'sign', '--data', '@/nonexistent/body.json', 'https://a.example.com/'], /^hcsign: --data: cannot read \/nonexistent\/body.json \(no such file\)\n$/],
    ['V11 without region', ['apig', 'sign', '--algorithm', 'V11-HMAC-SHA256', 'https://a.example.com/'], /^hcsign: V11-HMAC-SHA256 needs --region and --service\n$/],
    ['option given twice', ['apig', 'sign', '-X', 'GET', '-X', 'POST', 'https://a.example.com/'], /^hcsign: -X is given twice\n$/],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const r = hcsign(args, { env: DOC_ENV });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    if (args.length) expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('refuses to run without a secret and says where secrets come from', () => {
    const r = hcsign(['apig', 'sign', 'https://a.example.com/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('hcsign: no secret: set HCSIGN_KEY and HCSIGN_SECRET (or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK), or pass --secret-file FILE or --secret-env NAME\n');
    const k = hcsign(['koo', 'body-sign', '{}']);
    expect(k.code).toBe(2);
    expect(k.stderr).toMatch(/^hcsign: no accessKey: set HCSIGN_ACCESS_KEY/);
  });

  it('library errors carry their stable code', () => {
    const r = hcsign(['koo', 'decrypt', '--type', '1', 'short'], { env: { HCSIGN_ACCESS_KEY: 'k' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hcsign: .+ \(ERR_[A-Z_]+\)\n$/);
  });
});

describe('secrets', () => {
  const SECRET = 'Zq9-unique-secret-VALUE-7731';

  it('has no --secret option, and never echoes what was passed to it', () => {
    for (const args of [['--secret', SECRET], [`--secret=${SECRET}`], ['--access-key', SECRET], ['--sk', SECRET]]) {
      const r = hcsign(['apig', 'sign', ...args, 'https://a.example.com/'], { env: { HCSIGN_KEY: 'k' } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^hcsign: there is no --[a-z-]+ option \(argv is visible to other users\)/);
      expect(r.stderr + r.stdout).not.toContain(SECRET);
    }
  });

  it('reads the secret from HCSIGN_SECRET, HUAWEICLOUD_SDK_SK, --secret-file and --secret-env alike', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'secret', DOC.input.secret + '\n');
    const common = ['apig', 'sign', '--date', DOC.input.date, '-H', 'Content-Type: application/json', DOC.input.url];
    const runs = [
      hcsign(common, { env: DOC_ENV }),
      hcsign(common, { env: { HUAWEICLOUD_SDK_AK: DOC.input.key, HUAWEICLOUD_SDK_SK: DOC.input.secret } }),
      hcsign([...common, '--secret-file', file], { env: { HCSIGN_KEY: DOC.input.key } }),
      hcsign([...common, '--key', DOC.input.key, '--secret-env', 'MY_SK'], { env: { MY_SK: DOC.input.secret } }),
    ];
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Authorization: ${DOC.expect.authorization}\n`);
    }
  });

  it('refuses an empty or multi-line secret file', () => {
    const dir = tempDir();
    const empty = writeFile(dir, 'empty', '\n');
    const two = writeFile(dir, 'two', 'a\nb\n');
    expect(hcsign(['apig', 'sign', '--secret-file', empty, '--key', 'k', 'https://a.example.com/']).stderr).toBe('hcsign: --secret-file: the file is empty\n');
    expect(hcsign(['apig', 'sign', '--secret-file', two, '--key', 'k', 'https://a.example.com/']).stderr).toBe(
      'hcsign: --secret-file: the file must hold the secret alone, on one line\n',
    );
  });

  it('never prints the secret, whatever the command and outcome', () => {
    const dir = tempDir();
    const body = writeFile(dir, 'body.json', '{"a":1}');
    const raw = writeFile(dir, 'req.http', 'GET /x HTTP/1.1\r\nHost: a.example.com\r\nX-Sdk-Date: 20191115T033655Z\r\nAuthorization: SDK-HMAC-SHA256 Access=k, SignedHeaders=host;x-sdk-date, Signature=00\r\n\r\n');
    const apigEnv = { HCSIGN_KEY: 'k', HCSIGN_SECRET: SECRET };
    const kooEnv = { HCSIGN_ACCESS_KEY: SECRET };
    const runs: [string[], Record<string, string>][] = [
      [['apig', 'sign', 'https://a.example.com/x'], apigEnv],
      [['apig', 'sign', '--json', '--data', `@${body}`, 'https://a.example.com/x'], apigEnv],
      [['apig', 'sign', '--curl', 'https://a.example.com/x'], apigEnv],
      [['apig', 'verify', '--request', `@${raw}`], apigEnv],
      [['apig', 'verify', '--request', `@${raw}`, '--now', '20191115T033655Z', '--json'], apigEnv],
      [['apig', 'diagnose', '--error', FAQ_VERIFY_FAIL, 'https://a.example.com/test2'], apigEnv],
      [['apig', 'check-key', '--type', 'hmac', '--key', 'k'], apigEnv],
      [['apig', 'check-key', '--type', 'basic', '--key', 'key1', '--json'], { HCSIGN_SECRET: SECRET }],
      [['apig', 'sign', '--algorithm', 'nope', 'https://a.example.com/x'], apigEnv],
      [['koo', 'body-sign', `@${body}`], kooEnv],
      [['koo', 'body-sign', `@${body}`, '--check', 'sign_type="HMAC-SHA256", signature="AAAA"'], kooEnv],
      [['koo', 'encrypt', '--type', '1', 'hello'], kooEnv],
      [['koo', 'decrypt', '--type', '2', 'abcdefghijklmnopAAAAAAAAAAAAAAAAAAAAAA=='], kooEnv],
      [['koo', 'verify', 'https://isv.example.com/p?a=1&timeStamp=201706211855321&authToken=x', '--json'], kooEnv],
      [['koo', 'verify', 'https://isv.example.com/p', '-H', 'x-sign: 00', '-H', 'x-timestamp: 1', '-H', 'x-nonce: n'], kooEnv],
    ];
    for (const [args, env] of runs) {
      const r = hcsign(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).not.toBe(70);
      expect(r.stdout + r.stderr, args.join(' ')).not.toContain(SECRET);
    }
  });
});

describe('built on the public API only (issue 6)', () => {
  const PUBLIC = ['../index.js', '../apig/index.js', '../koogallery/index.js', '../crypto/index.js'];
  const imports = (file: string) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);

  it('src/cli reaches the library only through its entry points', () => {
    const files = readdirSync(join(ROOT, 'src/cli')).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('http-parse.ts');
    for (const f of files) {
      for (const spec of imports(`src/cli/${f}`).filter((s) => s.startsWith('../'))) expect(PUBLIC, `src/cli/${f}: ${spec}`).toContain(spec);
    }
    expect(imports('src/cli/curl.ts')).toEqual([]);
  });

  it("the debugger page uses the entry points and, besides, only the CLI's curl helper", () => {
    const specs = imports('src/debugger/main.ts');
    expect(specs).toContain('../cli/curl.js');
    for (const spec of specs.filter((s) => s !== '../cli/curl.js')) expect(PUBLIC).toContain(spec);
  });
});
