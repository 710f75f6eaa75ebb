// RutaAPI Connect itself inside the extension host: commands, the key in SecretStorage through the product's own
// commands, settings writes, the status bar item's states and the scrubbed LogOutputChannel.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, probes, statusSnapshot, stubWindow, until } from './probes';

const COMMAND_IDS = [
  'rutaapi.configure',
  'rutaapi.selectModel',
  'rutaapi.verify',
  'rutaapi.setApiKey',
  'rutaapi.removeApiKey',
  'rutaapi.copySupportReport',
  'rutaapi.showLogs',
  'rutaapi.openDashboard',
  'rutaapi.showAccount',
];
const MODEL = 'gpt-4o-mini';
const rand = () => Math.random().toString(36).slice(2, 10);

function sandboxBaseUrl(): string {
  const url = process.env.RUTAAPI_SANDBOX_BASE_URL;
  assert.ok(url, 'RUTAAPI_SANDBOX_BASE_URL is set by the runner (test/e2e/run.mjs or test/editor/desktop.mjs)');
  return url;
}

const cfg = () => vscode.workspace.getConfiguration('rutaapi');

/**
 * Answers the product's prompts for the duration of `fn`. `seen` (when given) receives every message shown,
 * as "warning: …", "info: …" or "error: …", and `picks` the items of every quick pick.
 */
async function withPrompts<T>(
  answers: { input?: string; warning?: string; info?: string; quickPick?: unknown; seen?: string[]; picks?: unknown[][] },
  fn: () => PromiseLike<T>,
): Promise<T> {
  const seen = answers.seen ?? [];
  const restore = [
    stubWindow('showInputBox', (async () => answers.input) as never),
    stubWindow('showWarningMessage', (async (m: string) => {
      seen.push(`warning: ${m}`);
      return answers.warning;
    }) as never),
    stubWindow('showInformationMessage', (async (m: string) => {
      seen.push(`info: ${m}`);
      return answers.info;
    }) as never),
    stubWindow('showErrorMessage', (async (m: string) => {
      seen.push(`error: ${m}`);
      return undefined;
    }) as never),
    stubWindow('showQuickPick', (async (items: unknown[]) => {
      answers.picks?.push([...(await items)]);
      return answers.quickPick;
    }) as never),
  ];
  try {
    return await fn();
  } finally {
    for (const r of restore) r();
  }
}

function statusText(): string {
  return statusSnapshot()?.text ?? '(no status bar item observed)';
}

async function waitStatus(pred: (text: string, bg: string | undefined) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  return until(
    () => {
      const s = statusSnapshot();
      return s && pred(s.text, s.background) ? s.text : false;
    },
    `status bar ${what} (now "${statusText()}"; history: ${probes.statusHistory.join(' → ')})`,
    timeoutMs,
  );
}

function logFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e);
      try {
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.log$/.test(e)) out.push(p);
      } catch {}
    }
  };
  walk(dir);
  return out;
}

export default function register(): void {
  suite('RutaAPI Connect in the extension host', () => {
    const usedKeys: string[] = [];
    const key = (scenario: string) => {
      const k = `sk-ruta-sandbox-${scenario}-ed${rand()}`;
      usedKeys.push(k);
      return k;
    };
    let saved: { baseUrl?: string; model?: string };

    suiteSetup(async function () {
      this.timeout(60_000);
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is installed`);
      await ext.activate();
      const i = cfg();
      saved = { baseUrl: i.inspect<string>('baseUrl')?.globalValue, model: i.inspect<string>('model')?.globalValue };
    });

    // Each test sets up the state it needs with these two (no test relies on the one before it), so any
    // test can run alone (RUTAAPI_TEST_GREP) or in another order.

    /** Sandbox Base URL and user-scope model MODEL, a freshly set (and verified) key: connected. */
    async function connected(): Promise<void> {
      await cfg().update('baseUrl', sandboxBaseUrl(), vscode.ConfigurationTarget.Global);
      await cfg().update('model', MODEL, vscode.ConfigurationTarget.Global);
      if (vscode.workspace.workspaceFolders?.length) {
        await cfg().update('model', undefined, vscode.ConfigurationTarget.Workspace);
        await cfg().update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      }
      // Set API Key verifies the key and saves it before it returns, whatever was saved before.
      await withPrompts({ input: key('ok') }, () => vscode.commands.executeCommand('rutaapi.setApiKey'));
      await waitStatus((t) => t === `$(check) ${MODEL}`, `"$(check) ${MODEL}" before the test`);
    }

    /** No key saved: status "Set up". */
    async function noKey(): Promise<void> {
      await withPrompts({ warning: 'Remove' }, () => vscode.commands.executeCommand('rutaapi.removeApiKey'));
      await waitStatus((t) => /Set up/i.test(t), '"RutaAPI: Set up" before the test');
    }

    suiteTeardown(async () => {
      await cfg().update('baseUrl', saved?.baseUrl, vscode.ConfigurationTarget.Global);
      await cfg().update('model', saved?.model, vscode.ConfigurationTarget.Global);
      await withPrompts({ warning: 'Remove' }, () => vscode.commands.executeCommand('rutaapi.removeApiKey')).then(
        undefined,
        () => undefined,
      );
    });

    test('the extension is active and its status bar item was observed from activation', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      assert.equal(ext.isActive, true);
      assert.ok(
        probes.installedBeforeActivation,
        'the suite loaded after the extension activated: status bar and log probes cannot observe it',
      );
      // activate() only registers command forwarders; the host (and its status bar item) starts one task later.
      await waitStatus(() => true, 'the status bar item', 5_000);
      const s = statusSnapshot();
      assert.ok(s, 'the product created status bar item "rutaapi.status"');
      assert.equal(s.visible, true, 'the status bar item is shown');
    });

    test('every contract command is registered and contributed', async () => {
      const all = await vscode.commands.getCommands(true);
      const missing = COMMAND_IDS.filter((id) => !all.includes(id));
      assert.deepEqual(missing, [], 'registered commands');
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      const contributed = (ext.packageJSON.contributes?.commands ?? []) as Array<{ command: string; title: string; category?: string }>;
      for (const id of COMMAND_IDS) {
        const c = contributed.find((x) => x.command === id);
        assert.ok(c, `${id} contributed in package.json`);
        if (id === 'rutaapi.configure') assert.equal(c.title, 'Configure RutaAPI');
        else assert.equal(c.category, 'RutaAPI', `${id} category`);
      }
    });

    test('status bar: not configured without a key', async () => {
      await noKey();
      await waitStatus((t) => /Set up/i.test(t) && /\$\(plug\)/.test(t), '"$(plug) RutaAPI: Set up"');
      assert.equal(statusSnapshot()?.command, 'rutaapi.statusActions');
    });

    test('commands run without a key: verify, select model and support report point to set-up', async () => {
      await noKey();
      const infos: string[] = [];
      const restore = stubWindow('showInformationMessage', (async (m: string) => {
        infos.push(m);
        return undefined;
      }) as never);
      try {
        await vscode.commands.executeCommand('rutaapi.verify');
        await vscode.commands.executeCommand('rutaapi.selectModel');
        await vscode.commands.executeCommand('rutaapi.copySupportReport');
      } finally {
        restore();
      }
      assert.ok(infos.length >= 2, `information messages: ${JSON.stringify(infos)}`);
      assert.ok(
        infos.some((m) => /not configured|no API key/i.test(m)),
        `a "not configured" message: ${JSON.stringify(infos)}`,
      );
    });

    test('showLogs reveals the RutaAPI log; openDashboard offers only pages the gateway has (never /tokens or /billing)', async () => {
      const shownBefore = probes.logShown;
      await vscode.commands.executeCommand('rutaapi.showLogs');
      assert.equal(probes.logShown, shownBefore + 1, 'showLogs called show() on the RutaAPI log channel');
      const picks: unknown[][] = [];
      await withPrompts({ quickPick: undefined, picks }, () => vscode.commands.executeCommand('rutaapi.openDashboard'));
      assert.ok(picks.length <= 1, 'at most one quick pick');
      const details = picks.flatMap((p) => (p as Array<{ detail?: string }>).map((i) => i.detail ?? ''));
      for (const d of details) {
        assert.match(d, /^https?:\/\//, 'an http(s) page');
        assert.doesNotMatch(d, /app\.rutaapi\.com\/(tokens|billing)\b/, 'not a page that does not exist');
      }
    });

    test('configure opens the setup panel', async () => {
      await vscode.commands.executeCommand('rutaapi.configure');
      const tab = await until(
        () =>
          vscode.window.tabGroups.all
            .flatMap((g) => g.tabs)
            .find((t) => t.input instanceof vscode.TabInputWebview && /RutaAPI/i.test(t.label)),
        'a RutaAPI webview tab',
      );
      assert.ok(tab);
      await vscode.window.tabGroups.close(tab);
    });

    test('SecretStorage through the product: set the key (stored, verified), status connected, verify re-reads it', async () => {
      await cfg().update('baseUrl', sandboxBaseUrl(), vscode.ConfigurationTarget.Global);
      await cfg().update('model', MODEL, vscode.ConfigurationTarget.Global);
      const k = key('ok');
      await withPrompts({ input: k }, () => vscode.commands.executeCommand('rutaapi.setApiKey'));
      await waitStatus((t) => t === `$(check) ${MODEL}`, `"$(check) ${MODEL}"`);
      const s = statusSnapshot()!;
      assert.equal(s.background, undefined, 'no warning/error background when connected');
      assert.ok(!s.tooltip.includes(k), 'tooltip holds no key');
      assert.ok(
        s.tooltip.replace(/\\(.)/g, '$1').includes(sandboxBaseUrl()),
        `tooltip names the Base URL (markdown-escaped): ${s.tooltip}`,
      );
      // rutaapi.verify reads the key back from SecretStorage and checks again: the status goes through
      // "checking" and back to connected, and the log records a verification started by the command.
      const before = probes.statusHistory.length;
      const logBefore = probes.logLines.length;
      await withPrompts({}, () => vscode.commands.executeCommand('rutaapi.verify'));
      await waitStatus((t) => t === `$(check) ${MODEL}`, 'connected after Verify');
      const since = probes.statusHistory.slice(before);
      assert.ok(
        since.some((h) => h.startsWith('$(sync~spin)')),
        `Verify showed a "checking" state: ${since.join(' → ')}`,
      );
      assert.equal(since.at(-1), `$(check) ${MODEL}`, `and ended connected: ${since.join(' → ')}`);
      const logged = probes.logLines.slice(logBefore);
      assert.ok(
        logged.some((l) => /Verifying saved configuration \(command\)/.test(l)),
        `the saved key was verified again: ${logged.join(' | ')}`,
      );
    });

    test('support report: copied, holds the fields, never the key', async () => {
      await connected();
      await withPrompts({}, () => vscode.commands.executeCommand('rutaapi.copySupportReport'));
      const text = await vscode.env.clipboard.readText();
      assert.ok(text.length > 50, `report on the clipboard: "${text.slice(0, 200)}"`);
      for (const k of usedKeys) assert.ok(!text.includes(k), 'the report contains the API key');
      assert.ok(text.includes(sandboxBaseUrl()), 'report names the Base URL');
      assert.ok(text.includes(MODEL), 'report names the model');
    });

    test('status bar: no model, then error state for an unknown model, then connected again', async () => {
      await connected();
      await cfg().update('model', undefined, vscode.ConfigurationTarget.Global);
      await waitStatus((t) => /no model/i.test(t) && /\$\(warning\)/.test(t), '"$(warning) RutaAPI: no model"');
      assert.equal(statusSnapshot()?.background, 'statusBarItem.warningBackground');
      await cfg().update('model', 'gpt-4o-mimi', vscode.ConfigurationTarget.Global);
      await waitStatus((t, bg) => /\$\(error\)/.test(t) && bg === 'statusBarItem.errorBackground', 'error state for model gpt-4o-mimi');
      const tooltip = statusSnapshot()!.tooltip.replace(/\\(.)/g, '$1'); // markdown-escaped
      assert.match(tooltip, /gpt-4o-mini/, `the tooltip suggests the closest model: ${tooltip}`);
      await cfg().update('model', MODEL, vscode.ConfigurationTarget.Global);
      await waitStatus((t) => t === `$(check) ${MODEL}`, 'connected again');
      assert.ok(
        probes.statusHistory.some((s) => s.includes('$(sync~spin)')),
        `a "checking" state was shown: ${probes.statusHistory.join(' → ')}`,
      );
    });

    test('a failed key change keeps the saved key (setApiKey with a bad key stores nothing)', async () => {
      await connected();
      const bad = key('nocredits');
      const before = probes.statusHistory.length;
      // Set API Key returns once the key was verified and the failure shown (nothing saved).
      const seen: string[] = [];
      await withPrompts({ input: bad, seen }, () => vscode.commands.executeCommand('rutaapi.setApiKey'));
      assert.ok(
        seen.some((m) => /^error: /.test(m) && /credit/i.test(m)),
        `the failure was shown: ${JSON.stringify(seen)}`,
      );
      assert.ok(!seen.some((m) => /verified and saved/i.test(m)), `nothing was saved: ${JSON.stringify(seen)}`);
      assert.deepEqual(probes.statusHistory.slice(before), [], 'the status did not change: the saved key is still the one in use');
      // Verify checks whatever key is saved: still the good one.
      await withPrompts({}, () => vscode.commands.executeCommand('rutaapi.verify'));
      await waitStatus((t) => t === `$(check) ${MODEL}`, 'still connected with the saved key');
    });

    test('settings at workspace scope win and the status follows; rollback restores it', async function () {
      if (!vscode.workspace.workspaceFolders?.length) this.skip();
      await connected();
      await cfg().update('model', 'deepseek-chat', vscode.ConfigurationTarget.Workspace);
      await waitStatus((t) => t === '$(check) deepseek-chat', 'connected with the workspace model');
      await cfg().update('model', undefined, vscode.ConfigurationTarget.Workspace);
      await waitStatus((t) => t === `$(check) ${MODEL}`, 'back to the user model');
    });

    test('a workspace Base URL with another origin waits for a confirmation; "Send Key to <origin>" sends it', async function () {
      if (!vscode.workspace.workspaceFolders?.length) this.skip();
      await connected();
      // The same sandbox under another origin (localhost instead of 127.0.0.1): not approved for the key.
      const other = sandboxBaseUrl().replace('127.0.0.1', 'localhost');
      const origin = new URL(other).origin;
      try {
        await cfg().update('baseUrl', other, vscode.ConfigurationTarget.Workspace);
        await waitStatus((t) => /confirm server/i.test(t), '"RutaAPI: confirm server"');
        assert.match(
          statusSnapshot()!.tooltip.replace(/\\(.)/g, '$1'),
          new RegExp(origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
          'the tooltip names the origin',
        );
        // Dismissed: still waiting.
        await withPrompts({ warning: undefined }, () => vscode.commands.executeCommand('rutaapi.verify'));
        assert.match(statusText(), /confirm server/i);
        // Confirmed: verified there, and remembered.
        await withPrompts({ warning: `Send Key to ${origin}` }, () => vscode.commands.executeCommand('rutaapi.verify'));
        await waitStatus((t) => t === `$(check) ${MODEL}`, 'connected through the confirmed origin');
      } finally {
        await cfg().update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    test('removeApiKey deletes the key from SecretStorage: status back to set-up', async () => {
      await connected();
      await withPrompts({ warning: 'Remove' }, () => vscode.commands.executeCommand('rutaapi.removeApiKey'));
      await waitStatus((t) => /Set up/i.test(t), '"RutaAPI: Set up"');
      // verify now finds no key.
      const infos: string[] = [];
      const restore = stubWindow('showInformationMessage', (async (m: string) => {
        infos.push(m);
        return undefined;
      }) as never);
      try {
        await vscode.commands.executeCommand('rutaapi.verify');
      } finally {
        restore();
      }
      assert.ok(
        infos.some((m) => /not configured|no API key/i.test(m)),
        `after removal: ${JSON.stringify(infos)}`,
      );
    });

    test('LogOutputChannel: lines were written and none holds a key (channel and log files)', async () => {
      // Log traffic of this test's own: a good key saved, then a bad one refused (its verification is logged).
      await connected();
      await withPrompts({ input: key('nocredits') }, () => vscode.commands.executeCommand('rutaapi.setApiKey'));
      const marker = /verify failed: insufficient_credits/;
      assert.ok(
        probes.logLines.some((l) => marker.test(l)),
        `the refused key's verification was logged: ${probes.logLines.slice(-5).join(' | ')}`,
      );
      const leaking = probes.logLines.filter((l) => usedKeys.some((k) => l.includes(k)));
      assert.deepEqual(leaking, [], 'log lines with a key');
      const logsRoot = process.env.RUTAAPI_TEST_LOGS_DIR;
      if (logsRoot) {
        // The editor writes the channel to its file asynchronously: wait until the marker line is on disk.
        await until(
          () =>
            logFilesUnder(logsRoot).some((f) => (f.includes(EXTENSION_ID) || /RutaAPI/.test(f)) && marker.test(readFileSync(f, 'utf8'))),
          `the product's log file under ${logsRoot} with the line ${marker}`,
        );
        const files = logFilesUnder(logsRoot);
        for (const f of files) {
          const text = readFileSync(f, 'utf8');
          for (const k of usedKeys) assert.ok(!text.includes(k), `${f} contains an API key`);
        }
      }
    });
  });
}
