export type BuildKind = 'node' | 'deno' | 'web';
export function aliases(kind: BuildKind): { '#runtime': string; '#shortcuts': string };
export function aliasPlugin(kind: BuildKind): { name: string; setup(build: { onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => { path: string }): void }): void };
