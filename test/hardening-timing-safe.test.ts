// Every comparison of a MAC, signature or credential goes through timingSafeEqual (issue 8): this test
// reads src/**/*.ts and fails on `===`, `!==`, `==`, `!=`, `.equals()` or `.localeCompare()` between
// two values when one of them names a signature, MAC, token, secret, password, digest or expected value
// (an access key id is public: looking it up is not a check). Comparisons with a literal, a constant,
// `typeof` or a length are fine (lengths of MACs are public).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Words that make a name sensitive (camelCase and snake_case are split into words first). */
const SENSITIVE_WORDS = new Set(['signature', 'signatures', 'sig', 'sigs', 'mac', 'hmac', 'token', 'tokens', 'secret', 'secrets', 'expected', 'password', 'digest']);
/** Whole names that are sensitive although none of their words is. */
const SENSITIVE_NAMES = new Set(['bodysign', 'xsign', 'authtoken']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const isSensitiveName = (name: string) => SENSITIVE_NAMES.has(name.toLowerCase().replace(/[_-]/g, '')) || words(name).some((w) => SENSITIVE_WORDS.has(w));

/** Values that are not secrets: literals, constants, `typeof`, lengths and sizes. */
function isPublicValue(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isStringLiteral(e) || ts.isNumericLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isBigIntLiteral(e)) return true;
  if (e.kind === ts.SyntaxKind.NullKeyword || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isIdentifier(e)) return e.text === 'undefined' || /^[A-Z][A-Z0-9_]*$/.test(e.text);
  if (ts.isTypeOfExpression(e) || ts.isVoidExpression(e)) return true;
  if (ts.isPrefixUnaryExpression(e)) return isPublicValue(e.operand);
  if (ts.isPropertyAccessExpression(e)) return ['length', 'size', 'byteLength', 'code', 'name'].includes(e.name.text) || /^[A-Z][A-Z0-9_]*$/.test(e.name.text);
  return false;
}

function mentionsSensitive(e: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isIdentifier(n) && isSensitiveName(n.text)) found = true;
    else if (ts.isStringLiteral(n)) return; // 'x-sign' as a header name is not a value
    else ts.forEachChild(n, visit);
  };
  visit(e);
  return found;
}

const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** The comparisons of sensitive values in one source text, as `line: code`. */
function unsafeComparisons(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const report = (n: ts.Node) => out.push(`${fileName}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.getText().replace(/\s+/g, ' ').slice(0, 120)}`);
  const visit = (n: ts.Node) => {
    if (ts.isBinaryExpression(n) && EQUALITY.has(n.operatorToken.kind)) {
      if (!isPublicValue(n.left) && !isPublicValue(n.right) && (mentionsSensitive(n.left) || mentionsSensitive(n.right))) report(n);
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ['equals', 'localeCompare'].includes(n.expression.name.text)) {
      const args = n.arguments.filter((a) => !isPublicValue(a));
      if (args.length > 0 && (mentionsSensitive(n.expression.expression) || args.some(mentionsSensitive))) report(n);
    }
    // switch (signature) { case expected: ... } is a comparison too.
    if (ts.isSwitchStatement(n) && mentionsSensitive(n.expression)) {
      for (const c of n.caseBlock.clauses) if (ts.isCaseClause(c) && !isPublicValue(c.expression)) report(c.expression);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('MACs, signatures and credentials are compared in constant time only', () => {
  it('src/**/*.ts compares no signature, MAC, token, secret or expected value with ===, !==, equals or switch', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const files = sourceFiles(join(root, 'src'));
    expect(files.length).toBeGreaterThan(30);
    const found = files.flatMap((f) => unsafeComparisons(relative(root, f), readFileSync(f, 'utf8')));
    expect(found, 'use timingSafeEqual from src/crypto/compare.ts').toEqual([]);
  });

  it('the rule catches the usual ways of getting it wrong', () => {
    const bad = [
      'if (signature === expected) ok();',
      'if (expected !== received.signature) fail();',
      'return parsed.signature.toLowerCase() == expectedSig;',
      'const same = hmac != computed;',
      'if (token === authToken) ok();',
      'if (decoded.slice(colon + 1) === secret) ok();',
      'if (bodySign === header) ok();',
      'if (xSign === mine) ok();',
      'if (Buffer.from(mac).equals(Buffer.from(theirs))) ok();',
      'if (a.localeCompare(expectedSignature) === 0) ok();',
      'switch (signature) { case computed: ok(); }',
      'const eq = (await hmacSha256Base64(key, body)) === received;',
      'if (credentials.secret === given) ok();',
    ];
    for (const code of bad) expect(unsafeComparisons('bad.ts', code), code).toHaveLength(1);
  });

  it('and stays quiet on comparisons that leak nothing', () => {
    const fine = [
      "if (typeof secret !== 'string' || secret === '') fail();",
      'if (signature === undefined || signature === null) fail();',
      'if (expected.length !== received.length) return false;',
      'if (parsed.signType !== BODY_SIGN_TYPE) return false;',
      "if (headers.get('x-sign') !== undefined) scheme();",
      "if (e.code === 'ERR_DECRYPT') rethrow();",
      'if (timingSafeEqual(signature, expected)) ok();',
      'if (suite.name === other.name) same();',
      'if (key === credentials.key) lookup();', // an access key id is public: a lookup, not a check
      'if (method === request.method) same();',
      'if (signatures.size === 0) none();',
    ];
    for (const code of fine) expect(unsafeComparisons('fine.ts', code), code).toEqual([]);
  });
});
