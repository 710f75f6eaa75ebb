// The host's lazily loaded chunks (src/host/shared/chunkLoader.ts): one loader factory for dist/panel.js and
// dist/gateway.js, and what the user sees when a chunk is missing after an update ("Reload Window")
// versus any other load failure (today's error message or diagnosis).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTranslator } from '../../../src/core/l10n';
import { COMMANDS } from '../../../src/host/bootstrap/commandIds';
import { ChunkMissingError, RELOAD_WINDOW_COMMAND, distChunk } from '../../../src/host/shared/chunkLoader';
import { Emitter } from '../../../src/host/shared/event';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { GATEWAY_CHUNK, PANEL_CHUNK, startHost } from '../../../src/host/startHost';
import { FakeConfig, FakeLogChannel, FakeMemento, FakeSecretStorage, tick } from './fakes';
import { fakeVscode } from './fakeVscode';

const UPDATED = /^RutaAPI Connect was updated while this window was open\. Reload the window to use the new version\.$/;

describe('lazy chunks: one loader factory (distChunk)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rutaapi-chunks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the chunk once and keeps it', async () => {
    writeFileSync(
      join(dir, 'gateway.js'),
      'exports.loads = (exports.loads ?? 0) + 1; exports.verify = () => "ok"; exports.createGatewayClient = () => ({}); exports.buildSupportReport = () => "";',
    );
    const loader = distChunk(dir, GATEWAY_CHUNK);
    const a = await loader.load();
    const b = await loader.load();
    assert.equal(a, b);
    assert.equal((a as unknown as { loads: number }).loads, 1);
  });

  it('a missing file: onMissing is told and the load rejects with ChunkMissingError; the next load tries again', async () => {
    const missed: ChunkMissingError[] = [];
    const loader = distChunk(dir, PANEL_CHUNK, (e) => missed.push(e));
    const error = await loader.load().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof ChunkMissingError, String(error));
    assert.equal(error.file, 'panel.js');
    assert.deepEqual(missed, [error]);
    writeFileSync(
      join(dir, 'panel.js'),
      'exports.SetupPanel = class {}; exports.showAccount = () => {}; exports.pickDashboardPage = () => {};',
    );
    assert.equal(typeof (await loader.load()).SetupPanel, 'function');
    assert.equal(missed.length, 1);
  });

  it('other failures are not "missing": a wrong export, a throwing file, a module the chunk itself cannot find', async () => {
    const cases = {
      'wrong export': ['exports.verify = 42;', /does not export what the extension needs/],
      throws: ['throw new Error("boom at load");', /boom at load/],
      'nested missing module': ['require("./not-there-either.js");', /not-there-either/],
    } as const;
    for (const [name, [source, message]] of Object.entries(cases)) {
      const sub = mkdtempSync(join(dir, 'case-'));
      writeFileSync(join(sub, 'gateway.js'), source);
      const missed: unknown[] = [];
      const error = await distChunk(sub, GATEWAY_CHUNK, (e) => missed.push(e))
        .load()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(error instanceof Error && !(error instanceof ChunkMissingError), `${name}: ${String(error)}`);
      assert.match(error.message, message, name);
      assert.deepEqual(missed, [], `${name}: reported as missing`);
    }
  });
});

describe('lazy chunks in the host: "Reload Window" when a chunk is missing after an update', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rutaapi-dist-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    setTranslator(undefined);
  });

  /** The real host wiring (startHost) against the fake vscode, with `dir` as dist/. */
  async function host(answer: string | undefined) {
    const f = fakeVscode({ messageAnswer: () => answer });
    const config = new FakeConfig();
    // No start-up verification: each test triggers the loads itself.
    void config.update('rutaapi.verifyOnStartup', false, 'user');
    f.vs.window.createOutputChannel = () => new FakeLogChannel();
    f.vs.window.onDidChangeWindowState = new Emitter<unknown>().event;
    f.vs.workspace.onDidChangeConfiguration = new Emitter<unknown>().event;
    f.vs.workspace.getConfiguration = () => ({
      get: (k: string) => config.get(k),
      inspect: (k: string) => config.inspect(k),
      update: () => undefined,
    });
    const secrets = new FakeSecretStorage();
    secrets.data.set(SECRET_KEY, 'sk-ruta-saved-key-1234567890');
    const ctx = {
      subscriptions: [] as Array<{ dispose(): unknown }>,
      secrets,
      globalState: new FakeMemento(),
      extensionUri: { toString: () => '/ext' },
      extension: { packageJSON: { version: '0.1.0' } },
    };
    startHost(f.vs, ctx as never, dir, (id, fn) => f.vs.commands.registerCommand(id, fn));
    await tick(0); // the start-up task (here: "unchecked", no verification)
    const errors = () => f.log.filter((l) => l.kind === 'error');
    const reloads = () => f.executed.filter(([id]) => id === RELOAD_WINDOW_COMMAND).length;
    const dispose = () => ctx.subscriptions.forEach((d) => d.dispose());
    return { f, errors, reloads, dispose };
  }

  it('dist/panel.js missing: Configure offers "Reload Window" (and reloads when chosen), no other error', async () => {
    const h = await host('Reload Window');
    try {
      await h.f.vs.commands.executeCommand(COMMANDS.configure);
      await tick(0);
      assert.equal(h.errors().length, 1, JSON.stringify(h.f.log));
      assert.match(h.errors()[0].message, UPDATED);
      assert.deepEqual(h.errors()[0].items, ['Reload Window']);
      assert.equal(h.reloads(), 1);
    } finally {
      h.dispose();
    }
  });

  it('dist/panel.js broken: Configure reports the error as before, with no reload offer', async () => {
    writeFileSync(join(dir, 'panel.js'), 'exports.somethingElse = 1;');
    const h = await host('Reload Window');
    try {
      await h.f.vs.commands.executeCommand(COMMANDS.configure);
      await tick(0);
      assert.equal(h.errors().length, 1, JSON.stringify(h.f.log));
      assert.match(h.errors()[0].message, /^RutaAPI: .*panel\.js does not export what the extension needs/);
      assert.deepEqual(h.errors()[0].items, ['Show Logs', 'Open Settings']);
      assert.equal(h.reloads(), 0);
    } finally {
      h.dispose();
    }
  });

  it('dist/gateway.js missing: Verify offers "Reload Window" instead of a diagnosis; dismissed, nothing reloads', async () => {
    const h = await host(undefined);
    try {
      await h.f.vs.commands.executeCommand(COMMANDS.verify);
      await tick(0);
      assert.equal(h.errors().length, 1, JSON.stringify(h.f.log));
      assert.match(h.errors()[0].message, UPDATED);
      assert.deepEqual(h.errors()[0].items, ['Reload Window']);
      assert.equal(h.reloads(), 0);
      // The status bar says the same: reload, not reinstall.
      assert.match(h.f.statusItems[0].text, /RutaAPI: Reload Window/);
      assert.match(h.f.statusItems[0].tooltip.value, /Reload the window/);
    } finally {
      h.dispose();
    }
  });

  it('dist/gateway.js broken: Verify shows the diagnosis as before, with no reload offer', async () => {
    writeFileSync(join(dir, 'gateway.js'), 'throw new Error("corrupt chunk");');
    const h = await host('Reload Window');
    try {
      await h.f.vs.commands.executeCommand(COMMANDS.verify);
      await tick(0);
      assert.equal(h.errors().length, 1, JSON.stringify(h.f.log));
      assert.match(h.errors()[0].message, /The verification engine could not start/);
      assert.match(h.errors()[0].message, /corrupt chunk.*Reinstall the extension/);
      assert.ok(!h.errors()[0].items?.includes('Reload Window'));
      assert.equal(h.reloads(), 0);
    } finally {
      h.dispose();
    }
  });

  it('one offer at a time: a second miss while the first offer is open does not stack another', async () => {
    let answer: (a: string | undefined) => void = () => undefined;
    const h = await host(undefined);
    h.f.vs.window.showErrorMessage = (m: string, ...items: string[]) => {
      h.f.log.push({ kind: 'error', message: m, items });
      return new Promise((r) => (answer = r));
    };
    try {
      await h.f.vs.commands.executeCommand(COMMANDS.configure);
      await h.f.vs.commands.executeCommand(COMMANDS.verify);
      assert.equal(h.errors().length, 1, JSON.stringify(h.f.log));
      answer(undefined);
      await tick(0);
      await h.f.vs.commands.executeCommand(COMMANDS.configure);
      assert.equal(h.errors().length, 2, 'offered again once the first was dismissed');
    } finally {
      answer(undefined);
      h.dispose();
    }
  });
});
