import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { aliases } from '../src/runtime/aliases.mjs';

// The build switch (#runtime, #shortcuts) as vite aliases.
const runtime = (kind: 'node' | 'web') => Object.entries(aliases(kind)).map(([name, path]) => ({ find: new RegExp(`^${name}$`), replacement: path }));

// Two projects over the same source: `node` (node:crypto) runs everything; `web` forces the Web Crypto
// runtime for the runtime-agnostic unit tests, so both paths pass the same vectors in every run.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    projects: [
      {
        resolve: { alias: runtime('node') },
        test: { name: 'node', env: { EXPECTED_RUNTIME: 'node' }, include: ['test/**/*.test.ts'], exclude: ['test/bench/**', 'node_modules/**'] },
      },
      {
        resolve: { alias: runtime('web') },
        test: { name: 'web', env: { EXPECTED_RUNTIME: 'web' }, include: ['test/unit/**/*.test.ts', 'test/attack/**/*.test.ts'] },
      },
    ],
  },
});
