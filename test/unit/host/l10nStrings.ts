// Finds every user-facing string literal passed to core's t() or vscode.l10n.t() in src/**/*.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface FoundString {
  message: string;
  file: string;
  line: number;
}

function walkDir(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walkDir(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** host/shared/shown.ts's tShown(surface, message, ...args) translates its second argument. */
function messageIndex(node: ts.CallExpression): number {
  const callee = node.expression;
  return ts.isIdentifier(callee) && callee.text === 'tShown' ? 1 : 0;
}

function isTranslateCall(node: ts.CallExpression): boolean {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text === 't' || callee.text === 'tShown';
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 't' && /(^|\.)l10n$/.test(callee.expression.getText());
}

export function collectL10nStrings(root: string): { found: FoundString[]; nonLiteral: FoundString[] } {
  const found: FoundString[] = [];
  const nonLiteral: FoundString[] = [];
  for (const file of walkDir(join(root, 'src'), [])) {
    const text = readFileSync(file, 'utf8');
    if (!/\b(t|tShown)\(/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const rel = relative(root, file);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isTranslateCall(node) && node.arguments.length > messageIndex(node)) {
        const arg = node.arguments[messageIndex(node)];
        const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) found.push({ message: arg.text, file: rel, line });
        else nonLiteral.push({ message: arg.getText(), file: rel, line });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { found, nonLiteral };
}
