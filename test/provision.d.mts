// Types of test/provision.mjs for the TypeScript tests.
export interface MachineFacts {
  uid: number | null;
  debian: boolean;
  missingPackages: string[];
  nodeModules: boolean;
  brokenTools: string[];
  node18: 'present' | 'missing' | 'unavailable';
}
export interface ProvisionPlan {
  aptInstall: string[];
  fetchNode18: boolean;
  stop: string[];
}
export const DEBIAN_PACKAGES: { name: string; provides: string }[];
export function decide(facts: MachineFacts): ProvisionPlan;
export function missingPackages(dpkg: (name: string) => boolean | null, has: (file: string) => boolean): string[];
export function node18PackageName(platform?: string, arch?: string): string | null;
export function node18CacheDir(env?: Record<string, string | undefined>): string;
export function node18BinIn(dir: string, platform?: string): string;
export function node18Bin(env?: Record<string, string | undefined>): string | null;
export function gatherFacts(env?: Record<string, string | undefined>): MachineFacts;
