#!/usr/bin/env node
// The editors the real-editor tests run on (catalogue in ./lib/editors.mjs).
//
//   node test/e2e/editors.mjs --list [--json]        name, VS Code version, code-server and Node binaries, installed?
//   node test/e2e/editors.mjs --install <name|all>   install into .cache/ (code-server, and Node from npm where needed);
//                                                    idempotent, one editor at a time
import path from 'node:path';
import {
  EDITORS,
  EDITOR_NAMES,
  PROJECT_ROOT,
  catalogueJson,
  describeEditor,
  ensureEditor,
  installSeconds,
  parseEditorsArgs,
  resolveEditors,
} from './lib/editors.mjs';
import { ensureOrExit } from '../../scripts/systemPackages.mjs';

function printList(json) {
  const described = EDITORS.map((e) => describeEditor(e));
  if (json) {
    console.log(JSON.stringify(catalogueJson(described), null, 2));
    return;
  }
  const rel = (p) => path.relative(PROJECT_ROOT, p) || p;
  for (const d of described) {
    const secs = d.installed ? installSeconds(d) : null;
    console.log(
      `${d.name.padEnd(12)} VS Code ${d.vscode.padEnd(8)} code-server ${d.codeServerVersion.padEnd(8)} Node ${String(d.nodeMajor).padEnd(3)} ` +
        `${d.installed ? `installed${secs ? ` (${secs} s)` : ''}` : 'not installed'}\n${' '.repeat(13)}${rel(d.codeServer)}  on  ${d.node.startsWith(PROJECT_ROOT) ? rel(d.node) : d.node}`,
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  let o;
  try {
    o = parseEditorsArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  if (o.help) {
    console.log('usage: node test/e2e/editors.mjs --list [--json] | --install <name|all>');
    console.log(`editors: ${EDITOR_NAMES.join(', ')}`);
    process.exit(0);
  }
  let rc = 0;
  if (o.install) {
    await ensureOrExit('editors', resolveEditors(o.install));
    for (const e of resolveEditors(o.install)) {
      const t = Date.now();
      try {
        const d = ensureEditor(e, { log: (m) => console.error(m) });
        console.error(`${e.name}: installed (${d.codeServer}) — ${((Date.now() - t) / 1000).toFixed(1)} s this call`);
      } catch (err) {
        console.error(`${e.name}: install failed: ${err.message}`);
        rc = 1;
      }
    }
  }
  if (o.list) printList(o.json);
  process.exit(rc);
}
