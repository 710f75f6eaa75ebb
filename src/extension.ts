// The bootstrap: activate() only registers the command forwarders and schedules the host, so the
// editor's activation figure is the cost of this file. Everything else lives in dist/host.js
// (src/host/startHost.ts), started one task later or by the first command, whichever comes first.
import * as path from 'node:path';
// A plain require: `import * as` makes esbuild copy every export of the API object at load time.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: activation time
import vscode = require('vscode');
import { COMMANDS, HANDLE_URI } from './host/bootstrap/commandIds';
import { DeferredHost } from './host/bootstrap/deferredHost';
import { requireDist } from './host/bootstrap/requireDist';
import type { startHost } from './host/startHost';

export function activate(context: vscode.ExtensionContext): void {
  const distDir = __dirname || path.join(context.extensionPath, 'dist');
  const host = new DeferredHost(
    (register) => {
      const mod = requireDist<{ startHost: typeof startHost }>(distDir, 'host.js', (m) => typeof m.startHost === 'function');
      mod.startHost(vscode, context, distDir, register);
    },
    (error) => {
      console.error('[RutaAPI Connect] start-up failed:', error);
      // Node appends the require stack to a missing-module message: the first line is the news.
      const reason = error.message.split('\n')[0];
      void vscode.window.showErrorMessage(vscode.l10n.t('RutaAPI Connect could not start: {0}. Reinstall the extension.', reason));
    },
  );
  for (const id of Object.values(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => host.run(id, args)));
  }
  // Dashboard links (`onUri`): handled by the host (src/host/commands/connectUri.ts), which starts if need be.
  context.subscriptions.push(vscode.window.registerUriHandler({ handleUri: (uri) => void host.run(HANDLE_URI, [uri]) }));
  const timer = setTimeout(() => host.start(), 0);
  context.subscriptions.push({ dispose: () => (clearTimeout(timer), host.dispose()) });
}

export function deactivate(): void {}
