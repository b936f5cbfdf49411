// The signers' canonicalization shortcuts, in the builds whose hashing is synchronous (node:crypto on
// Node, Bun and Deno); the web build gets ./no-shortcuts.ts instead (see src/runtime/aliases.mjs). Each
// shortcut answers null where it does not apply, and otherwise exactly what the general path answers.
import type { CanonicalShortcuts } from './no-shortcuts.js';
import { plainCanonicalQuery } from './query.js';

export { plainCanonicalQuery };

// Both modules offer the same shape (a type: nothing of it reaches a bundle).
import type * as self from './shortcuts.js';
type Same = CanonicalShortcuts<typeof self>;
