// Every public function (what ./apig, ./koogallery and ./crypto export) carries TSDoc with an @example
// and a @throws: editors show it on hover, it is the first usage a newcomer reads, and @throws names the
// SignerError codes to catch (or says that nothing is thrown).
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES = ['src/apig/index.ts', 'src/koogallery/index.ts', 'src/crypto/index.ts'].map((e) => root + e);

// One type-checker pass for both tests: each public function's name, file and TSDoc text.
let publicDocs: { name: string; docs: string }[] | undefined;

/** Public functions whose TSDoc lacks `tag`. */
function undocumented(tag: RegExp): string[] {
  publicDocs ??= walk();
  return [...new Set(publicDocs.filter((f) => !tag.test(f.docs)).map((f) => f.name))].sort();
}

function walk(): { name: string; docs: string }[] {
  const program = ts.createProgram(ENTRIES, {
    baseUrl: root,
    paths: { '#runtime': ['./src/runtime/runtime.d.ts'], '#shortcuts': ['./src/canonical/no-shortcuts.ts'] },
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    resolveJsonModule: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const found: { name: string; docs: string }[] = [];
  for (const entry of ENTRIES) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decl = symbol.declarations?.[0];
      if (!decl) continue;
      const isFunction = ts.isFunctionDeclaration(decl) || (ts.isVariableDeclaration(decl) && decl.initializer !== undefined && ts.isArrowFunction(decl.initializer));
      if (!isFunction) continue;
      const host = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
      const docs = ts.getJSDocCommentsAndTags(host).map((d) => d.getText()).join('\n');
      found.push({ name: `${exported.name} (${decl.getSourceFile().fileName.slice(root.length)})`, docs });
    }
  }
  return found;
}

describe('TSDoc', () => {
  // A whole type-checker pass over src: seconds on a loaded 2-core machine.
  it('every public function has TSDoc with an @example', () => {
    expect(undocumented(/@example/)).toEqual([]);
    // The walk itself must see the public API, or both tests would pass on nothing.
    expect(publicDocs!.length).toBeGreaterThan(60);
  }, 60_000);

  it('every public function has TSDoc with @throws', () => {
    expect(undocumented(/@throws\b/)).toEqual([]);
  }, 60_000);
});
