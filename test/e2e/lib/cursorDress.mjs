// code-server dressed as Cursor, for one browser context (issue 20: the product detects Cursor from the editor's
// identity, src/host/shared/cursor.ts: `vscode.env.appName` or `vscode.env.uriScheme`).
//
// Where the identity comes from: the extension host gets `appName` (product.nameLong) and `uriScheme`
// (product.urlProtocol) from the WORKBENCH's product service (remoteExtensionHost: `environment.appName`,
// `appUriScheme`), which in the browser is the product built into workbench.js mixed with the embedder's
// `productConfiguration` (web.main.ts). code-server sends that configuration in the workbench page
// (<meta id="vscode-workbench-web-configuration" data-settings="…">). So a copy of the editor's product.json with
// Cursor's names is made (written next to the scenario as product.cursor.json), and its identity fields are mixed into
// that configuration as the workbench reads it: the server, its product.json and every other scenario stay as they are.
import fs from 'node:fs';
import path from 'node:path';
import { codeServerHomeFor } from './editors.mjs';

/** The names Cursor's own product.json carries (Cursor 1.x on Linux). */
export const CURSOR_NAMES = Object.freeze({
  nameShort: 'Cursor',
  nameLong: 'Cursor',
  applicationName: 'cursor',
  dataFolderName: '.cursor',
  urlProtocol: 'cursor',
});

/** The installed editor's product.json, or {} when it cannot be read (e.g. with CS_BIN). */
export function editorProduct(codeServerVersion) {
  try {
    const file = path.join(codeServerHomeFor(codeServerVersion), 'node_modules', 'code-server', 'lib', 'vscode', 'product.json');
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

/** A copy of the installed editor's product.json with Cursor's names. */
export function cursorProduct(codeServerVersion) {
  return { ...editorProduct(codeServerVersion), ...CURSOR_NAMES };
}

/**
 * Dresses every workbench page of `context` with `product`'s identity (CURSOR_NAMES' fields) in its
 * productConfiguration. Done in the page, where the workbench reads its configuration (getAttribute of the meta
 * element), not by rewriting the served page: Chromium treats a page fulfilled by the test as public and then blocks
 * its WebSocket to 127.0.0.1 (local network access checks). `dressed(page)` tells whether that page was dressed.
 */
export async function dressAsCursor(context, product) {
  const identity = Object.fromEntries(Object.keys(CURSOR_NAMES).map((k) => [k, product[k]]));
  await context.addInitScript((names) => {
    const proto = globalThis.Element.prototype;
    const original = proto.getAttribute;
    proto.getAttribute = function (name) {
      const value = original.call(this, name);
      if (this.id !== 'vscode-workbench-web-configuration' || name !== 'data-settings' || !value) return value;
      const config = JSON.parse(value);
      config.productConfiguration = { ...config.productConfiguration, ...names };
      globalThis.__rutaapiDressedAsCursor = true;
      return JSON.stringify(config);
    };
  }, identity);
  return { dressed: (page) => page.evaluate(() => globalThis.__rutaapiDressedAsCursor === true).catch(() => false) };
}
