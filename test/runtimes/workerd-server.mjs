// Starts Cloudflare's workerd (the binary that the devDependency `workerd` brings in its platform package,
// e.g. @cloudflare/workerd-linux-64; npm does not run its install script, and nothing is downloaded) on a
// config written here: each Worker gets its own socket on 127.0.0.1, on a port the kernel picks (workerd
// reports it on --control-fd), and every Worker's outbound fetch can reach loopback addresses only.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { repoRoot } from '../package/pack.mjs';

/** The newest date this workerd release knows is later; a fixed date keeps the Workers' behaviour fixed. */
export const COMPATIBILITY_DATE = '2026-11-01';

const PLATFORM_PACKAGES = { 'linux x64': 'workerd-linux-64', 'linux arm64': 'workerd-linux-arm64', 'darwin x64': 'workerd-darwin-64', 'darwin arm64': 'workerd-darwin-arm64' };

/** The workerd binary inside node_modules (the `workerd` package's own bin is a shim that may download it). */
export function workerdBinary() {
  const name = PLATFORM_PACKAGES[`${process.platform} ${process.arch}`];
  if (!name) throw new Error(`no workerd binary package for ${process.platform} ${process.arch}`);
  let dir;
  try {
    dir = join(createRequire(join(repoRoot, 'package.json')).resolve(`@cloudflare/${name}/package.json`), '..');
  } catch {
    throw new Error(`@cloudflare/${name} is not installed (it comes with the devDependency \`workerd\`: npm ci)`);
  }
  const bin = join(dir, 'bin', 'workerd');
  if (!existsSync(bin)) throw new Error(`${bin} is missing`);
  return bin;
}

const text = (s) => JSON.stringify(String(s)); // a Cap'n Proto text literal

/**
 * @param {string} dir folder that holds the Workers' bundles; the config is written there
 * @param {Array<{ name: string, module: string, bindings?: Record<string, string> }>} workers
 *   `module`: an ES module file in `dir`; `bindings`: text bindings (`env.NAME`)
 * @returns {Promise<{ base: Record<string, string>, stop: () => Promise<void>, log: () => string }>}
 *   `base[name]`: http://127.0.0.1:PORT of each Worker
 */
export async function startWorkerd(dir, workers, { timeoutMs = 30_000 } = {}) {
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
${workers
  .map(
    (w) => `    (name = ${text(w.name)}, worker = (
      modules = [(name = ${text(basename(w.module))}, esModule = embed ${text(basename(w.module))})],
      compatibilityDate = ${text(COMPATIBILITY_DATE)},
      bindings = [${Object.entries(w.bindings ?? {}).map(([k, v]) => `(name = ${text(k)}, text = ${text(v)})`).join(', ')}],
      globalOutbound = "loopback",
    )),`,
  )
  .join('\n')}
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [
${workers.map((w) => `    (name = ${text(w.name)}, address = "127.0.0.1:0", http = (), service = ${text(w.name)}),`).join('\n')}
  ],
);
`;
  const file = join(dir, 'workerd.capnp');
  writeFileSync(file, config);
  const child = spawn(workerdBinary(), ['serve', file, '--control-fd=3'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve(signal ?? code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(hard);
  };
  const base = {};
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`workerd did not listen within ${timeoutMs} ms`)), timeoutMs);
      let control = '';
      child.stdio[3].on('data', (d) => {
        control += d;
        for (const line of control.split('\n').slice(0, -1)) {
          let event;
          try {
            event = JSON.parse(line);
          } catch {
            continue; // not an event this runner reads
          }
          if (event.event === 'listen') base[event.socket] = `http://127.0.0.1:${event.port}`;
        }
        control = control.slice(control.lastIndexOf('\n') + 1);
        if (workers.every((w) => base[w.name])) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('error', (e) => reject(e));
      exited.then((code) => reject(new Error(`workerd exited with ${code}`)));
    });
  } catch (e) {
    await stop();
    throw new Error(`${e.message}${out.trim() ? `: ${out.trim().split('\n').slice(0, 20).join('\n    ')}` : ''}`);
  }
  return { base, stop, log: () => out };
}
