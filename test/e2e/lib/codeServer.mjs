// code-server bootstrap, shared by the e2e harness (test/e2e/run.mjs), `npm run demo` and the bench.
//
// The editors themselves (which code-server versions, on which Node, and how each is installed on a machine that can
// only reach the npm registry) are described in ./editors.mjs. This module keeps the one-editor entry points:
// ensureCodeServer() installs (first use) and returns the binary of the `default` editor, code-server 4.100.3
// (= VS Code 1.100.3), in <project>/.cache/code-server/<version>.
//
// Overrides: CS_BIN (use this binary, install nothing), RUTAAPI_CODE_SERVER_VERSION (a catalogue editor by
// code-server version, or any other version on the machine's Node), RUTAAPI_CODE_SERVER_HOME (install folder).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_EDITOR, EDITORS, PROJECT_ROOT, describeEditor, ensureEditor, resolveEditors } from './editors.mjs';

export { PROJECT_ROOT };
const defaultEntry = EDITORS.find((e) => e.name === DEFAULT_EDITOR);
export const CODE_SERVER_VERSION = process.env.RUTAAPI_CODE_SERVER_VERSION || defaultEntry.codeServerVersion;

function overriddenEntry() {
  const known = EDITORS.find((e) => e.codeServerVersion === CODE_SERVER_VERSION);
  return (
    known ?? {
      name: `code-server-${CODE_SERVER_VERSION}`,
      codeServerVersion: CODE_SERVER_VERSION,
      vscode: '?',
      nodeMajor: Number(process.versions.node.split('.')[0]),
    }
  );
}

/**
 * An installed editor: { name, vscode, codeServerVersion, nodeMajor, codeServer, node, home, installed }.
 * `name` is a catalogue name (default: `default`, or the editor RUTAAPI_CODE_SERVER_VERSION names).
 * With CS_BIN set, that binary on this Node, whatever the name.
 */
export function ensureEditorInstalled(name, { log = (m) => console.log(m) } = {}) {
  if (process.env.CS_BIN) {
    return {
      name: name ?? DEFAULT_EDITOR,
      vscode: '?',
      codeServerVersion: '?',
      nodeMajor: Number(process.versions.node.split('.')[0]),
      codeServer: process.env.CS_BIN,
      node: process.execPath,
      home: path.dirname(process.env.CS_BIN),
      installed: true,
    };
  }
  const entry = name ? resolveEditors(name)[0] : overriddenEntry();
  if (!name && process.env.RUTAAPI_CODE_SERVER_HOME) {
    // An explicit install folder: install there (same steps), described with that folder.
    const home = process.env.RUTAAPI_CODE_SERVER_HOME;
    const cache = path.dirname(path.dirname(home));
    if (path.basename(path.dirname(home)) === 'code-server' && path.basename(home) === entry.codeServerVersion)
      return ensureEditor(entry, { log, cache });
    throw new Error('RUTAAPI_CODE_SERVER_HOME must end in code-server/<version>');
  }
  return ensureEditor(entry, { log });
}

/** Make sure the default editor (or the overridden one) is installed; returns the path of its binary. */
export function ensureCodeServer({ log = (m) => console.log(m) } = {}) {
  if (process.env.CS_BIN) return process.env.CS_BIN;
  return ensureEditorInstalled(undefined, { log }).codeServer;
}

export { describeEditor };

// `node test/e2e/lib/codeServer.mjs` installs (or confirms) code-server and prints the binary path.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(ensureCodeServer());
}
