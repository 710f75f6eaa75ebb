// Functions a reader can hold: no function in src/ over 80 lines and no class over 300 (issue 17,
// item 4). Measured with the TypeScript compiler over every src/**/*.ts: a function's lines run from
// its first token (leading comments not counted) to its closing brace, inner closures included.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as ts from 'typescript';

export const MAX_FUNCTION_LINES = 80;
export const MAX_CLASS_LINES = 300;

/**
 * Functions that are tables of data rather than logic, by `file:name`: each entry says why.
 * Keep this list short; a function with branches of its own does not belong here.
 */
const DATA_TABLES: Record<string, string> = {
  // One t('…') per webview string, a flat object literal: the webview's string table.
  'webviewStrings.ts:webviewStrings': 'the webview string table',
  'usageStrings.ts:usageStrings': "the usage view's string table",
};

interface Measured {
  id: string;
  kind: 'function' | 'class';
  lines: number;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const own = (node as { name?: ts.Node }).name;
  if (own) return own.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)))
    return parent.name.getText(sf);
  return `(anonymous at line ${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1})`;
}

/** Every function with a body and every class in `src/`, with its length in lines. */
export function measureSources(root: string): Measured[] {
  const found: Measured[] = [];
  for (const file of sourceFiles(join(root, 'src'))) {
    // Keyed by the file's name, not its folder: moving a file does not change what it holds.
    const rel = basename(file);
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const isFunction = ts.isFunctionLike(node) && (node as { body?: ts.Node }).body !== undefined;
      if (isFunction || ts.isClassLike(node)) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        found.push({ id: `${rel}:${nameOf(node, sf)}`, kind: isFunction ? 'function' : 'class', lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found.sort((a, b) => b.lines - a.lines);
}

describe('function and class size', () => {
  const root = join(__dirname, '..', '..');
  const measured = measureSources(root);

  it(`no function in src/ is over ${MAX_FUNCTION_LINES} lines (data tables aside)`, () => {
    const over = measured.filter((m) => m.kind === 'function' && m.lines > MAX_FUNCTION_LINES && !(m.id in DATA_TABLES));
    assert.deepEqual(
      over.map((m) => `${m.id} (${m.lines} lines)`),
      [],
    );
  });

  it(`no class in src/ is over ${MAX_CLASS_LINES} lines`, () => {
    const over = measured.filter((m) => m.kind === 'class' && m.lines > MAX_CLASS_LINES);
    assert.deepEqual(
      over.map((m) => `${m.id} (${m.lines} lines)`),
      [],
    );
  });

  it('the list of data tables names only what still needs it', () => {
    const byId = new Map(measured.map((m) => [m.id, m]));
    for (const id of Object.keys(DATA_TABLES)) {
      const m = byId.get(id);
      assert.ok(m, `${id} no longer exists: take it off the list`);
      assert.ok(m.lines > MAX_FUNCTION_LINES, `${id} is ${m.lines} lines now: take it off the list`);
    }
  });
});
