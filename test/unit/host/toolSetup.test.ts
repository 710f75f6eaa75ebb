// Issue 21, item 2 (editor side): RutaAPI: Set Up Other Tools… and Undo Tool Setup over the stand-ins, on a
// temporary home: the tools' states in the quick pick, the preview, the questions, the files written and put back.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { strict as assert } from 'node:assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as toolsModule from '../../../src/core/tools/entry';
import type { VerifyOptions } from '../../../src/core/types';
import { COMMANDS } from '../../../src/host/bootstrap/commandIds';
import { Connection } from '../../../src/host/connection/connectionState';
import { ModelCache } from '../../../src/host/connection/modelCache';
import { notifier } from '../../../src/host/shared/notifier';
import * as toolSetupModule from '../../../src/host/tools/entry';
import { registerToolSetup } from '../../../src/host/tools/toolCommands';
import { PREVIEW_SCHEME } from '../../../src/host/tools/toolPreview';
import { isPresent } from '../../../src/host/tools/toolPresence';
import { toolRows } from '../../../src/host/tools/toolStates';
import { FakeMemento, LoadedModule, dontSend, fakeResult, hostParts } from './fakes';
import { fakeVscode } from './fakeVscode';

const KEY = 'sk-ruta-tools-key-0123456789abcdef';
const OLD_KEY = 'sk-other-gateway-key-9876543210fedcba';
const BASE = 'https://api.rutaapi.com/v1';
const ENDPOINTS = { 'gpt-4.1': ['openai', 'openai-response'], 'claude-sonnet-4': ['anthropic', 'openai'], 'deepseek-chat': ['openai'] };

interface Modal {
  message: string;
  detail: string;
  items: string[];
}

/** What the person answers: a quick pick by its title, a modal by its message. */
interface Answers {
  pick?: (title: string, items: any[]) => any;
  modal?: (m: Modal) => string | undefined;
  info?: (message: string, items: string[]) => string | undefined;
}

async function setup(answers: Answers, opts: { saved?: boolean; untyped?: boolean; baseUrl?: string } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'rutaapi-tools-home-'));
  const storage = mkdtempSync(join(tmpdir(), 'rutaapi-tools-storage-'));
  const h = hostParts();
  const f = fakeVscode();
  const picks: Array<{ title: string; items: any[]; options: any }> = [];
  const modals: Modal[] = [];
  const notes: Array<{ level: string; message: string; items: string[] }> = [];
  const providers = new Map<string, any>();
  f.vs.QuickPickItemKind = { Separator: -1, Default: 0 };
  f.vs.Uri.from = (c: { scheme: string; path: string }) => ({ ...c, toString: () => `${c.scheme}:${c.path}` });
  f.vs.workspace.registerTextDocumentContentProvider = (scheme: string, p: unknown) => (providers.set(scheme, p), { dispose() {} });
  f.vs.window.showQuickPick = async (items: any[], options: any) => {
    picks.push({ title: options.title, items, options });
    return answers.pick?.(options.title, items);
  };
  const note =
    (level: string) =>
    async (message: string, ...rest: any[]) => {
      if (typeof rest[0] === 'object' && rest[0]?.modal) {
        const m = { message, detail: rest[0].detail, items: rest.slice(1) };
        modals.push(m);
        return answers.modal?.(m);
      }
      notes.push({ level, message, items: rest });
      return level === 'info' ? answers.info?.(message, rest) : undefined;
    };
  f.vs.window.showInformationMessage = note('info');
  f.vs.window.showWarningMessage = note('warn');
  f.vs.window.showErrorMessage = note('error');
  const gw = {
    verify: async (o: VerifyOptions) => ({
      ...fakeResult(o),
      models: Object.keys(ENDPOINTS),
      ...(opts.untyped ? {} : { modelEndpoints: ENDPOINTS }),
    }),
  };
  const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend);
  if (opts.baseUrl) h.config.user.set('rutaapi.baseUrl', opts.baseUrl);
  if (opts.saved !== false) {
    await h.keychain.store(KEY, { origin: new URL(opts.baseUrl ?? BASE).origin });
    await connection.verifySaved({ reason: 'test' });
  }
  registerToolSetup(
    (id, fn) => f.vs.commands.registerCommand(id, fn),
    {
      vs: f.vs,
      connection,
      settings: h.settings,
      cache: new ModelCache(new FakeMemento()),
      logger: h.logger,
      notify: notifier(f.vs),
      gateway: new LoadedModule(gw),
      tools: new LoadedModule(toolsModule),
      globalStorage: () => storage,
      toolEnv: () => ({ home, platform: 'linux', env: {} }),
    },
    new LoadedModule(toolSetupModule),
  );
  const run = (id: string) => f.vs.commands.executeCommand(id);
  /** What the editor shows for a preview document: the registered provider's answer. */
  const previewText = (uri: any): string => providers.get(PREVIEW_SCHEME).provideTextDocumentContent(uri);
  const diffs = () => f.executed.filter((e) => e[0] === 'vscode.diff');
  /** Every text the person or the log saw: the key is in none of them. */
  const assertKeyNowhere = () => {
    const seen = [
      ...notes.map((n) => n.message),
      ...modals.map((m) => `${m.message} ${m.detail}`),
      ...picks.flatMap((p) => p.items.map((i) => `${i.label} ${i.description ?? ''} ${i.detail ?? ''}`)),
      ...h.channel.lines,
      ...diffs().flatMap((d) => [previewText(d[1]), previewText(d[2]), String(d[3])]),
    ].join('\n');
    assert.ok(!seen.includes(KEY), 'the key was shown');
    assert.ok(!seen.includes(OLD_KEY), "the config's own key was shown");
  };
  const cleanup = () => (rmSync(home, { recursive: true, force: true }), rmSync(storage, { recursive: true, force: true }));
  return { ...h, f, home, storage, picks, modals, notes, run, diffs, previewText, assertKeyNowhere, cleanup };
}

type Setup = Awaited<ReturnType<typeof setup>>;

const CLAUDE_SETTINGS = `{
  // mine: keep this comment
  "theme": "dark",
  "env": { "ANTHROPIC_BASE_URL": "https://other.example/$(zap)", "ANTHROPIC_AUTH_TOKEN": "${OLD_KEY}" }
}
`;

function write(home: string, rel: string, text: string) {
  mkdirSync(join(home, rel, '..'), { recursive: true });
  writeFileSync(join(home, rel), text);
}

/** Picks the row of `tool` in the tools' list, then the model, then the key's place (by label words). */
function choose(tool: string, model: string, storage?: 'environment' | 'file') {
  return (title: string, items: any[]) => {
    if (title === 'Set Up Other Tools') return items.find((i) => i.tool === tool);
    if (title.startsWith('Set Up Other Tools: ')) return items.find((i) => i.action === 'setup');
    if (title.endsWith(': Model')) return items.find((i) => i.model === model);
    if (title.endsWith(': API Key')) return items.find((i) => i.storage === storage);
    return undefined;
  };
}

describe('Set Up Other Tools… and Undo Tool Setup (host)', () => {
  let s: Setup | undefined;
  afterEach(() => s?.cleanup());

  it('lists the five tools with their state: found first, others with how to get them, config text inert', async () => {
    s = await setup({});
    write(s.home, '.claude/settings.json', CLAUDE_SETTINGS);
    write(s.home, '.codex/config.toml', 'model = "gpt-4.1"\n[model_providers.rutaapi\nname = "x"\n');
    await s.run(COMMANDS.setUpOtherTools);
    const list = s.picks.find((p) => p.title === 'Set Up Other Tools');
    assert.ok(list, 'no tools list');
    assert.deepEqual(
      list.items.map((i) => i.tool),
      ['claude-code', 'codex', 'continue', 'aider', 'llm'],
    );
    const [claude, codex, cont, aider, llm] = list.items;
    assert.match(claude.detail, /^Set up for another gateway: https:\/\/other\.example\//);
    assert.ok(!/(?<!\\)\$\(/.test(claude.detail), `an icon from the config would be rendered: ${claude.detail}`);
    assert.match(codex.detail, /^Config unreadable: .*config\.toml, line 2: /);
    assert.equal(aider.detail, 'Not set up');
    assert.match(aider.description, /^Not found: install with python -m pip install aider-install/);
    assert.match(cont.description, /^Not found: install the extension Continue\.continue/);
    assert.match(llm.label, /circle-slash/);
    assert.equal(claude.description, join(s.home, '.claude/settings.json'));
    s.assertKeyNowhere();
  });

  it('a tool found on PATH comes before the tools that are not, even without a config', async () => {
    s = await setup({});
    const bin = join(s.home, 'bin');
    write(s.home, 'bin/llm', '#!/bin/sh\n');
    const reads = await toolsModule.readTools({ env: { home: s.home, platform: 'linux', env: {} }, target: { baseUrl: BASE } });
    const rows = toolRows(reads, (r) => isPresent(r, { home: s!.home, platform: 'linux', env: { PATH: bin } }, () => false));
    assert.deepEqual(
      rows.map((r) => r.tool),
      ['llm', 'claude-code', 'codex', 'continue', 'aider'],
    );
    assert.equal(rows[0].description, join(s.home, '.config/io.datasette.llm/extra-openai-models.yaml'));
  });

  it('without a saved, verified key: says so and offers Configure RutaAPI; no list, nothing read', async () => {
    s = await setup({}, { saved: false });
    await s.run(COMMANDS.setUpOtherTools);
    assert.equal(s.picks.length, 0);
    const warn = s.notes.find((n) => n.level === 'warn');
    assert.ok(warn && /pass verification/.test(warn.message), JSON.stringify(s.notes));
    assert.deepEqual(warn.items, ['Configure RutaAPI']);
  });

  it('aider with the key in the file: preview without the key, Apply, then the plain-text question; declining writes nothing', async () => {
    s = await setup({
      pick: choose('aider', 'deepseek-chat', 'file'),
      modal: (m) => (m.items.includes('Apply') ? 'Apply' : "Don't Write"),
    });
    await s.run(COMMANDS.setUpOtherTools);
    const conf = join(s.home, '.aider.conf.yml');
    // The model list offers the models that serve chat completions, only those.
    const models = s.picks.find((p) => p.title === 'Set Up aider: Model')!.items.map((i) => i.model);
    assert.deepEqual(models.sort(), ['claude-sonnet-4', 'deepseek-chat', 'gpt-4.1']);
    assert.equal(s.diffs().length, 1, 'one diff editor for one file');
    const [, left, right] = s.diffs()[0] as any[];
    assert.equal(left.scheme, PREVIEW_SCHEME);
    assert.equal(s.previewText(left), '');
    const after = s.previewText(right);
    assert.match(after, /openai-api-base: https:\/\/api\.rutaapi\.com\/v1/);
    assert.match(after, /openai-api-key: sk-ru…cdef/);
    assert.equal(s.modals.length, 2, JSON.stringify(s.modals));
    assert.match(s.modals[1].message, /\.aider\.conf\.yml will hold your RutaAPI API key in plain text/);
    assert.deepEqual(s.modals[1].items, ["Don't Write", 'Write Key in Plain Text']);
    assert.ok(!existsSync(conf), 'a declined setup wrote the file');
    assert.ok(s.notes.some((n) => n.message === 'Nothing was written.'));
    s.assertKeyNowhere();
  });

  it('aider with the key in the file, accepted: written with the key, reported without it; Undo removes the file it created', async () => {
    s = await setup({
      pick: (title, items) => (title === 'Undo Tool Setup' ? items : choose('aider', 'gpt-4.1', 'file')(title, items)),
      modal: (m) => (m.items.includes('Write Key in Plain Text') ? 'Write Key in Plain Text' : m.items[0]),
      info: (_m, items) => (items.includes('Check') ? 'Check' : undefined),
    });
    await s.run(COMMANDS.setUpOtherTools);
    const conf = join(s.home, '.aider.conf.yml');
    // Check: the findings with their severity icon; no error, so the pass row first.
    const check = s.picks.find((p) => p.title === 'Check aider');
    assert.ok(check, 'Check showed nothing');
    assert.match(check.items[0].label, /^\$\(pass\) No problems found\.$/);
    const inFile = check.items.find((i) => /tool_key_in_file/.test(i.label));
    assert.ok(inFile, JSON.stringify(check.items));
    assert.match(inFile.label, /^\$\(info\) /);
    assert.match(inFile.detail, /plain text/);
    const text = readFileSync(conf, 'utf8');
    assert.match(text, new RegExp(`openai-api-key: ${KEY}`));
    assert.match(text, /model: openai\/gpt-4\.1/);
    const done = s.notes.find((n) => /is set up for RutaAPI/.test(n.message));
    assert.ok(done, JSON.stringify(s.notes));
    assert.deepEqual(done.items, ['Check']);
    await s.run(COMMANDS.undoToolSetup);
    assert.ok(!existsSync(conf), 'Undo left the file it created');
    assert.ok(s.modals.some((m) => m.message === 'Undo the setup of aider?'));
    s.assertKeyNowhere();
  });

  it('Codex keeps the key in the environment: no plain-text question; asks before turning on the terminals, then turns it on', async () => {
    s = await setup({ pick: choose('codex', 'gpt-4.1'), modal: (m) => (m.items.includes('Turn On') ? 'Turn On' : m.items[0]) });
    await s.run(COMMANDS.setUpOtherTools);
    // Only gpt-4.1 serves the Responses API.
    assert.deepEqual(
      s.picks.find((p) => p.title === 'Set Up Codex CLI: Model')!.items.map((i) => i.model),
      ['gpt-4.1'],
    );
    assert.ok(!s.picks.some((p) => p.title?.endsWith(': API Key')), 'Codex has one place for the key: no question');
    assert.match(s.modals[0].message, /Codex CLI will read your key from RUTAAPI_API_KEY/);
    assert.ok(!s.modals.some((m) => /plain text/.test(m.message)));
    const toml = readFileSync(join(s.home, '.codex/config.toml'), 'utf8');
    assert.match(toml, /env_key = "RUTAAPI_API_KEY"/);
    assert.match(toml, /wire_api = "responses"/);
    assert.ok(!toml.includes(KEY));
    assert.equal(s.config.user.get('rutaapi.terminalEnvironment'), true);
    assert.ok(s.notes.some((n) => /reads the key from RUTAAPI_API_KEY/.test(n.message)));
    s.assertKeyNowhere();
  });

  it('dismissing the Apply modal writes nothing and does not turn on the terminals', async () => {
    s = await setup({ pick: choose('codex', 'gpt-4.1'), modal: (m) => (m.items.includes('Turn On') ? 'Turn On' : undefined) });
    await s.run(COMMANDS.setUpOtherTools);
    assert.equal(s.diffs().length, 1);
    assert.ok(!existsSync(join(s.home, '.codex/config.toml')));
    assert.equal(s.config.user.get('rutaapi.terminalEnvironment'), undefined);
  });

  it('Claude Code over a config with comments and another key: only Anthropic models; Undo puts the file back byte for byte', async () => {
    s = await setup({
      pick: (title, items) => (title === 'Undo Tool Setup' ? items : choose('claude-code', 'claude-sonnet-4', 'file')(title, items)),
      modal: (m) => (m.items.includes('Write Key in Plain Text') ? 'Write Key in Plain Text' : m.items[0]),
    });
    write(s.home, '.claude/settings.json', CLAUDE_SETTINGS);
    const file = join(s.home, '.claude/settings.json');
    const original = readFileSync(file);
    await s.run(COMMANDS.setUpOtherTools);
    assert.deepEqual(
      s.picks.find((p) => p.title === 'Set Up Claude Code: Model')!.items.map((i) => i.model),
      ['claude-sonnet-4'],
    );
    const before = s.previewText(s.diffs()[0][1]);
    assert.match(before, /sk-ot…dcba/, 'the old key by its prefix in the preview');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /\/\/ mine: keep this comment/);
    assert.match(text, /"ANTHROPIC_BASE_URL": "https:\/\/api\.rutaapi\.com"/);
    await s.run(COMMANDS.undoToolSetup);
    assert.deepEqual(readFileSync(file), original);
    s.assertKeyNowhere();
  });

  it('Undo asks before restoring a file edited since the setup; keeping it leaves the edit, Restore Anyway puts it back', async () => {
    let force = false;
    s = await setup({
      pick: (title, items) => (title === 'Undo Tool Setup' ? items : choose('codex', 'gpt-4.1')(title, items)),
      modal: (m) => (m.items.includes('Restore Anyway') ? (force ? 'Restore Anyway' : undefined) : m.items[0]),
    });
    const file = join(s.home, '.codex/config.toml');
    write(s.home, '.codex/config.toml', '# mine\nmodel = "o3"\n');
    const original = readFileSync(file);
    await s.run(COMMANDS.setUpOtherTools);
    writeFileSync(file, readFileSync(file, 'utf8') + '# edited later\n');
    await s.run(COMMANDS.undoToolSetup);
    assert.match(readFileSync(file, 'utf8'), /# edited later/);
    assert.ok(s.modals.some((m) => /^Edited since the setup: .*config\.toml\.$/.test(m.message)));
    assert.ok(s.notes.some((n) => n.level === 'warn' && /Left as they are/.test(n.message)));
    force = true;
    await s.run(COMMANDS.undoToolSetup);
    assert.deepEqual(readFileSync(file), original);
  });

  it('a gateway that names no protocols: every model, under a warning that some may not work', async () => {
    s = await setup({ pick: choose('codex', 'deepseek-chat') }, { untyped: true });
    await s.run(COMMANDS.setUpOtherTools);
    const items = s.picks.find((p) => p.title === 'Set Up Codex CLI: Model')!.items;
    assert.equal(items[0].kind, -1);
    assert.match(items[0].label, /does not say which models serve the Responses API/);
    assert.deepEqual(
      items
        .slice(1)
        .map((i: any) => i.model)
        .sort(),
      ['claude-sonnet-4', 'deepseek-chat', 'gpt-4.1'],
    );
  });

  it('Undo with nothing set up says so', async () => {
    s = await setup({});
    await s.run(COMMANDS.undoToolSetup);
    assert.deepEqual(
      s.notes.map((n) => n.message),
      ['There is no tool setup to undo.'],
    );
  });
});

/** A stand-in gateway on 127.0.0.1: records every request (path, Authorization, body) and answers per path. */
async function standInGateway(answer: (path: string) => { status: number; body: unknown }) {
  const seen: Array<{ method: string; path: string; authorization: string; apiKeyHeader: string; body: any }> = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const path = req.url ?? '';
      seen.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization ?? '',
        apiKeyHeader: String(req.headers['x-api-key'] ?? ''),
        body: text ? JSON.parse(text) : undefined,
      });
      const a = answer(path);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, seen, close: () => new Promise((r) => server.close(r)) };
}

const ANSWERS = (path: string) =>
  path === '/v1/responses'
    ? { status: 200, body: { id: 'resp_1', object: 'response', status: 'completed', output: [] } }
    : path === '/v1/messages'
      ? { status: 200, body: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } }
      : { status: 404, body: { error: { message: 'not here' } } };

/** Answers every question of a setup: the tool, the model, the key's place; Apply, Turn On, Write Key in Plain Text. */
const ACCEPT = (m: Modal) => (m.items.includes('Write Key in Plain Text') ? 'Write Key in Plain Text' : m.items[0]);

/** The tool's row, then the Check of the second step (whose items are kept). */
function checkOf(tool: string, steps: any[][]) {
  return (title: string, items: any[]) => {
    if (title === 'Set Up Other Tools') return items.find((i) => i.tool === tool);
    if (title.startsWith('Set Up Other Tools: ')) return (steps.push(items), items.find((i) => i.action === 'check'));
    return undefined;
  };
}

describe('Set Up Other Tools…: Check for a tool already configured (host)', () => {
  let s: Setup | undefined;
  let gw: Awaited<ReturnType<typeof standInGateway>> | undefined;
  afterEach(async () => {
    s?.cleanup();
    await gw?.close();
  });

  it("set up for this key: Check comes first and sends one request in the tool's own protocol, only for that tool", async () => {
    gw = await standInGateway(ANSWERS);
    const answers: Answers = { pick: choose('codex', 'gpt-4.1'), modal: ACCEPT };
    s = await setup(answers, { baseUrl: gw.baseUrl });
    await s.run(COMMANDS.setUpOtherTools);
    answers.pick = choose('claude-code', 'claude-sonnet-4', 'file');
    await s.run(COMMANDS.setUpOtherTools);
    assert.equal(gw.seen.length, 0, 'a setup sends no request');

    const steps: any[][] = [];
    answers.pick = checkOf('codex', steps);
    await s.run(COMMANDS.setUpOtherTools);
    const step = s.picks.find((p) => p.title === 'Set Up Other Tools: Codex CLI')!;
    assert.deepEqual(
      step.items.map((i) => i.action),
      ['check', 'setup'],
    );
    assert.equal(step.items[0].label, '$(checklist) Check Codex CLI');
    assert.match(step.options.placeHolder, /^Set up for this RutaAPI key and URL, model gpt-4\.1$/);
    // The stand-in gateway saw Codex's request and nothing for Claude Code (also set up for this key).
    assert.deepEqual(
      gw.seen.map((r) => [r.method, r.path, r.authorization === `Bearer ${KEY}`, r.body?.model]),
      [['POST', '/v1/responses', true, 'gpt-4.1']],
    );
    const codex = s.picks.find((p) => p.title === 'Check Codex CLI')!;
    assert.equal(codex.items[0].label, '$(pass) No problems found; a test request in its own protocol was answered.');
    assert.match(codex.options.placeHolder, /\.codex\/config\.toml$/);

    answers.pick = checkOf('claude-code', steps);
    await s.run(COMMANDS.setUpOtherTools);
    const messages = gw.seen.slice(1);
    assert.deepEqual(
      messages.map((r) => [r.method, r.path, r.authorization === `Bearer ${KEY}`, r.body?.model]),
      [['POST', '/v1/messages', true, 'claude-sonnet-4']],
    );
    const claude = s.picks.find((p) => p.title === 'Check Claude Code')!;
    assert.equal(claude.items[0].label, '$(pass) No problems found; a test request in its own protocol was answered.');
    // The key is in Claude Code's file: said as information, not as a problem.
    assert.ok(
      claude.items.some((i) => /^\$\(info\) tool_key_in_file$/.test(i.label)),
      JSON.stringify(claude.items),
    );
    s.assertKeyNowhere();
  });

  it("a spent key: the check shows the engine's diagnosis with the error icon, and the gateway's text stays inert", async () => {
    gw = await standInGateway((path) =>
      path === '/v1/responses'
        ? {
            status: 403,
            body: {
              error: {
                message: '用户额度不足 $(zap) [Top up](command:workbench.action.terminal.new)',
                type: 'new_api_error',
                code: 'insufficient_user_quota',
              },
            },
          }
        : ANSWERS(path),
    );
    const answers: Answers = { pick: choose('codex', 'gpt-4.1'), modal: ACCEPT };
    s = await setup(answers, { baseUrl: gw.baseUrl });
    await s.run(COMMANDS.setUpOtherTools);
    answers.pick = checkOf('codex', []);
    await s.run(COMMANDS.setUpOtherTools);
    assert.deepEqual(
      gw.seen.map((r) => r.path),
      ['/v1/responses'],
    );
    const items = s.picks.find((p) => p.title === 'Check Codex CLI')!.items;
    assert.ok(!items.some((i) => /^\$\(pass\)/.test(i.label)), `no pass row with an error: ${JSON.stringify(items)}`);
    const error = items.find((i) => /^\$\(error\) /.test(i.label));
    assert.ok(error, JSON.stringify(items));
    assert.match(error.label, /credit|quota/i);
    for (const i of items)
      assert.ok(!/(?<!\\)\$\((?!error|info|warning|pass)/.test(`${i.label} ${i.detail ?? ''}`), `an icon from the gateway: ${i.detail}`);
    s.assertKeyNowhere();
  });

  it('set up for another gateway: Set Up comes first; Check says so instead of "no problems" and sends nothing', async () => {
    gw = await standInGateway(ANSWERS);
    const steps: any[][] = [];
    s = await setup({ pick: checkOf('claude-code', steps) }, { baseUrl: gw.baseUrl });
    write(s.home, '.claude/settings.json', CLAUDE_SETTINGS);
    await s.run(COMMANDS.setUpOtherTools);
    assert.deepEqual(
      steps[0].map((i) => i.action),
      ['setup', 'check'],
    );
    const items = s.picks.find((p) => p.title === 'Check Claude Code')!.items;
    // Not "No problems found": its key and model are the other gateway's, which is said instead.
    assert.ok(!items.some((i) => /^\$\(pass\)/.test(i.label)), JSON.stringify(items));
    assert.equal(items[0].label, '$(arrow-swap) Set up for another gateway: https://other.example/\\$(zap)');
    assert.match(items[0].detail, /not checked here/);
    assert.equal(gw.seen.length, 0, 'no request for a tool set up for another gateway');
    s.assertKeyNowhere();
  });

  it('a config that does not parse: Check names its line; nothing is written', async () => {
    gw = await standInGateway(ANSWERS);
    s = await setup({ pick: checkOf('codex', []) }, { baseUrl: gw.baseUrl });
    const broken = 'model = "gpt-4.1"\n[model_providers.rutaapi\nname = "x"\n';
    write(s.home, '.codex/config.toml', broken);
    await s.run(COMMANDS.setUpOtherTools);
    const items = s.picks.find((p) => p.title === 'Check Codex CLI')!.items;
    const unreadable = items.find((i) => /^\$\(error\) tool_config_unreadable$/.test(i.label));
    assert.ok(unreadable, JSON.stringify(items));
    assert.match(unreadable.detail, /line 2/);
    assert.equal(readFileSync(join(s.home, '.codex/config.toml'), 'utf8'), broken);
    assert.equal(gw.seen.length, 0, 'no request');
  });

  it('a tool that is not set up goes straight to its setup: no second step', async () => {
    s = await setup({ pick: choose('aider', 'deepseek-chat', 'file') });
    await s.run(COMMANDS.setUpOtherTools);
    assert.ok(!s.picks.some((p) => p.title.startsWith('Set Up Other Tools: ')), JSON.stringify(s.picks.map((p) => p.title)));
    assert.ok(s.picks.some((p) => p.title === 'Set Up aider: Model'));
  });
});
