// Packs the package as npm would publish it and installs the tarball into a throw-away consumer
// project outside the repository, offline: the runtime matrix and the package checks test exactly
// what a user gets from `npm install huaweicloud-signer`, resolved through its own `exports` map.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const packageName = 'huaweicloud-signer';

// npm prints warnings about this machine's user config on stderr; keep them out of the test output.
const npm = (args, cwd) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

/**
 * @returns {{ root: string, consumer: string, tarball: string, files: string[], cleanup: () => void }}
 *   `files` are the tarball's paths (relative, as `npm pack --json` lists them).
 */
export function packAndInstall({ consumerType = 'module' } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'hcs-pack-'));
  const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', root], repoRoot));
  const tarball = join(root, info.filename);
  const consumer = join(root, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: consumerType }, null, 2));
  npm(['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], consumer);
  return {
    root,
    consumer,
    tarball,
    files: info.files.map((f) => f.path),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
