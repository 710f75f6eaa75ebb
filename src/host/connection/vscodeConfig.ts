import type * as vscode from 'vscode';
import type { ConfigPort } from '../shared/ports';

/** ConfigPort over vscode.workspace.getConfiguration(), read fresh on every call. */
export function vscodeConfig(vs: typeof vscode): ConfigPort {
  return {
    get: <T>(key: string) => vs.workspace.getConfiguration().get<T>(key),
    inspect: <T>(key: string) => vs.workspace.getConfiguration().inspect<T>(key),
    update: (key, value, scope) =>
      vs.workspace
        .getConfiguration()
        .update(key, value, scope === 'workspace' ? vs.ConfigurationTarget.Workspace : vs.ConfigurationTarget.Global),
  };
}
