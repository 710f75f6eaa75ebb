import * as panelModule from '../../../src/host/panel/panelEntry';
import { strict as assert } from 'node:assert';
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VerifyOptions } from '../../../src/core/types';
import { COMMANDS } from '../../../src/host/bootstrap/commandIds';
import { Commands } from '../../../src/host/commands/commands';
import { AccountState } from '../../../src/host/account/accountState';
import { Connection } from '../../../src/host/connection/connectionState';
import { originDialog } from '../../../src/host/connection/originDialog';
import { notifier } from '../../../src/host/shared/notifier';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { ModelCache } from '../../../src/host/connection/modelCache';
import { Emitter } from '../../../src/host/shared/event';
import { setTranslator } from '../../../src/core/l10n';
import {
  FakeConfig,
  FakeLogChannel,
  FakeMemento,
  FakeSecretStorage,
  NEW_API_DASHBOARD,
  fakeAccountRead,
  hostParts,
  tick,
  fakeResult,
  LoadedModule,
} from './fakes';
import { wireCommands } from './commandsHarness';
import type { AccountRead, AccountReadOptions, DashboardLinks } from '../../../src/core/gatewayAccount/types';
import { fakeVscode, type Script } from './fakeVscode';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));

function setup(script: Script, verifyOk: (o: VerifyOptions) => boolean) {
  const h = hostParts();
  const f = fakeVscode(script);
  const calls: VerifyOptions[] = [];
  const gw = { verify: async (o: VerifyOptions) => (calls.push(o), fakeResult(o, verifyOk(o))) };
  const { connection, cmds } = wireCommands(h, f.vs, gw);
  return { ...h, f, calls, connection, cmds };
}

describe('host commands', () => {
  it('registers every command contributed in package.json', () => {
    const s = setup({}, () => true);
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual([...s.f.commands.keys()].sort(), contributed);
    const configure = pkg.contributes.commands.find((c: { command: string }) => c.command === COMMANDS.configure);
    assert.equal(configure.category, undefined);
    const nls = JSON.parse(readFileSync(join(__dirname, '../../../package.nls.json'), 'utf8'));
    assert.equal(nls[configure.title.slice(1, -1)], 'Configure RutaAPI');
    for (const c of pkg.contributes.commands) if (c.command !== COMMANDS.configure) assert.equal(c.category, 'RutaAPI', c.command);
  });

  it('Set API Key: masked input validated by the engine; a failed verification stores nothing', async () => {
    const s = setup({ inputBox: 'Bearer sk-ruta-wrong-key-1234567890' }, () => false);
    s.secrets.data.set(SECRET_KEY, 'sk-old-key-0000000000');
    await s.f.vs.commands.executeCommand(COMMANDS.setApiKey);
    const box = s.f.vs.lastInputBox;
    assert.equal(box.password, true);
    assert.match(box.validation.message, /Bearer/);
    assert.equal(s.calls[0].apiKey, 'sk-ruta-wrong-key-1234567890', 'verified with the cleaned key');
    assert.equal(s.secrets.data.get(SECRET_KEY), 'sk-old-key-0000000000');
    const err = s.f.log.find((l) => l.kind === 'error');
    assert.ok(err && /401/.test(err.message));
    assert.ok(err.items!.includes('Show Logs'), 'errors offer next steps');
  });

  it('Set API Key: verified, then stored', async () => {
    const s = setup({ inputBox: '  sk-ruta-good-key-1234567890 ' }, () => true);
    await s.f.vs.commands.executeCommand(COMMANDS.setApiKey);
    assert.equal(s.secrets.data.get(SECRET_KEY), 'sk-ruta-good-key-1234567890');
    assert.equal(s.connection.state.kind, 'checked');
    assert.ok(!s.channel.lines.join('\n').includes('sk-ruta-good-key-1234567890'));
  });

  it('Remove API Key asks (modal) and removes only on confirmation', async () => {
    const no = setup({ messageAnswer: () => undefined }, () => true);
    no.secrets.data.set(SECRET_KEY, 'sk-keep-1234567890');
    await no.f.vs.commands.executeCommand(COMMANDS.removeApiKey);
    assert.equal(no.secrets.data.get(SECRET_KEY), 'sk-keep-1234567890');
    const yes = setup({ messageAnswer: (_m, items) => (items.includes('Remove') ? 'Remove' : undefined) }, () => true);
    yes.secrets.data.set(SECRET_KEY, 'sk-gone-1234567890');
    await yes.f.vs.commands.executeCommand(COMMANDS.removeApiKey);
    assert.equal(yes.secrets.data.has(SECRET_KEY), false);
    assert.equal(yes.connection.state.kind, 'notConfigured');
  });

  it('Verify Connection and Copy Support Report', async () => {
    const s = setup({}, () => true);
    s.secrets.data.set(SECRET_KEY, 'sk-saved-1234567890');
    s.config.user.set('rutaapi.model', 'gpt-4.1');
    await s.f.vs.commands.executeCommand(COMMANDS.verify);
    assert.equal(s.calls.length, 1);
    assert.ok(s.f.log.some((l) => l.kind === 'info' && /gpt-4\.1/.test(l.message)));
    await s.f.vs.commands.executeCommand(COMMANDS.copySupportReport);
    assert.equal(s.f.clipboard(), 'REPORT ok');
  });

  it('status bar click offers the eight actions, Show Account and Show Usage among them', async () => {
    let offered: string[] = [];
    const s = setup({ quickPickAnswer: (items) => ((offered = items.map((i: { label: string }) => i.label)), undefined) }, () => true);
    s.secrets.data.set(SECRET_KEY, 'sk-ruta-sandbox-ok-1234567890');
    await s.connection.verifySaved();
    await s.f.vs.commands.executeCommand(COMMANDS.statusActions);
    assert.equal(offered.length, 8);
    for (const a of [
      'Select Model',
      'Verify Now',
      'Configure',
      'Show Account',
      'Show Usage',
      'Copy Support Report',
      'Show Logs',
      'Open Dashboard',
    ])
      assert.ok(
        offered.some((o) => o.endsWith(a)),
        a,
      );
  });
});

describe('host commands: the status bar click before set-up', () => {
  it('no key saved ("RutaAPI: Set up"): opens the set-up panel, no menu', async () => {
    let menus = 0;
    const s = setup({ quickPickAnswer: () => (menus++, undefined) }, () => true);
    assert.equal(s.connection.state.kind, 'notConfigured');
    const ran: string[] = [];
    const original = s.f.vs.commands.executeCommand.bind(s.f.vs.commands);
    s.f.vs.commands.executeCommand = (async (id: string, ...args: unknown[]) => {
      ran.push(id);
      return id === COMMANDS.configure ? undefined : original(id, ...args);
    }) as typeof s.f.vs.commands.executeCommand;
    await s.f.vs.commands.executeCommand(COMMANDS.statusActions);
    assert.equal(menus, 0);
    assert.deepEqual(ran, [COMMANDS.statusActions, COMMANDS.configure]);
  });
});

describe('host commands: dashboard links come from the gateway', () => {
  const OLD = /app\.rutaapi\.com\/(tokens|billing)\b/;

  /** A host whose engine reports `dashboard` on every result and `read` from readAccount. */
  function linked(script: Script, dashboard: DashboardLinks | null | undefined, read: AccountRead = fakeAccountRead(), ok = true) {
    const h = hostParts();
    const f = fakeVscode(script);
    const reads: AccountReadOptions[] = [];
    const gw = {
      verify: async (o: VerifyOptions) => {
        const r = fakeResult(o, ok);
        return dashboard === undefined ? r : { ...r, dashboard };
      },
      readAccount: async (o: AccountReadOptions) => (reads.push(o), read),
    };
    const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, originDialog(notifier(f.vs)));
    const account = new AccountState({ connection, gateway: new LoadedModule(gw), settings: h.settings, logger: h.logger });
    const cmds = new Commands({
      vs: f.vs,
      context: { extensionUri: { toString: () => '/ext' } } as never,
      settings: h.settings,
      keychain: h.keychain,
      connection,
      account,
      logger: h.logger,
      cache: new ModelCache(new FakeMemento()),
      panels: new LoadedModule(panelModule),
      supportReport: () => 'REPORT',
      isCursor: false,
    });
    h.secrets.data.set(SECRET_KEY, 'sk-ruta-saved-key-1234567890');
    h.config.user.set('rutaapi.model', 'gpt-4.1');
    return { ...h, f, reads, connection, account, cmds };
  }

  it('before any check, on RutaAPI: every page is the dashboard home, never /tokens or /billing', async () => {
    const s = linked({ quickPickAnswer: () => assert.fail('one page: no pick') }, undefined);
    await s.f.vs.commands.executeCommand(COMMANDS.openDashboard);
    await s.f.vs.commands.executeCommand(COMMANDS.openDashboard, 'tokens');
    await s.f.vs.commands.executeCommand(COMMANDS.openDashboard, 'billing');
    assert.deepEqual(s.f.opened, ['https://app.rutaapi.com/', 'https://app.rutaapi.com/', 'https://app.rutaapi.com/']);
  });

  it('before any check, on another gateway: nothing is opened; the user is told to verify first', async () => {
    const s = linked({}, undefined);
    s.config.user.set('rutaapi.baseUrl', 'https://gw.example.com/v1');
    await s.f.vs.commands.executeCommand(COMMANDS.openDashboard, 'tokens');
    assert.deepEqual(s.f.opened, []);
    assert.ok(s.f.log.some((l) => l.kind === 'info' && /verify the connection first/.test(l.message) && l.items!.includes('Verify Now')));
  });

  it('after a check: the pages the engine discovered (pick, walkthrough arguments, status actions)', async () => {
    let offered: Array<{ label: string; detail: string }> = [];
    const s = linked({ quickPickAnswer: (items) => ((offered = items), items[1]) }, NEW_API_DASHBOARD);
    await s.connection.verifySaved();
    await s.f.vs.commands.executeCommand(COMMANDS.openDashboard);
    assert.deepEqual(
      offered.map((i) => i.detail),
      [NEW_API_DASHBOARD.keys, NEW_API_DASHBOARD.topUp, NEW_API_DASHBOARD.usage, 'https://app.rutaapi.com/'],
    );
    await s.f.vs.commands.executeCommand(COMMANDS.openDashboard, 'tokens');
    await s.f.vs.commands.executeCommand(COMMANDS.openDashboard, 'billing');
    assert.deepEqual(s.f.opened, [NEW_API_DASHBOARD.topUp, NEW_API_DASHBOARD.keys, NEW_API_DASHBOARD.topUp]);
    assert.ok(!s.f.opened.some((u) => OLD.test(u)));
  });

  it('a gateway without a dashboard (null): no dashboard action, nothing opened, says why', async () => {
    let offered: string[] = [];
    const s = linked(
      { quickPickAnswer: (items) => ((offered = items.map((i: { label: string }) => i.label)), undefined) },
      null,
      fakeAccountRead({}, { dashboard: null }),
    );
    s.config.user.set('rutaapi.baseUrl', 'https://gw.example.com/v1');
    await s.connection.verifySaved();
    await s.f.vs.commands.executeCommand(COMMANDS.statusActions);
    assert.ok(!offered.some((o) => o.endsWith('Open Dashboard')), offered.join());
    await s.f.vs.commands.executeCommand(COMMANDS.openDashboard, 'tokens');
    assert.deepEqual(s.f.opened, []);
    assert.ok(s.f.log.some((l) => /no dashboard/.test(l.message)));
  });

  it('a diagnosis fix opens the URL in its value; a non-http value is never opened', async () => {
    const s = linked({ messageAnswer: (_m, items) => items[0] }, undefined);
    const r = fakeResult({ apiKey: 'k', baseUrl: 'https://gw.example.com/v1' }, false);
    r.diagnosis.fixes = [{ kind: 'open_tokens', label: 'Open API Keys', value: 'https://gw.example.com/keys' }];
    await s.cmds.showDiagnosis(r);
    assert.deepEqual(s.f.opened, ['https://gw.example.com/keys']);
    const bad = fakeResult({ apiKey: 'k', baseUrl: 'https://gw.example.com/v1' }, false);
    bad.diagnosis.fixes = [{ kind: 'open_billing', label: 'Top up', value: 'javascript:alert(1)' }];
    let buttons: string[] = [];
    const t = linked({ messageAnswer: (_m, items) => ((buttons = items), undefined) }, undefined);
    t.config.user.set('rutaapi.baseUrl', 'https://gw.example.com/v1');
    await t.cmds.showDiagnosis(bad);
    assert.deepEqual(t.f.opened, []);
    assert.ok(!buttons.includes('Top up'), 'no page to open, so no button');
  });

  it("a fix without a value opens the page from the result's dashboard", async () => {
    const s = linked({ messageAnswer: (_m, items) => items[0] }, undefined);
    const r = { ...fakeResult({ apiKey: 'k', baseUrl: 'https://api.rutaapi.com/v1' }, false), dashboard: NEW_API_DASHBOARD };
    r.diagnosis.fixes = [{ kind: 'open_billing', label: 'Top up' }];
    await s.cmds.showDiagnosis(r);
    assert.deepEqual(s.f.opened, [NEW_API_DASHBOARD.topUp]);
  });

  it('Show Account: the figures (inert), Refresh, Top Up and the keys page', async () => {
    let shownItems: Array<{ label: string; detail?: string; action?: string }> = [];
    const hostileUnit = '$(alert) [x](command:evil)';
    const s = linked(
      { quickPickAnswer: (items) => ((shownItems = items), items.find((i: { action?: string }) => i.action === 'topUp')) },
      NEW_API_DASHBOARD,
      fakeAccountRead({ unit: hostileUnit, expiresAt: '2030-01-02T00:00:00.000Z' }),
    );
    await s.connection.verifySaved();
    await tick(0);
    assert.equal(s.reads.length, 1, 'read once after the check');
    assert.equal(s.reads[0].apiKey, 'sk-ruta-saved-key-1234567890');
    await s.f.vs.commands.executeCommand(COMMANDS.showAccount);
    const labels = shownItems.map((i) => i.label);
    assert.ok(labels[0].includes('3.21'), labels[0]);
    assert.ok(labels.some((l) => /Expires on/.test(l)));
    assert.ok(labels.some((l) => l.endsWith('Refresh')));
    assert.ok(labels.some((l) => l.endsWith('Open Keys Page')));
    for (const l of labels) assert.ok(!/(?<!\\)\$\(alert\)/.test(l), `an icon from the gateway: ${l}`);
    assert.deepEqual(s.f.opened, [NEW_API_DASHBOARD.topUp]);
  });

  it('Show Account before any read reads now; Refresh within a minute does not ask the gateway again', async () => {
    let round = 0;
    const s = linked(
      { quickPickAnswer: (items) => (round++ === 0 ? items.find((i: { action?: string }) => i.action === 'refresh') : undefined) },
      NEW_API_DASHBOARD,
    );
    await s.connection.verifySaved();
    await tick(0);
    assert.equal(s.reads.length, 1);
    await s.f.vs.commands.executeCommand(COMMANDS.showAccount);
    assert.equal(round, 2, 'shown again after Refresh');
    assert.equal(s.reads.length, 1, 'Refresh was refused by the once-a-minute rule');
  });

  it('Show Account with no check yet: asks to verify first, reads nothing', async () => {
    const s = linked({}, NEW_API_DASHBOARD);
    await s.f.vs.commands.executeCommand(COMMANDS.showAccount);
    assert.equal(s.reads.length, 0);
    assert.ok(s.f.log.some((l) => l.kind === 'info' && /verify the connection first/.test(l.message)));
  });

  it('status actions: a low balance puts Top Up first', async () => {
    let offered: Array<{ label: string; detail?: string }> = [];
    const s = linked(
      { quickPickAnswer: (items) => ((offered = items), undefined) },
      NEW_API_DASHBOARD,
      fakeAccountRead({ available: 0.5, granted: 10, used: 9.5 }),
    );
    await s.connection.verifySaved();
    await tick(0);
    await s.f.vs.commands.executeCommand(COMMANDS.statusActions);
    assert.ok(offered[0].label.endsWith('Top Up'), offered[0].label);
    assert.equal(offered[0].detail, NEW_API_DASHBOARD.topUp);
  });
});

describe('extension activate() (bootstrap) and the deferred host', () => {
  /**
   * Loads src/extension.ts against the fake vscode. `host` is what the bootstrap's
   * require(<dir>/host.js) returns: the real startHost, a broken module, or nothing (file absent).
   */
  function loadBootstrap(f: ReturnType<typeof fakeVscode>, host: 'real' | 'broken' | 'missing') {
    const M = Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string };
    const original = M._resolveFilename;
    const vscodeId = join(__dirname, '__fake_vscode__.js');
    // Under tsx the bootstrap's __dirname is src/, so it asks for src/host.js.
    const hostFile = join(__dirname, '../../../src/host.js');
    require.cache[vscodeId] = { id: vscodeId, filename: vscodeId, loaded: true, exports: f.vs } as NodeJS.Module;
    if (host !== 'missing') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exports = host === 'real' ? require('../../../src/host/hostEntry') : { startHost: 'not a function' };
      require.cache[hostFile] = { id: hostFile, filename: hostFile, loaded: true, exports } as NodeJS.Module;
    }
    M._resolveFilename = function (request: string, ...rest: unknown[]) {
      if (request === 'vscode') return vscodeId;
      if (request === hostFile && host !== 'missing') return hostFile;
      return original.call(this, request, ...rest);
    };
    // A fresh copy each time: the bootstrap binds `vscode` when it is first loaded.
    const extFile = require.resolve('../../../src/extension');
    delete require.cache[extFile];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(extFile) as typeof import('../../../src/extension');
    const restore = () => {
      delete require.cache[extFile];
      M._resolveFilename = original;
      delete require.cache[vscodeId];
      delete require.cache[hostFile];
      setTranslator(undefined);
    };
    return { ext, restore };
  }

  function makeContext(secrets: FakeSecretStorage) {
    return {
      subscriptions: [] as Array<{ dispose(): unknown }>,
      secrets,
      globalState: new FakeMemento(),
      extensionUri: { toString: () => '/ext' },
      extensionPath: '/ext',
      extension: { packageJSON: { version: '0.1.0' } },
    };
  }

  it('activate() only registers the command forwarders; the host starts one task later, then verifies', async () => {
    const f = fakeVscode({});
    const config = new FakeConfig();
    const cfgEvents = new Emitter<{ affectsConfiguration: (s: string) => boolean }>();
    const focusEvents = new Emitter<{ focused: boolean }>();
    const channel = new FakeLogChannel();
    let outputArgs: unknown[] = [];
    f.vs.window.createOutputChannel = (...a: unknown[]) => ((outputArgs = a), channel);
    f.vs.window.onDidChangeWindowState = focusEvents.event;
    f.vs.workspace.getConfiguration = () => ({
      get: (k: string) => config.get(k),
      inspect: (k: string) => config.inspect(k),
      update: (k: string, v: unknown, t: number) => config.update(k, v, t === 2 ? 'workspace' : 'user'),
    });
    f.vs.workspace.onDidChangeConfiguration = cfgEvents.event;
    f.vs.version = '1.96.0';
    const secrets = new FakeSecretStorage();
    secrets.data.set(SECRET_KEY, 'sk-ruta-startup-key-12345678');
    const ctx = makeContext(secrets);
    const { ext, restore } = loadBootstrap(f, 'real');
    try {
      ext.activate(ctx as never);
      // Inside activate(): every contributed command has a forwarder, nothing else happened.
      assert.deepEqual([...f.commands.keys()].sort(), pkg.contributes.commands.map((c: { command: string }) => c.command).sort());
      assert.equal(f.statusItems.length, 0, 'activate() created the status bar item itself');
      assert.deepEqual(outputArgs, [], 'activate() created the output channel itself');
      assert.equal(secrets.reads, 0, 'activate read the keychain');

      await tick(0);
      // The host started: the real wiring, still without touching the keychain in that task.
      assert.deepEqual(outputArgs, ['RutaAPI', { log: true }]);
      const item = f.statusItems[0];
      assert.equal(item.id, 'rutaapi.status');
      assert.equal(item.name, 'RutaAPI Connection');
      assert.equal(item.alignment, f.vs.StatusBarAlignment.Right);
      assert.equal(item.command, COMMANDS.statusActions);
      assert.equal(item.shown, true);
      // After that: the scheduled start-up verification reads the key and runs the engine
      // (dist/gateway.js is not needed here: the loader failure is reported as a diagnosis).
      await tick(50);
      assert.ok(secrets.reads >= 1);
      assert.ok(!/Set up/.test(item.text), item.text);
      for (const d of ctx.subscriptions) d.dispose();
    } finally {
      restore();
    }
  });

  it('a command that arrives before the host started starts it and runs (nothing is lost)', async () => {
    const f = fakeVscode({});
    const channel = new FakeLogChannel();
    f.vs.window.createOutputChannel = () => channel;
    f.vs.window.onDidChangeWindowState = new Emitter<{ focused: boolean }>().event;
    f.vs.workspace.onDidChangeConfiguration = new Emitter<unknown>().event;
    const config = new FakeConfig();
    void config.update('verifyOnStartup', false, 'user');
    f.vs.workspace.getConfiguration = () => ({
      get: (k: string) => config.get(k),
      inspect: (k: string) => config.inspect(k),
      update: () => undefined,
    });
    const ctx = makeContext(new FakeSecretStorage());
    const { ext, restore } = loadBootstrap(f, 'real');
    try {
      ext.activate(ctx as never);
      assert.equal(channel.shown, 0);
      await f.vs.commands.executeCommand(COMMANDS.showLogs);
      assert.equal(channel.shown, 1, `Show Logs ran through the forwarder ${JSON.stringify(f.log)}`);
      assert.equal(f.statusItems.length, 1, 'the command started the host');
      await tick(0);
      assert.equal(f.statusItems.length, 1, 'the scheduled start did not start a second host');
      for (const d of ctx.subscriptions) d.dispose();
    } finally {
      restore();
    }
  });

  for (const broken of ['missing', 'broken'] as const) {
    it(`a ${broken} dist/host.js is reported once at start-up and again when a command is run`, async () => {
      const f = fakeVscode({});
      const ctx = makeContext(new FakeSecretStorage());
      const { ext, restore } = loadBootstrap(f, broken);
      const consoleError = console.error;
      console.error = () => undefined;
      try {
        ext.activate(ctx as never);
        await tick(0);
        const errors = () => f.log.filter((l) => l.kind === 'error').map((l) => l.message);
        assert.equal(errors().length, 1, JSON.stringify(f.log));
        assert.match(errors()[0], /^RutaAPI Connect could not start: [^\n]*host\.js[^\n]*\. Reinstall the extension\.$/);
        await f.vs.commands.executeCommand(COMMANDS.verify);
        assert.equal(errors().length, 2, 'the command said why nothing happens');
        assert.equal(f.statusItems.length, 0);
        for (const d of ctx.subscriptions) d.dispose();
      } finally {
        console.error = consoleError;
        restore();
      }
    });
  }
});
