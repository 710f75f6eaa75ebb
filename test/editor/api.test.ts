// The editor APIs RutaAPI Connect relies on, exercised for real in this host (code-server or desktop VS Code).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './probes';

const FIXTURE_ID = 'rutaapi-tests.editor-tests-fixture';

interface FixtureApi {
  secrets: vscode.SecretStorage;
  logUri: vscode.Uri;
}

export default function register(): void {
  suite('editor APIs (real vscode)', () => {
    test('SecretStorage: store, get, delete and onDidChange', async () => {
      const fixture = vscode.extensions.getExtension<FixtureApi>(FIXTURE_ID);
      assert.ok(fixture, `the test fixture extension ${FIXTURE_ID} is loaded`);
      const { secrets } = await fixture.activate();
      const key = 'rutaapi.test.secret';
      const value = `sk-ruta-sandbox-ok-api${Date.now().toString(36)}`;
      const events: string[] = [];
      const sub = secrets.onDidChange((e) => events.push(e.key));
      try {
        await secrets.store(key, value);
        assert.equal(await secrets.get(key), value);
        await secrets.store(key, `${value}-2`);
        assert.equal(await secrets.get(key), `${value}-2`);
        await secrets.delete(key);
        assert.equal(await secrets.get(key), undefined);
        // onDidChange is asynchronous: one event per store/delete, for this key.
        const end = Date.now() + 5000;
        while (events.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
        assert.ok(events.length >= 3, `onDidChange fired ${events.length} times for 3 changes`);
        assert.ok(
          events.every((k) => k === key),
          `onDidChange keys: ${events.join(', ')}`,
        );
        assert.equal(await secrets.get('rutaapi.apiKey'), undefined, 'secrets are per extension: the fixture cannot see the product key');
      } finally {
        sub.dispose();
        await secrets.delete(key);
      }
    });

    test('configuration: writes at user and workspace scope, and their rollback', async function () {
      const cfg = () => vscode.workspace.getConfiguration('rutaapi');
      const before = cfg().inspect<string>('model');
      try {
        await cfg().update('model', 'user-scope-model', vscode.ConfigurationTarget.Global);
        assert.equal(cfg().inspect<string>('model')?.globalValue, 'user-scope-model');
        assert.equal(cfg().get('model'), 'user-scope-model');
        if (!vscode.workspace.workspaceFolders?.length) {
          this.skip();
          return;
        }
        await cfg().update('model', 'workspace-scope-model', vscode.ConfigurationTarget.Workspace);
        assert.equal(cfg().inspect<string>('model')?.workspaceValue, 'workspace-scope-model');
        assert.equal(cfg().get('model'), 'workspace-scope-model', 'workspace wins over user');
        const wsFile = vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, '.vscode', 'settings.json');
        const text = Buffer.from(await vscode.workspace.fs.readFile(wsFile)).toString('utf8');
        assert.match(text, /"rutaapi\.model":\s*"workspace-scope-model"/);
        // Rollback: writing the previous (absent) value removes the setting again.
        await cfg().update('model', before?.workspaceValue, vscode.ConfigurationTarget.Workspace);
        assert.equal(cfg().inspect<string>('model')?.workspaceValue, before?.workspaceValue);
        assert.equal(cfg().get('model'), 'user-scope-model');
      } finally {
        await cfg()
          .update('model', before?.workspaceValue, vscode.ConfigurationTarget.Workspace)
          .then(undefined, () => undefined);
        await cfg().update('model', before?.globalValue, vscode.ConfigurationTarget.Global);
      }
      assert.equal(cfg().inspect<string>('model')?.globalValue, before?.globalValue);
    });

    test('configuration: every rutaapi.* setting is contributed with its documented default', () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext);
      const props = (ext.packageJSON.contributes?.configuration?.properties ?? {}) as Record<string, { default?: unknown }>;
      for (const key of [
        'rutaapi.baseUrl',
        'rutaapi.model',
        'rutaapi.verifyOnStartup',
        'rutaapi.requestTimeoutSeconds',
        'rutaapi.useBaseUrlAsEntered',
      ]) {
        assert.ok(props[key], `${key} contributed`);
        const section = key.slice('rutaapi.'.length);
        const i = vscode.workspace.getConfiguration('rutaapi').inspect(section);
        assert.deepEqual(i?.defaultValue, props[key].default, `${key} default`);
      }
      assert.equal(vscode.workspace.getConfiguration('rutaapi').inspect('baseUrl')?.defaultValue, 'https://api.rutaapi.com/v1');
    });
  });
}
