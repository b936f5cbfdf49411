// The JSON-lines vector protocol (vectors/README.md, "Running the vectors against a port"): how an
// answer is judged against a vector, and a client that talks to a port process over stdin/stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import type { PortAnswer } from './vectors-port.js';

export interface VectorLike {
  id: string;
  op: string;
  input: Record<string, unknown>;
  expect: Record<string, unknown>;
}

export type Verdict = { status: 'passed' } | { status: 'unsupported' } | { status: 'failed'; message: string };

/** Expect fields a port is not asked to produce: the library's own suite checks them (parsing, not computing). */
const NOT_COMPUTED: Record<string, readonly string[]> = {
  'koogallery-body-sign': ['javaHeader'],
};

function show(value: unknown): string {
  const s = JSON.stringify(value) ?? 'undefined';
  return s.length > 160 ? s.slice(0, 157) + '...' : s;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Judge a port's answer to a vector: every field of the vector's `expect` must be in the answer's
 * `expect` with the same JSON value, except `hexPrefix` (the answer's `hex` must start with it), the
 * fields of {@link NOT_COMPUTED}, and `error` (the port must refuse: answer with `error`).
 */
export function judge(vector: VectorLike, answer: PortAnswer): Verdict {
  if ('unsupported' in answer) return { status: 'unsupported' };
  if ('error' in vector.expect) {
    return 'error' in answer ? { status: 'passed' } : { status: 'failed', message: 'expected a refusal (an error answer), got values' };
  }
  if ('error' in answer) return { status: 'failed', message: `the port answered an error: ${show(answer.error).slice(1, -1)}` };
  const got = answer.expect;
  let compared = 0;
  for (const [field, want] of Object.entries(vector.expect)) {
    if (NOT_COMPUTED[vector.op]?.includes(field)) continue;
    compared++;
    if (field === 'hexPrefix') {
      const h = got.hex;
      if (typeof h !== 'string') return { status: 'failed', message: 'hex: missing from the answer (the vector gives hexPrefix)' };
      if (h.slice(0, String(want).length) !== want) return { status: 'failed', message: `hex: expected to start with ${show(want)}, got ${show(h)}` };
      continue;
    }
    if (!(field in got)) return { status: 'failed', message: `${field}: missing from the answer` };
    if (!sameJson(got[field], want)) return { status: 'failed', message: `${field}: expected ${show(want)}, got ${show(got[field])}` };
  }
  if (compared === 0) return { status: 'failed', message: 'the vector has no field a port computes' };
  return { status: 'passed' };
}

/** Check that a parsed line is a well-formed answer for `id`. */
export function readAnswer(id: string, line: string): PortAnswer {
  let a: unknown;
  try {
    a = JSON.parse(line);
  } catch {
    throw new Error(`the port answered a line that is not JSON: ${show(line)}`);
  }
  if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new Error('the answer is not a JSON object');
  const o = a as Record<string, unknown>;
  if (o.id !== id) throw new Error(`the answer is for id ${show(o.id)}, not ${show(id)} (answer each line in order)`);
  const kinds = ['expect', 'error', 'unsupported'].filter((k) => k in o);
  if (kinds.length !== 1) throw new Error('an answer has exactly one of "expect", "error" or "unsupported"');
  if ('expect' in o) {
    if (typeof o.expect !== 'object' || o.expect === null || Array.isArray(o.expect)) throw new Error('"expect" must be an object');
    return { expect: o.expect as Record<string, unknown> };
  }
  if ('error' in o) return { error: String(o.error) };
  if (o.unsupported !== true) throw new Error('"unsupported" must be true');
  return { unsupported: true };
}

/** A port process: one request line in, one answer line out, in order. */
export class PortProcess {
  private readonly child: ChildProcess;
  private buffer = '';
  private lines: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private exited: string | undefined;

  constructor(command: string) {
    // Its own process group, so that a timeout kills the port and not only the shell running it.
    this.child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl).replace(/\r$/, '');
        this.buffer = this.buffer.slice(nl + 1);
        if (line.trim() === '') continue;
        this.push(line);
      }
    });
    this.child.stdin!.on('error', () => undefined); // EPIPE when the port died: reported by 'exit'
    this.child.on('error', (e) => this.finish(`the port could not start: ${e.message}`));
    this.child.on('exit', (code, signal) => this.finish(`the port exited (${signal ? `signal ${signal}` : `code ${code}`})`));
  }

  private push(line: string): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w(line);
    } else this.lines.push(line);
  }

  private finish(why: string): void {
    if (this.exited) return;
    this.exited = why;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w(null);
    }
  }

  /** Why the port cannot answer any more (it exited or timed out), once it cannot. */
  get deadReason(): string | undefined {
    return this.lines.length === 0 ? this.exited : undefined;
  }

  /** Send one request and wait for one line, or throw (timeout, exit). */
  async ask(request: { id: string; op: string; input: unknown }, timeoutMs: number): Promise<string> {
    if (this.exited && this.lines.length === 0) throw new Error(this.exited);
    this.child.stdin!.write(JSON.stringify(request) + '\n');
    const queued = this.lines.shift();
    if (queued !== undefined) return queued;
    if (this.exited) throw new Error(this.exited);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const line = await new Promise<string | null | 'timeout'>((resolve) => {
      this.waiting = resolve;
      timer = setTimeout(() => {
        this.waiting = undefined;
        resolve('timeout');
      }, timeoutMs);
    });
    clearTimeout(timer);
    if (line === 'timeout') {
      this.kill();
      this.exited = `the port did not answer within ${timeoutMs} ms`;
      throw new Error(this.exited);
    }
    if (line === null) throw new Error(this.exited ?? 'the port exited');
    return line;
  }

  /** Close stdin (the port should exit on end of input); kill it if it lingers. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin!.end();
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.kill();
        resolve();
      }, 2000);
      this.child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private kill(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }
}
