/**
 * No dead code in shared/: every name a shared/ module exports is imported by some other file
 * (shared/, scripts/, test/, or a code cell of notebooks/*.ipynb). An export nothing else imports
 * is either dead (its own file does not use it either: delete it) or private (only its own file
 * uses it: drop the `export`). The files are read as they are when the test runs, and parsed with
 * the TypeScript compiler, so static, type-only, dynamic (`await import(...)`) and `import('...').T`
 * imports all count, and a re-export (`export { a } from './b'`) counts as a use of `b`'s `a`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { paths } from '../../shared/core/project/paths';
import { joinSource, parseNotebook } from '../../scripts/lib/notebook-file';
import { resolveImport, tsFiles } from './source-files';

/**
 * Exports kept although no other file imports them, each with its reason. Keep this list short:
 * an entry needs a reason a reader would accept, not "might be useful".
 */
const KEPT: Record<string, string> = {};

/** One file to read: its path (absolute), the directory its relative imports resolve from, and its text. */
export interface ProjectSource {
  file: string;
  importDir: string;
  text: string;
}

export interface UnusedExport {
  /** Absolute path of the exporting file. */
  file: string;
  name: string;
  line: number;
  /** True when the exporting file itself uses the name: it should stay, without `export`. */
  usedInFile: boolean;
  /** True for a name the file passes on (`export { a } from './b'`, `export { a }` of an import): drop it from that list. */
  reexport: boolean;
}

/** Every name of a module, for imports that may use any of them (`import * as m`, a bare `await import`). */
const ALL = '*';

interface ExportedName {
  name: string;
  node: ts.Node;
  /** The declaration's own name, which is not a use of it. */
  declarationName: ts.Node | undefined;
}

function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDefaultModifier(node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
  );
}

function bindingNames(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

/** The names a module exports, each with the node that exports it. */
function exportedNames(source: ts.SourceFile): ExportedName[] {
  const names: ExportedName[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          names.push({ name: element.name.text, node: element, declarationName: undefined });
        }
      } else {
        names.push({ name: ALL, node: statement, declarationName: undefined });
      }
    } else if (ts.isExportAssignment(statement)) {
      names.push({ name: 'default', node: statement, declarationName: undefined });
    } else if (hasExportModifier(statement)) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          for (const id of bindingNames(declaration.name))
            names.push({ name: id.text, node: declaration, declarationName: id });
        }
      } else {
        const named = statement as ts.DeclarationStatement;
        const id = named.name && ts.isIdentifier(named.name) ? named.name : undefined;
        names.push({
          name: hasDefaultModifier(statement) ? 'default' : (id?.text ?? 'default'),
          node: statement,
          declarationName: id,
        });
      }
    }
  }
  return names;
}

function stringLiteral(node: ts.Node | undefined): string | undefined {
  return node && ts.isStringLiteralLike(node) ? node.text : undefined;
}

/** The names `node` (an `await import(...)`, or what it is wrapped in) takes from the module. */
function namesTakenFromDynamicImport(call: ts.CallExpression): string[] {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return [parent.name.text];
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isObjectBindingPattern(parent.name)) {
    const names = parent.name.elements.map((element) => {
      const key = element.propertyName ?? element.name;
      return ts.isIdentifier(key) ? key.text : ALL;
    });
    return names;
  }
  return [ALL];
}

/** The names a namespace import `ns` is used with (`ns.a`), or ALL when `ns` is also used on its own. */
function namesUsedThroughNamespace(source: ts.SourceFile, ns: ts.Identifier): string[] {
  const names: string[] = [];
  let whole = false;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node !== ns && node.text === ns.text) {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) names.push(parent.name.text);
      else if (ts.isQualifiedName(parent) && parent.left === node) names.push(parent.right.text);
      else whole = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return whole ? [ALL] : names;
}

/** Every (module specifier, name) a file imports, re-exports included. */
function importedNames(source: ts.SourceFile): { specifier: string; name: string }[] {
  const imports: { specifier: string; name: string }[] = [];
  const take = (specifier: string | undefined, names: string[]) => {
    if (specifier !== undefined) for (const name of names) imports.push({ specifier, name });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const specifier = stringLiteral(node.moduleSpecifier);
      const clause = node.importClause;
      if (!clause) take(specifier, []);
      else {
        if (clause.name) take(specifier, ['default']);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamedImports(bindings))
          take(
            specifier,
            bindings.elements.map((e) => (e.propertyName ?? e.name).text),
          );
        if (bindings && ts.isNamespaceImport(bindings))
          take(specifier, namesUsedThroughNamespace(source, bindings.name));
      }
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const names =
        clause && ts.isNamedExports(clause) ? clause.elements.map((e) => (e.propertyName ?? e.name).text) : [ALL];
      take(stringLiteral(node.moduleSpecifier), names);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      take(stringLiteral(node.arguments[0]), namesTakenFromDynamicImport(node));
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      take(stringLiteral(node.arguments[0]), [ALL]);
    } else if (ts.isCallExpression(node) && node.arguments.some((a) => stringLiteral(a)?.endsWith('.ts'))) {
      // A module loaded by its path (a worker task module: taskKind(path.join(__dirname, 'tasks.ts'), 'handler')):
      // the string literals of this file name the handlers it calls.
      for (const argument of node.arguments) {
        const file = stringLiteral(argument);
        if (file?.endsWith('.ts')) take(`./${file}`, stringLiterals(source));
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const qualifier = node.qualifier;
      const first = qualifier === undefined ? ALL : ts.isIdentifier(qualifier) ? qualifier.text : leftmost(qualifier);
      take(stringLiteral(node.argument.literal), [first]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return imports;
}

function stringLiterals(source: ts.SourceFile): string[] {
  const literals: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node)) literals.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return literals;
}

function leftmost(name: ts.QualifiedName): string {
  return ts.isIdentifier(name.left) ? name.left.text : leftmost(name.left);
}

/** True when `name` occurs in the file other than where it is declared and exported. */
function usedInOwnFile(source: ts.SourceFile, exported: ExportedName): boolean {
  let used = false;
  const visit = (node: ts.Node): void => {
    if (used) return;
    if (ts.isIdentifier(node) && node.text === exported.name && node !== exported.declarationName) {
      const parent = node.parent;
      const isExportSpecifier = ts.isExportSpecifier(parent);
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isExportSpecifier && !isPropertyName) used = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return used;
}

/**
 * The exports of the `checked` files that no other file of `sources` imports, in file and line order.
 * A `export * from` is itself reported: it hides which names are used.
 */
export function unusedExports(sources: readonly ProjectSource[], checked: (file: string) => boolean): UnusedExport[] {
  const parsed = sources.map((s) => ({ ...s, ast: ts.createSourceFile(s.file, s.text, ts.ScriptTarget.Latest, true) }));
  const used = new Map<string, Set<string>>();
  for (const source of parsed) {
    for (const { specifier, name } of importedNames(source.ast)) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveImport(source.importDir, specifier) ?? resolveAmong(sources, source.importDir, specifier);
      if (target === undefined || target === source.file) continue;
      const names = used.get(target) ?? new Set<string>();
      names.add(name);
      used.set(target, names);
    }
  }
  const unused: UnusedExport[] = [];
  for (const source of parsed.filter((s) => checked(s.file)).sort((a, b) => a.file.localeCompare(b.file))) {
    const names = used.get(source.file) ?? new Set<string>();
    const exports = exportedNames(source.ast);
    const imported = (e: ExportedName) => e.name !== ALL && (names.has(e.name) || names.has(ALL));
    const publicTypes = typesOfPublicSurface(exports.filter(imported), exports);
    for (const exported of exports) {
      if (imported(exported) || publicTypes.has(exported)) continue;
      const line = source.ast.getLineAndCharacterOfPosition(exported.node.getStart(source.ast)).line + 1;
      const reexport = ts.isExportSpecifier(exported.node) && passesOnAnImport(source.ast, exported.node);
      const usedInFile = exported.name !== ALL && !reexport && usedInOwnFile(source.ast, exported);
      unused.push({ file: source.file, name: exported.name, line, usedInFile, reexport });
    }
  }
  return unused;
}

/** True when an `export { a }` element passes on a name the file imports (or names a module it re-exports from). */
function passesOnAnImport(source: ts.SourceFile, element: ts.ExportSpecifier): boolean {
  if (element.parent.parent.moduleSpecifier) return true;
  const local = (element.propertyName ?? element.name).text;
  return source.statements.some((statement) => {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
    return (
      bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === local)
    );
  });
}

function isTypeDeclaration(node: ts.Node): boolean {
  return ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node);
}

/** The identifiers of a declaration's signature: what a caller sees of it (function bodies left out). */
function surfaceNames(node: ts.Node): Set<string> {
  const names = new Set<string>();
  const visit = (child: ts.Node): void => {
    if (ts.isBlock(child)) return;
    if (ts.isIdentifier(child)) names.add(child.text);
    ts.forEachChild(child, visit);
  };
  visit(node);
  return names;
}

/**
 * The exported types (interfaces, type aliases) that appear in the signature of a public export, or of
 * such a type, so a caller can name them: they stay exported although no other file imports them yet.
 */
function typesOfPublicSurface(
  publicExports: readonly ExportedName[],
  exports: readonly ExportedName[],
): Set<ExportedName> {
  const publicTypes = new Set<ExportedName>();
  const pending = [...publicExports];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const names = surfaceNames(next.node);
    for (const candidate of exports) {
      if (
        isTypeDeclaration(candidate.node) &&
        !publicTypes.has(candidate) &&
        names.has(candidate.name) &&
        candidate !== next
      ) {
        publicTypes.add(candidate);
        pending.push(candidate);
      }
    }
  }
  return publicTypes;
}

/** Resolution among the given sources, for files that exist only in memory (the tests of this test). */
function resolveAmong(sources: readonly ProjectSource[], dir: string, specifier: string): string | undefined {
  const base = path.resolve(dir, specifier);
  const files = new Set(sources.map((s) => s.file));
  return [base + '.ts', path.join(base, 'index.ts'), base].find((candidate) => files.has(candidate));
}

const CELL_IMPORT = /\bfrom\s*['"]\.\/shared\//;

/** Cell code a file writes as strings (`"import { step } from './shared/core/notebook/step';"`): it imports from `root`. */
export function cellStrings(source: ProjectSource, root: string): ProjectSource[] {
  const ast = ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true);
  return stringLiterals(ast).flatMap((text, index) =>
    CELL_IMPORT.test(text) ? [{ file: `${source.file}#string${index + 1}`, importDir: root, text }] : [],
  );
}

/** shared/, scripts/ and test/ TypeScript files, and the code cells of the notebooks (they import from the root). */
function projectSources(): ProjectSource[] {
  const files = ['shared', 'scripts', 'test'].flatMap((dir) => tsFiles(path.join(paths.root, dir)));
  const sources: ProjectSource[] = files.map((file) => ({
    file,
    importDir: path.dirname(file),
    text: fs.readFileSync(file, 'utf8'),
  }));
  sources.push(...sources.flatMap((source) => cellStrings(source, paths.root)));
  const notebooks = path.join(paths.root, 'notebooks');
  for (const name of fs
    .readdirSync(notebooks)
    .filter((n) => n.endsWith('.ipynb'))
    .sort()) {
    const file = path.join(notebooks, name);
    const notebook = parseNotebook(fs.readFileSync(file, 'utf8'), file);
    notebook.cells.forEach((cell, index) => {
      if (cell.cell_type !== 'code') return;
      sources.push({ file: `${file}#cell${index + 1}`, importDir: paths.root, text: joinSource(cell.source) });
    });
  }
  return sources;
}

function describe(entry: UnusedExport): string {
  const where = `${path.relative(paths.root, entry.file)}:${entry.line}`;
  if (entry.name === ALL) return `${where}: export * hides which names are used; name them`;
  const what = entry.reexport
    ? 'drop it from the re-export'
    : entry.usedInFile
      ? 'drop its `export`'
      : 'it is dead: delete it';
  return `${where}: ${entry.name} is imported by no other file; ${what}`;
}

test('every export of shared/ is imported by another file (shared/, scripts/, test/ or a notebook)', () => {
  const shared = path.join(paths.root, 'shared') + path.sep;
  const unused = unusedExports(projectSources(), (file) => file.startsWith(shared));
  const key = (entry: UnusedExport) => `${path.relative(paths.root, entry.file)}: ${entry.name}`;
  const problems = unused.filter((entry) => !(key(entry) in KEPT)).map(describe);
  assert.deepEqual(problems, []);
  const stale = Object.keys(KEPT).filter((kept) => !unused.some((entry) => key(entry) === kept));
  assert.deepEqual(stale, [], 'a kept export that is now imported, or gone, leaves the list');
});

test('the check reports a dead export, a private one and an unused re-export, and sees every kind of import', () => {
  const root = path.join(path.sep, 'virtual-project');
  const file = (
    relative: string,
    text: string,
    importDir = path.dirname(path.join(root, relative)),
  ): ProjectSource => ({
    file: path.join(root, relative),
    importDir,
    text,
  });
  const sources = [
    file(
      'shared/a.ts',
      [
        'export interface Options { limit: number }',
        'export interface Internal { n: number }',
        'export function used(options: Options): number { return options.limit; }',
        'export function dead(): number { return 1; }',
        'export function helper(x: Internal): number { return x.n; }',
        'export const viaDynamic = 1, viaNamespace = 2, fromNotebook = 3, viaCellString = 4;',
        'export type ViaImportType = string;',
        'export function run(): number { return helper({ n: 1 }); }',
      ].join('\n'),
    ),
    file(
      'shared/tasks.ts',
      'export function handlerTask(): number { return 1; }\nexport function unusedTask(): number { return 2; }',
    ),
    file('shared/facade.ts', "export { used } from './a';"),
    file(
      'shared/b.ts',
      [
        "import { used, run } from './a';",
        "import * as a from './a';",
        "const { viaDynamic } = await import('./a');",
        "let t: import('./a').ViaImportType;",
        "const kind = taskKind(path.join(__dirname, 'tasks.ts'), 'handlerTask');",
        'console.log(used({ limit: 1 }), run(), a.viaNamespace, viaDynamic, t, kind);',
      ].join('\n'),
    ),
    file('notebooks/01.ipynb#cell2', "import { fromNotebook } from './shared/a';", root),
  ];
  sources.push(
    ...cellStrings(file('test/kernel.test.ts', `const CELL = "import { viaCellString } from './shared/a';";`), root),
  );
  const shared = path.join(root, 'shared') + path.sep;
  const found = unusedExports(sources, (f) => f.startsWith(shared)).map((entry) =>
    describe({ ...entry, file: entry.file.replace(root, paths.root) }),
  );
  assert.deepEqual(found, [
    'shared/a.ts:2: Internal is imported by no other file; drop its `export`',
    'shared/a.ts:4: dead is imported by no other file; it is dead: delete it',
    'shared/a.ts:5: helper is imported by no other file; drop its `export`',
    'shared/facade.ts:1: used is imported by no other file; drop it from the re-export',
    'shared/tasks.ts:2: unusedTask is imported by no other file; it is dead: delete it',
  ]);
});
