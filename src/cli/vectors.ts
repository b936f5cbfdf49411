// `hcsign vectors`: run every vector of vectors/ against this library or against a port in another
// language (--exec), or act as a port (--serve). Protocol: vectors/README.md.
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ParsedArgs } from './args.js';
import type { Command } from './command.js';
import { CliError, out, parseSeconds } from './io.js';
import { libraryAnswer, type PortAnswer } from './vectors-port.js';
import { judge, PortProcess, readAnswer, type VectorLike, type Verdict } from './vectors-protocol.js';

/** vectors/ ships beside dist/ in the package: dist/cli.js -> ../vectors. */
function defaultDir(): string {
  return fileURLToPath(new URL('../vectors/', import.meta.url));
}

interface LoadedVector extends VectorLike {
  file: string;
}

/** Every vector of every *.json file of `dir` (schema.json excepted), files in name order. */
export function loadVectors(dir: string): LoadedVector[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'schema.json').sort();
  } catch {
    throw new CliError(`cannot read the vectors directory ${dir}`);
  }
  if (names.length === 0) throw new CliError(`no vector files (*.json) in ${dir}`);
  const all: LoadedVector[] = [];
  for (const file of names) {
    let content: { vectors?: unknown };
    try {
      content = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch {
      throw new CliError(`${file} is not valid JSON`);
    }
    if (!Array.isArray(content.vectors)) throw new CliError(`${file} has no "vectors" array`);
    for (const v of content.vectors as Record<string, unknown>[]) {
      if (typeof v?.id !== 'string' || typeof v.op !== 'string' || typeof v.input !== 'object' || typeof v.expect !== 'object') {
        throw new CliError(`${file}: a vector lacks id, op, input or expect`);
      }
      all.push({ file, id: v.id, op: v.op, input: v.input as Record<string, unknown>, expect: v.expect as Record<string, unknown> });
    }
  }
  return all;
}

function select(vectors: LoadedVector[], args: ParsedArgs): LoadedVector[] {
  const files = args.lists.get('file');
  const ops = args.lists.get('op');
  const chosen = vectors.filter((v) => (!files || files.includes(v.file) || files.includes(v.file.replace(/\.json$/, ''))) && (!ops || ops.includes(v.op)));
  if (chosen.length === 0) throw new CliError('no vector matches --file / --op');
  return chosen;
}

/** Speak the protocol on stdin/stdout with this library: `hcsign vectors --exec 'hcsign vectors --serve'` checks the protocol itself. */
async function serve(): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let id: unknown = null;
    let answer: PortAnswer;
    try {
      const req = JSON.parse(line) as { id?: unknown; op?: unknown; input?: unknown };
      id = req.id ?? null;
      answer = typeof req.op === 'string' ? await libraryAnswer(req.op, (req.input ?? {}) as Record<string, unknown>) : { error: 'the request has no op' };
    } catch {
      answer = { error: 'the request line is not JSON' };
    }
    process.stdout.write(JSON.stringify({ id, ...answer }) + '\n');
  }
  return 0;
}

export const vectorsCommand: Command = {
  path: ['vectors'],
  summary: 'run the test vectors against this library or against a port in another language',
  usage: "vectors [--exec 'COMMAND'] [--file NAME]... [--op OP]... [--strict] [--verbose]",
  description: `Runs every vector of the package's vectors/ directory. Without --exec, against this library
(every op must be answered). With --exec, COMMAND is started once (through the shell) and asked one JSON
line per vector on its stdin: {"id","op","input"}; it answers one line on stdout per request:
{"id","expect":{...}}, {"id","error":"..."} or {"id","unsupported":true}. See vectors/README.md.

Prints each failure and "N passed, N failed" (plus ", N unsupported" when a port skipped ops). Exit code 1
when a vector failed or none passed; with --strict an unsupported vector counts as failed. --serve makes
this command a port itself, answering from stdin with this library.`,
  options: [
    { name: 'exec', kind: 'value', arg: 'COMMAND', help: 'run the vectors against this port command' },
    { name: 'dir', kind: 'value', arg: 'DIR', help: "the vector files' directory (default: the package's vectors/)" },
    { name: 'file', kind: 'list', arg: 'NAME', help: 'only this file, e.g. crypto-hash.json' },
    { name: 'op', kind: 'list', arg: 'OP', help: 'only this op, e.g. hmac-sha256' },
    { name: 'strict', kind: 'flag', help: 'count unsupported vectors as failed' },
    { name: 'timeout', kind: 'value', arg: 'SECONDS', help: "a port's time to answer one vector (default 10)" },
    { name: 'verbose', kind: 'flag', help: 'print every vector, not only failures' },
    { name: 'serve', kind: 'flag', help: 'be a port: answer the protocol on stdin/stdout with this library' },
  ],
  examples: ['hcsign vectors', "hcsign vectors --exec 'python3 port.py' --op sha256 --op hmac-sha256"],
  async run(args) {
    if (args.positionals.length) throw new CliError('vectors takes options only');
    if (args.flags.has('serve')) {
      if (args.values.size || args.lists.size || args.flags.size > 1) throw new CliError('--serve takes no other option');
      return serve();
    }
    const vectors = select(loadVectors(args.values.get('dir') ?? defaultDir()), args);
    const timeoutText = args.values.get('timeout');
    const timeoutMs = timeoutText === undefined ? 10_000 : Math.max(1, parseSeconds(timeoutText, '--timeout') * 1000);
    const command = args.values.get('exec');
    const strict = args.flags.has('strict') || command === undefined; // this library must answer every op
    const verbose = args.flags.has('verbose');
    const port = command === undefined ? undefined : new PortProcess(command);

    const counts = { passed: 0, failed: 0, unsupported: 0 };
    const unsupportedOps = new Set<string>();
    try {
      for (const [index, v] of vectors.entries()) {
        const dead = port?.deadReason;
        if (dead) {
          const rest = vectors.length - index;
          counts.failed += rest;
          out(`FAIL ${rest} remaining vector${rest === 1 ? '' : 's'} not run: ${dead}`);
          break;
        }
        let verdict: Verdict;
        try {
          const answer = port ? readAnswer(v.id, await port.ask({ id: v.id, op: v.op, input: v.input }, timeoutMs)) : await libraryAnswer(v.op, v.input);
          verdict = judge(v, answer);
        } catch (e) {
          verdict = { status: 'failed', message: e instanceof Error ? e.message : String(e) };
        }
        if (verdict.status === 'unsupported') {
          unsupportedOps.add(v.op);
          if (strict) verdict = { status: 'failed', message: `op ${v.op} is not supported${port ? ' by the port' : ''}` };
        }
        counts[verdict.status]++;
        if (verdict.status === 'failed') out(`FAIL ${v.file} ${v.id}: ${verdict.message}`);
        else if (verbose) out(`${verdict.status === 'passed' ? 'ok  ' : 'skip'} ${v.file} ${v.id}`);
      }
    } finally {
      await port?.close();
    }
    if (counts.unsupported > 0) out(`unsupported ops (not counted): ${[...unsupportedOps].sort().join(', ')}`);
    out(`${counts.passed} passed, ${counts.failed} failed${counts.unsupported ? `, ${counts.unsupported} unsupported` : ''}`);
    if (counts.passed === 0 && counts.failed === 0) process.stderr.write('hcsign: no vector passed: the port supports none of the ops run\n');
    return counts.failed > 0 || counts.passed === 0 ? 1 : 0;
  },
};
