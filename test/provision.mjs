#!/usr/bin/env node
// The first step of `npm test`: make sure the machine has what the suite needs, or stop at once with the
// exact command to run. It needs:
//   - the dev dependencies (`npm ci`), with the deno and bun binaries their install scripts fetch;
//   - Debian's chromium (/usr/bin/chromium: the debugger page and the browser rows) and redis-server
//     (the Redis nonce store tests): as root on Debian they are installed here (one `apt-get update`,
//     then `apt-get install -y --no-install-recommends ...`); anyone else is told the command;
//   - a Node 18 binary for the runtime matrix's Node 18 rows (the oldest Node the package supports): the
//     npm package node-<os>-<arch>@18, unpacked into a cache directory outside the repository (it is not a
//     devDependency: it would replace the `node` that every npm script runs). NODE18_BIN overrides it.
// `node test/provision.mjs --dry-run` prints what it would do and changes nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Debian packages the suite needs, and the file each must provide. */
export const DEBIAN_PACKAGES = [
  { name: 'chromium', provides: '/usr/bin/chromium' },
  { name: 'redis-server', provides: 'redis-server' },
];

/** The npm package holding a Node 18 binary for this machine, or null where there is none. */
export function node18PackageName(platform = process.platform, arch = process.arch) {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[platform];
  if (!os || !['x64', 'arm64'].includes(arch) || (os === 'win' && arch !== 'x64')) return null;
  return `node-${os}-${arch}`;
}

/** Where the unpacked Node 18 package lives (kept between runs; outside the repository). */
export function node18CacheDir(env = process.env) {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'huaweicloud-signer', 'node18');
}

/** The Node 18 binary inside an unpacked package directory. */
export function node18BinIn(dir, platform = process.platform) {
  return join(dir, 'package', platform === 'win32' ? 'node.exe' : join('bin', 'node'));
}

/** The Node 18 binary to test with: NODE18_BIN, else the provisioned one; null if neither exists. */
export function node18Bin(env = process.env) {
  if (env.NODE18_BIN) return env.NODE18_BIN;
  const bin = node18BinIn(node18CacheDir(env));
  return existsSync(bin) ? bin : null;
}

/**
 * What to do, from the facts about the machine (pure: the unit tests feed it fake answers).
 * @param {{ uid: number | null, debian: boolean, missingPackages: string[], nodeModules: boolean,
 *   brokenTools: string[], node18: 'present' | 'missing' | 'unavailable' }} facts
 * @returns {{ aptInstall: string[], fetchNode18: boolean, stop: string[] }} `stop`: one line each,
 *   with the exact command; when it is not empty nothing is installed.
 */
export function decide(facts) {
  const stop = [];
  const aptInstall = [];
  if (!facts.nodeModules) {
    stop.push('the dev dependencies are not installed: run `npm ci`');
  } else if (facts.brokenTools.length > 0) {
    const names = facts.brokenTools.join(' ');
    stop.push(`${facts.brokenTools.join(' and ')} did not run (their install scripts did not complete): run \`npm rebuild ${names}\``);
  }
  const missing = facts.missingPackages;
  if (missing.length > 0) {
    const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
    if (facts.debian && facts.uid === 0) aptInstall.push(...missing);
    else if (facts.debian) stop.push(`missing Debian packages ${missing.join(', ')}: run \`sudo apt-get update && sudo ${install}\``);
    else stop.push(`missing ${missing.join(' and ')} (the tests use Debian's /usr/bin/chromium and redis-server): on Debian, as root, run \`apt-get update && ${install}\``);
  }
  const fetchNode18 = facts.node18 === 'missing';
  // Nothing is installed when the run stops anyway: one message, then the user runs the commands.
  if (stop.length > 0) return { aptInstall: [], fetchNode18: false, stop };
  return { aptInstall, fetchNode18, stop };
}

// ------------------------------------------------------------------ facts about this machine

function onPath(command) {
  if (command.startsWith('/')) return existsSync(command);
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, command)));
}

/** dpkg's answer for a package; null where there is no dpkg. */
function dpkgInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  if (r.error) return null;
  return r.status === 0 && /\binstall ok installed\b/.test(r.stdout);
}

function runs(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0;
}

/**
 * The packages of DEBIAN_PACKAGES that are missing. `dpkg(name)`: true/false as dpkg answers, null where
 * there is no dpkg; there, `has(file)` decides (a file on PATH, or an absolute path).
 */
export function missingPackages(dpkg, has) {
  return DEBIAN_PACKAGES.filter((p) => {
    const installed = dpkg(p.name);
    return installed === null ? !has(p.provides) : !installed;
  }).map((p) => p.name);
}

export function gatherFacts(env = process.env) {
  const debian = existsSync('/etc/debian_version') && onPath('apt-get');
  const missing = missingPackages((name) => (debian ? dpkgInstalled(name) : null), onPath);
  const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
  const nodeModules = ['tsup', 'vitest', 'tsc'].every((n) => existsSync(bin(n)));
  const brokenTools = nodeModules ? ['deno', 'bun'].filter((n) => !runs(bin(n))) : [];
  let node18 = 'present';
  if (!node18Bin(env)) node18 = node18PackageName() ? 'missing' : 'unavailable';
  return { uid: typeof process.getuid === 'function' ? process.getuid() : null, debian, missingPackages: missing, nodeModules, brokenTools, node18 };
}

// ------------------------------------------------------------------ doing it

function run(command, args, extraEnv = {}) {
  console.log(`provision: ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) {
    console.error(`provision: \`${[command, ...args].join(' ')}\` failed (${r.error?.message ?? `exit code ${r.status}`})`);
    process.exit(1);
  }
}

function fetchNode18(env) {
  const name = node18PackageName();
  const dir = node18CacheDir(env);
  // Unpacked beside the cache directory, then renamed into place: a run that stops half-way, or two
  // runs at once, never leave a half-unpacked Node behind.
  const work = `${dir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  // `npm pack` takes the package from the npm registry without installing it; tar unpacks it.
  run('npm', ['pack', `${name}@18`, '--silent', '--pack-destination', work]);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) {
    console.error(`provision: npm pack ${name}@18 left no tarball in ${work}`);
    process.exit(1);
  }
  run('tar', ['xzf', join(work, tarball), '-C', work]);
  rmSync(join(work, tarball));
  const r = spawnSync(node18BinIn(work), ['--version'], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout.startsWith('v18.')) {
    console.error(`provision: ${name}@18 holds no working Node 18 (${(r.stdout || r.stderr || r.error?.message || '').trim()})`);
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
  }
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(work, dir);
  } catch (e) {
    // Another run put it in place first.
    rmSync(work, { recursive: true, force: true });
    if (!existsSync(node18BinIn(dir))) throw e;
  }
  console.log(`provision: Node ${r.stdout.trim()} in ${dir}`);
}

function main() {
  const dryRun = process.argv.includes('--dry-run');
  const facts = gatherFacts();
  const plan = decide(facts);
  if (dryRun) {
    console.log(JSON.stringify({ facts, plan }, null, 2));
    return;
  }
  if (plan.stop.length > 0) {
    console.error('npm test cannot run on this machine yet:');
    for (const line of plan.stop) console.error(`  - ${line}`);
    process.exit(1);
  }
  if (plan.aptInstall.length > 0) {
    const noninteractive = { DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update'], noninteractive);
    run('apt-get', ['install', '-y', '--no-install-recommends', ...plan.aptInstall], noninteractive);
  }
  if (plan.fetchNode18) fetchNode18(process.env);
  if (facts.node18 === 'unavailable') console.log(`provision: no Node 18 package for ${process.platform}-${process.arch}: the Node 18 rows will not run (set NODE18_BIN to run them)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
