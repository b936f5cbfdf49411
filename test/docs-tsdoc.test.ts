// Every public function (what ./apig, ./koogallery and ./crypto export) carries TSDoc with an @example:
// editors show it on hover, and it is the first usage a newcomer reads.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES = ['src/apig/index.ts', 'src/koogallery/index.ts', 'src/crypto/index.ts'].map((e) => root + e);

function undocumented(): string[] {
  const program = ts.createProgram(ENTRIES, {
    baseUrl: root,
    paths: { '#runtime': ['./src/runtime/node.ts'] },
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    resolveJsonModule: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
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
      if (!/@example/.test(docs)) missing.push(`${exported.name} (${decl.getSourceFile().fileName.slice(root.length)})`);
    }
  }
  return [...new Set(missing)].sort();
}

describe('TSDoc', () => {
  // A whole type-checker pass over src: seconds on a loaded 2-core machine.
  it('every public function has TSDoc with an @example', () => {
    expect(undocumented()).toEqual([]);
  }, 60_000);
});
