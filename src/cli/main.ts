// hcsign: the command line of huaweicloud-signer. Sign and verify APIG requests, explain APIG.0303
// errors, check signature keys, verify KooGallery calls, Body-Sign, sensitive fields, run the vectors,
// serve the debugger page.
// Exit codes: 0 success; 1 a check failed (invalid signature, broken key rule, failed vector);
// 2 a usage or input error (one line on stderr). Secrets come from the environment or files only.
import { readFileSync } from 'node:fs';
import { isSignerError } from '../index.js';
import { apigCommands } from './apig.js';
import { debuggerCommand } from './debugger.js';
import { parseArgs, UsageError } from './args.js';
import { helpText, type Command } from './command.js';
import { CliError } from './io.js';
import { kooCommands } from './koo.js';
import { vectorsCommand } from './vectors.js';

const COMMANDS: Command[] = [...apigCommands, ...kooCommands, vectorsCommand, debuggerCommand];

const GROUPS: Record<string, string> = {
  apig: 'APIG SDK-HMAC-SHA256 (App authentication, AK/SK, backend signature keys)',
  koo: 'KooGallery SaaS calls, Body-Sign and sensitive fields',
};

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.path.join(' ').length));
  return [
    'Usage: hcsign <command> [options]',
    '',
    'Sign, verify and debug Huawei Cloud APIG and KooGallery signatures (huaweicloud-signer).',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    "Run 'hcsign <command> --help' for a command's options. Secrets come from environment variables",
    '(HCSIGN_KEY/HCSIGN_SECRET, HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK, HCSIGN_ACCESS_KEY) or --secret-file,',
    'never from an option value. Request options are spelled as curl\'s (-X, -H, -d, --data-raw, --data-binary).',
    'Exit codes: 0 ok, 1 check failed, 2 usage or input error (also: diagnose did not recognise the error).',
    'Warnings (a check that was skipped, a secret with surrounding whitespace) go to stderr.',
    '',
  ].join('\n');
}

function groupHelp(group: string): string {
  const cmds = COMMANDS.filter((c) => c.path[0] === group);
  const width = Math.max(...cmds.map((c) => c.path[1]!.length));
  return [`Usage: hcsign ${group} <command> [options]`, '', GROUPS[group]!, '', 'Commands:', ...cmds.map((c) => `  ${c.path[1]!.padEnd(width)}  ${c.summary}`), ''].join('\n');
}

const isHelp = (a: string | undefined) => a === '--help' || a === '-h' || a === 'help';

/** Run hcsign with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const [first, second] = argv;
  if (first === undefined) {
    process.stderr.write(mainHelp());
    return 2;
  }
  if (isHelp(first)) {
    process.stdout.write(mainHelp());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(version() + '\n');
    return 0;
  }
  let command: Command | undefined;
  let rest: string[];
  if (GROUPS[first]) {
    if (second === undefined || isHelp(second)) {
      (second === undefined ? process.stderr : process.stdout).write(groupHelp(first));
      return second === undefined ? 2 : 0;
    }
    command = COMMANDS.find((c) => c.path[0] === first && c.path[1] === second);
    if (!command) throw new UsageError(`unknown command '${first} ${second.slice(0, 40)}' (see hcsign ${first} --help)`);
    rest = argv.slice(2);
  } else {
    command = COMMANDS.find((c) => c.path.length === 1 && c.path[0] === first);
    if (!command) throw new UsageError(`unknown command '${first.slice(0, 40)}' (see hcsign --help)`);
    rest = argv.slice(1);
  }
  const args = parseArgs(rest, command.options);
  if (args.help) {
    process.stdout.write(helpText(command));
    return 0;
  }
  return command.run(args, env);
}

function errorLine(e: unknown): string {
  if (e instanceof UsageError) return `hcsign: ${e.message}`;
  if (e instanceof CliError) return `hcsign: ${e.message}`;
  // Library errors carry a stable code and never a secret.
  if (isSignerError(e)) return `hcsign: ${e.message} (${e.code})`;
  return `hcsign: internal error: ${e instanceof Error ? e.message : String(e)}`;
}

function exitCodeOf(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof UsageError || isSignerError(e)) return 2;
  return 70; // EX_SOFTWARE: a bug in hcsign
}

// A closed stdout (`hcsign ... | head -1`) ends quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(errorLine(e).split('\n')[0] + '\n');
    process.exitCode = exitCodeOf(e);
  },
);
