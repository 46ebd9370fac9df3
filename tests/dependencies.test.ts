/**
 * Every package the service's code loads at run time is a production dependency: the Docker image and
 * `npm ci --omit=dev` installs have no devDependencies, so a `src/` import of one would fail only there.
 * Type-only imports are erased by the compiler and may name dev packages (`@types/…`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './helpers/corpus.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts)$/.test(d.name) && !d.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The modules a file loads when it runs: value imports and re-exports, dynamic import(), require(). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause !== undefined &&
          !clause.name &&
          clause.namedBindings !== undefined &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 &&
          clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      !node.isTypeOnly &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const [arg] = node.arguments;
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire =
        ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1;
      const isResolve =
        ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'resolve';
      if ((isImport || isRequire || isResolve) && arg && ts.isStringLiteral(arg)) found.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Dev packages that src/ names on a path compiled code never takes, and why. */
const DEV_ONLY: Record<string, string> = {
  tsx: 'src/batch/threads.ts loads it only when readout runs from its TypeScript sources (tests, tsx)',
};

const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

describe('production dependencies', () => {
  it('every package src/ loads at run time is in "dependencies"', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const builtins = new Set(builtinModules);
    const used = new Map<string, string>();
    for (const file of sourceFiles(join(projectRoot, 'src'))) {
      for (const specifier of runtimeImports(file)) {
        if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        const name = packageOf(specifier);
        if (builtins.has(name)) continue;
        if (!used.has(name)) used.set(name, relative(projectRoot, file));
      }
    }
    // The scan sees the packages the service is known to need (it cannot pass by finding nothing).
    expect([...used.keys()]).toEqual(expect.arrayContaining(['express', 'puppeteer-core', 'saxes', 'sharp']));
    const missing = [...used]
      .filter(([name]) => !(name in pkg.dependencies) && !(name in DEV_ONLY && name in pkg.devDependencies))
      .map(
        ([name, file]) =>
          `${name} (imported by ${file})${name in pkg.devDependencies ? ' is only a devDependency' : ' is not declared'}`,
      );
    expect(missing).toEqual([]);
  });
});
