// No import circle in src/, counting `import type` (issue 17): a circle of types is still a circle a
// reader must hold in their head, and the next value import along it decides load order by accident.
// Reads every src/**/*.ts with the TypeScript compiler's own import scanner (static, type-only,
// re-exports, require() and import()), resolves the relative ones and looks for strongly connected parts.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const root = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && statSync(f).isFile());
}

/** The file a relative specifier names, or undefined (packages, node: built-ins, assets). */
function resolveRelative(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(js|mjs|cjs)$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.d.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Every file's relative imports (value and type alike), as absolute paths. */
export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles.map((i) => resolveRelative(file, i.fileName)).filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The strongly connected parts with more than one file, or one file importing itself (Tarjan). */
export function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const part: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      part.push(w);
    } while (w !== v);
    if (part.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(part.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import circles', () => {
  it('the checker finds a circle of type imports (it would not pass by seeing nothing)', () => {
    const a = join(root, 'a.ts');
    const b = join(root, 'b.ts');
    const c = join(root, 'c.ts');
    assert.deepEqual(
      circles(
        new Map([
          [a, [b]],
          [b, [c]],
          [c, [a]],
        ]),
      ),
      [[a, b, c]],
    );
    assert.deepEqual(
      circles(
        new Map([
          [a, [b]],
          [b, []],
        ]),
      ),
      [],
    );
  });

  it('no file in src/ reaches itself through its imports, `import type` included', () => {
    const files = sourceFiles(join(root, 'src'));
    assert.ok(files.length > 50, `src/ has ${files.length} files`);
    const graph = importGraph(files);
    assert.ok(
      [...graph.values()].some((targets) => targets.length > 0),
      'the scanner resolves relative imports',
    );
    const found = circles(graph).map((part) => part.map((f) => relative(root, f).split('\\').join('/')));
    assert.deepEqual(found, [], `import circles in src/:\n${found.map((p) => `  ${p.join(' ↔ ')}`).join('\n')}`);
  });
});
