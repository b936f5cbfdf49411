// What `#shortcuts` is in the web build, and to the type checker: no shortcut (see ./shortcuts.ts).

/** The shortcuts' shape: `null` where a build has none. */
export interface Shortcuts {
  /** The canonical query of a plain query (unreserved characters, `&`, one `=` a pair), or null: take the general path. */
  readonly plainCanonicalQuery: ((raw: string) => string | null) | null;
}

/** Compiles only for a module that offers exactly the shortcuts' shape. */
export type CanonicalShortcuts<T extends Shortcuts> = T;

export const plainCanonicalQuery: Shortcuts['plainCanonicalQuery'] = null;
