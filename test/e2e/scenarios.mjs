// UI scenarios 1–9: set-up, verification and diagnosis in a real editor; 10–11: network text in notifications and the saved key's origin gate;
// 12 chat with a RutaAPI model (the chat UI of VS Code ≥ 1.105; 1.104.0's stays empty offline); 13 account figures and the dashboard link of the gateway's theme;
// 14 install to first chat reply (VS Code ≥ 1.121: a fresh editor without the .vsix, through to the first streamed text in the editor's own chat);
// 15 RutaAPI: Select Model with a typed filter: Enter takes the first row the filter shows, also when the live list arrives after the typing.
// 16 code-server dressed as Cursor: RutaAPI: Check Cursor Settings on a fixture state.vscdb (dashboard URL as Base URL, a guessed model), whose
// Fix rows copy https://api.rutaapi.com/v1 and the right model id, and the database stays byte-identical; 17 a dashboard `connect` link ends verified after one Save.
// 18 RutaAPI: Show Usage against the sandbox's /api/log/token: charts drawn, totals equal the sandbox's rows, a chat message (1.121+) marked VS Code chat after Refresh.
// 19 rutaapi.terminalEnvironment: a new integrated terminal has the Base URLs and the key (compared by hash), the key is in no stored state; off clears them.
// The canary (9) runs last, so that it searches for the keys of every scenario before it. Each gets a fresh code-server (own user-data-dir, workspace, HOME, XDG, TMPDIR)
// and a fresh browser context (= empty SecretStorage: code-server keeps secrets in the browser's localStorage).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { grepTree, grepVsix, readUserSettings, shortTmpRootDir, sleep, waitFor, VSIX } from './lib/harness.mjs';
import { SetupPanel, TIMEOUT } from './lib/workbench.mjs';
import { cursorProduct, dressAsCursor, editorProduct } from './lib/cursorDress.mjs';
import { stateDbDigests, writeCursorStateDb } from './lib/cursorStateDb.mjs';

const RUTAAPI_BASE_URL = 'https://api.rutaapi.com/v1';

/** Opens the setup panel, points it at the sandbox, pastes the key, verifies, picks the model, saves. */
async function configureAndSave(ctx, wb, { key, model, scope, baseUrl = ctx.sandbox.baseUrl }) {
  const panel = await wb.openSetupPanel();
  await panel.setBaseUrl(baseUrl);
  await panel.setKey(key);
  await panel.clickVerify();
  const steps = await panel.waitStepsSettled();
  assert.equal(steps.models, 'ok', `models step: ${JSON.stringify(steps)}; diagnosis ${await panel.diagnosisCode()}`);
  await panel.pickModel(model);
  await waitFor(async () => (await panel.stepState('chat')) === 'ok' && panel.saveEnabled(), `chat step ok for ${model} and Save enabled`);
  if (scope) await panel.scope.selectOption(scope);
  await panel.clickSave();
  const summary = await panel.waitSaved();
  return { panel, summary, steps };
}

/**
 * A hostile OpenAI-compatible "gateway" on 127.0.0.1: every request gets a 401 whose error message is
 * VS Code notification link syntax for a command with arguments. Records each request (path and
 * whether it carried a given key) so a scenario can prove what was, and was not, sent to it.
 */
const HOSTILE_MESSAGE = '[Open Billing](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)';
async function startHostileGateway() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization ?? '' });
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json', 'x-request-id': 'req_hostile' });
    res.end(JSON.stringify({ error: { message: HOSTILE_MESSAGE, type: 'invalid_request_error', code: 'invalid_api_key' } }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, baseUrl: `${origin}/v1`, requests, close: () => new Promise((r) => server.close(r)) };
}

function assertNoKeyIn(text, key, where) {
  assert.ok(!text.includes(key), `the API key appears in ${where}`);
}

function versionAtLeast(v, min) {
  const a = String(v).split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] || 0) !== b[i]) return (a[i] || 0) > b[i];
  return true;
}

// ---------- scenario 12: chat ----------
// VS Code 1.121+ (code-server 4.139: Copilot Chat built in): the editor's own agent answers with the picked RutaAPI
// model without a GitHub sign-in once `chat.allowAnonymousAccess` is true (offline too; without the setting the answer
// stays at "Considering"), so no participant is installed there. Only VS Code 1.105–1.120 truly need a stand-in: their
// default agent stays disabled until chat set-up is completed with a GitHub sign-in, which an offline machine cannot
// do. There the scenario installs a 10-line test chat participant, `@ask`, that sends the prompt to `request.model`
// (the model picked in the chat's model picker) and streams the text back, as any chat agent does with the picked
// model. The provider, the picker and the chat rendering are the editor's and the product's.
/** The sandbox's default streamed answer (src/sandbox/streaming.ts STREAM_TEXT). */
const SANDBOX_STREAM_TEXT =
  'Hello from the RutaAPI sandbox! This answer arrives in many small chunks, in order, and ends with a usage chunk.';
const CHAT_PARTICIPANT_ID = 'rutaapi-tests.chat-participant';
const CHAT_PARTICIPANT_PACKAGE = {
  name: 'chat-participant',
  publisher: 'rutaapi-tests',
  version: '0.0.0',
  private: true,
  license: 'MIT',
  displayName: 'RutaAPI e2e chat participant',
  engines: { vscode: '^1.104.0' },
  main: './extension.js',
  activationEvents: [],
  contributes: {
    chatParticipants: [
      {
        id: 'rutaapi-tests.ask',
        name: 'ask',
        fullName: 'Ask the picked model',
        description: 'Sends the prompt to the model picked in the chat',
        isSticky: true,
      },
    ],
  },
};
const CHAT_PARTICIPANT_JS = `// Test-only chat participant: the prompt to the model picked in the chat, its text back.
const vscode = require('vscode');
exports.activate = (context) => {
  context.subscriptions.push(vscode.chat.createChatParticipant('rutaapi-tests.ask', async (request, _ctx, stream, token) => {
    const r = await request.model.sendRequest([vscode.LanguageModelChatMessage.User(request.prompt)], {}, token);
    for await (const t of r.text) stream.markdown(t);
  }));
};
`;

/** Adds the test chat participant to the editor's extensions dir (and its extensions.json); returns its removal. */
function installChatParticipant(extensionsDir) {
  return installTestExtension(extensionsDir, CHAT_PARTICIPANT_ID, CHAT_PARTICIPANT_PACKAGE, CHAT_PARTICIPANT_JS);
}

/** Adds a test-only extension (`id` = publisher.name, version 0.0.0) to the extensions dir and its manifest; returns its removal. */
function installTestExtension(extensionsDir, id, pkg, js) {
  const dir = path.join(extensionsDir, `${id}-0.0.0`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.writeFileSync(path.join(dir, 'extension.js'), js);
  // The dir has a manifest (written by --install-extension): a folder that is not listed in it is not loaded.
  const manifest = path.join(extensionsDir, 'extensions.json');
  const before = fs.readFileSync(manifest, 'utf8');
  const entries = JSON.parse(before).filter((e) => e.identifier?.id !== id);
  entries.push({
    identifier: { id },
    version: '0.0.0',
    location: { $mid: 1, fsPath: dir, external: `file://${dir}`, path: dir, scheme: 'file' },
    relativeLocation: path.basename(dir),
    metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  });
  fs.writeFileSync(manifest, JSON.stringify(entries));
  return () => {
    fs.writeFileSync(manifest, before);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

/** The chat view of a Workbench: model picker, input, responses. */
function chatView(wb) {
  const page = wb.page;
  const session = page.locator('.interactive-session').last();
  return {
    session,
    picker: session.locator('.model-picker-item .model-picker-name').first(),
    input: session.locator('.interactive-input-part .monaco-editor').first(),
    responses: session.locator('.interactive-item-container.interactive-response'),
    async open() {
      await page.keyboard.press('Control+Alt+KeyI'); // workbench.action.chat.open
      wb.actions.add('open Chat (Ctrl+Alt+I)');
      await this.picker.waitFor({ state: 'visible', timeout: TIMEOUT });
    },
    async pickerRows() {
      return page
        .locator('.action-widget .monaco-list-row.action')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.innerText));
    },
    async send(text) {
      await this.input.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.type(text);
      wb.actions.add(`type "${text}" in chat`);
      await page.keyboard.press('Enter');
    },
    /** Waits for the n-th response (0-based) to satisfy `pred(text)`; returns its text. */
    /** The newest response once it satisfies `pred` (the chat list is virtualised: older ones leave the DOM). */
    async waitLastResponse(pred, what) {
      return waitFor(
        async () => {
          const count = await this.responses.count();
          if (count === 0) return false;
          const t = (await this.responses.nth(count - 1).innerText()).replace(/\s+/g, ' ').trim();
          return pred(t) ? t : false;
        },
        what,
        TIMEOUT,
      ).catch(async (e) => {
        throw new Error(`${e.message}; responses now: ${JSON.stringify(await this.responses.allInnerTexts().catch(() => []))}`);
      });
    },
    async waitResponse(n, pred, what) {
      return waitFor(
        async () => {
          if ((await this.responses.count()) <= n) return false;
          const t = (await this.responses.nth(n).innerText()).replace(/\s+/g, ' ').trim();
          return pred(t) ? t : false;
        },
        what,
        TIMEOUT,
      ).catch(async (e) => {
        throw new Error(`${e.message}; responses now: ${JSON.stringify(await this.responses.allInnerTexts().catch(() => []))}`);
      });
    },
  };
}

// ---------- scenario 14: install to first chat reply ----------
// No test chat participant here: on VS Code ≥ 1.121 the editor's own agent (code-server 4.139 ships Copilot Chat built
// in, extensions/copilot) answers with a bring-your-own-key model without a GitHub sign-in once
// `chat.allowAnonymousAccess` is true (microsoft/vscode#317428, test plan #318190), offline too. Scenario 12 keeps its
// `@ask` participant for VS Code 1.105–1.120, where the default agent waits for a sign-in.
const FIRST_CHAT_MODEL = 'claude-3-5-sonnet-20241022';

/**
 * A fresh profile without the .vsix: install it (palette → Install from VSIX → the file), set it up in the panel (paste
 * the key ⏎ verifies, pick a model, Save), pick that RutaAPI model in the chat view's model picker and send a message,
 * until the first streamed text shows. User actions as issue 19 counts them: a click or a shortcut is one, all typing
 * in one field (with the Enter that submits it) is one.
 */
async function installToFirstChatReply(ctx) {
  const settingsFile = path.join(ctx.dirs.userData, 'User', 'settings.json');
  const anonymous = process.env.RUTAAPI_E2E_CHAT_ANONYMOUS !== '0'; // 0: the research run without the setting
  fs.writeFileSync(
    settingsFile,
    JSON.stringify(
      {
        ...JSON.parse(fs.readFileSync(settingsFile, 'utf8')),
        // Chat on (the harness's base settings turn AI features off for the other scenarios).
        'chat.disableAIFeatures': false,
        // What a user without a GitHub account sets once (Settings → Chat → "Allow Anonymous Access").
        ...(anonymous ? { 'chat.allowAnonymousAccess': true } : {}),
        // Stands in for the real default Base URL (https://api.rutaapi.com/v1), which a newcomer does not type.
        'rutaapi.baseUrl': ctx.sandbox.baseUrl,
      },
      null,
      2,
    ),
  );
  assert.ok(!fs.readdirSync(ctx.extensionsDir).some((d) => d.startsWith('rutaapi.')), 'the .vsix is not installed yet');
  const key = ctx.newKey('ok');
  const model = FIRST_CHAT_MODEL;
  const t0 = Date.now();
  const wb = await ctx.openWorkbench({ waitForExtension: false });
  const page = wb.page;
  const act = (what) => wb.actions.add(what);
  const marks = {};
  const mark = (name) => (marks[name] = Math.round((Date.now() - t0) / 100) / 10);
  await ctx.shot(wb, '14-fresh');

  // 1. Install from VSIX through the palette (the Extensions view's "..." menu runs the same command). The command is
  // offered once the workbench knows its extension servers, a second or two after it shows: a person is slower than
  // that; the harness asks again until it is there (one user action, however often the harness asks).
  const vsixRow = page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: /^\s*Extensions: Install from VSIX\.\.\.\s*$/ }) })
    .first();
  await waitFor(
    async () => {
      await wb.openPalette();
      await wb.quickInput.fill('>Install from VSIX');
      if (
        await vsixRow.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        return true;
      await page.keyboard.press('Escape');
      return false;
    },
    'the command "Extensions: Install from VSIX..." in the palette',
    TIMEOUT,
    500,
  );
  act('F1');
  await vsixRow.click();
  act('type "Install from VSIX" ⏎');
  // The editor's own file dialog (a quick input over the server's files): the path typed, Enter.
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: '..' }).first().waitFor({ timeout: TIMEOUT });
  await wb.quickInput.fill(`${path.dirname(ctx.vsix)}/`);
  await wb.quickInput.pressSequentially(path.basename(ctx.vsix));
  await waitFor(async () => (await wb.quickInput.inputValue()) === ctx.vsix, 'the .vsix path in the file dialog');
  await sleep(500); // the dialog resolves the typed path before it accepts it
  await page.keyboard.press('Enter');
  act('type the .vsix path ⏎');
  await wb.statusItem.waitFor({ timeout: TIMEOUT });
  mark('installed');
  await ctx.shot(wb, '14-installed');

  // 2. Set up: the status bar item ("RutaAPI: Set up") opens the panel; the key pasted and Enter verifies.
  assert.match(await wb.statusText(), /Set up/i);
  await wb.statusItem.click();
  act('click "RutaAPI: Set up" in the status bar');
  const wv = wb.webview();
  await wv.locator('#api-key').waitFor({ timeout: TIMEOUT });
  const panel = new SetupPanel(wb, wv);
  await waitFor(async () => (await panel.baseUrl.inputValue()) === ctx.sandbox.baseUrl, 'the panel to show the Base URL');
  await panel.apiKey.click();
  await panel.apiKey.fill(key);
  await panel.apiKey.press('Enter');
  act('paste the API key ⏎ (verifies)');
  const steps = await panel.waitStepsSettled();
  assert.equal(steps.models, 'ok', `models step: ${JSON.stringify(steps)}; diagnosis ${await panel.diagnosisCode()}`);
  await panel.pickModel(model);
  await waitFor(async () => (await panel.stepState('chat')) === 'ok' && panel.saveEnabled(), `chat step ok for ${model} and Save enabled`);
  await panel.clickSave();
  await panel.waitSaved();
  await wb.waitConnected(model);
  mark('saved');
  await ctx.shot(wb, '14-saved');

  // 3. The chat view (VS Code 1.139 shows it at start, in the secondary side bar): its model picker, the RutaAPI model.
  const chat = chatView(wb);
  if (!(await chat.picker.isVisible())) await chat.open();
  await chat.picker.click();
  act('click the chat model picker');
  const row = page.locator('.action-widget .monaco-list-row.action', { hasText: model }).filter({ hasText: 'RutaAPI' }).first();
  const search = page.locator('.action-widget input').first();
  await search.waitFor({ timeout: TIMEOUT });
  const pickerRows = await chat.pickerRows();
  await ctx.shot(wb, '14-model-picker');
  if (!(await row.isVisible())) {
    // Newer pickers fold all but the current model under "Other Models" and offer a search box.
    await search.fill(model);
    act(`type "${model}" in the model picker's search`);
  }
  await row.click();
  act(`click "${model} · RutaAPI"`);
  await waitFor(async () => (await chat.picker.innerText()).trim() === model, `the chat's model picker to show ${model}`);

  // 4. A message to the editor's own agent; the clock stops at the first streamed text.
  await chat.input.click();
  await page.keyboard.type('Say hello.');
  await page.keyboard.press('Enter');
  act('type "Say hello." in the chat ⏎');
  mark('sent');
  const first = await chat.waitLastResponse((t) => t.includes('Hello from the RutaAPI sandbox'), 'the first streamed text in the chat');
  const seconds = Math.round((Date.now() - t0) / 100) / 10;
  mark('firstText');
  await ctx.shot(wb, '14-first-reply');
  assertNoKeyIn(first, key, 'the chat');
  const result = {
    seconds,
    actions: wb.actions.count,
    actionLog: [...wb.actions.log],
    editor: `VS Code ${ctx.editor.vscode} (code-server ${ctx.editor.codeServerVersion})`,
    measuredAt: new Date().toISOString(),
    model,
    anonymousAccess: anonymous,
    marksSeconds: marks,
    // Wall-clock on a shared machine: how busy it was (the install and the agent's first answer slow down most).
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    pickerRows,
    firstText: first.slice(0, 200),
    goals: { seconds: 90, actions: 10 },
  };
  ctx.record({ firstChatReply: result });
  if (anonymous) recordFirstChatReply(result, ctx.log);
  ctx.log(
    `first chat reply: ${seconds} s and ${result.actions} user actions from a fresh editor without the .vsix (${JSON.stringify(marks)}): ${result.actionLog.join(' · ')}`,
  );
}

/** bench/results.json gets the figure too (goals firstChatReply.seconds ≤ 90, .actions ≤ 10; the bench keeps it). */
function recordFirstChatReply(result, log) {
  const file = path.join(path.dirname(VSIX), 'bench', 'results.json');
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    const { seconds, actions, actionLog, editor, measuredAt, loadAverage1m, marksSeconds } = result;
    r.firstChatReply = { seconds, actions, editor, measuredAt, loadAverage1m, marksSeconds, actionLog };
    r.meetsGoals = { ...r.meetsGoals, 'firstChatReply.seconds': seconds <= 90, 'firstChatReply.actions': actions <= 10 };
    fs.writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  } catch (e) {
    log(`bench/results.json not updated: ${e.message}`);
  }
}

// ---------- scenario 13: what the editor is asked to open ----------
/**
 * Runs `act` and returns what the product handed to the editor to open externally and what the browser then opened.
 * - `handed`: the URL of the extension host's `$openUri` call (vscode.env.openExternal), read on the workbench's
 *   WebSocket (Workbench.watchOpenExternal);
 * - a link to an untrusted domain first asks "Do you want code-server to open the external website?" with the URL in
 *   the dialog (`dialogText`, `dialogUrl`): "Open" is clicked;
 * - `opened`: the new browser page's URL. code-server's resolveExternalUri rewrites a loopback URL (the sandbox's)
 *   to its own `/proxy/<port>/`, without the path, so this one is only compared with that rewrite.
 */
async function observeOpenExternal(wb, watch, act) {
  try {
    const popup = wb.page.context().waitForEvent('page', { timeout: TIMEOUT });
    popup.catch(() => {});
    const dialog = wb.page.locator('.monaco-dialog-box').filter({ hasText: /external website/i });
    await act();
    const handed = await waitFor(() => watch.urls()[0], 'the extension host to ask the workbench to open a URL ($openUri)').catch((e) => {
      throw new Error(
        `${e.message} (${watch.frames()} WebSocket frames received since the reload; $openUri messages: ${JSON.stringify(watch.raw())})`,
      );
    });
    const first = await Promise.race([
      popup.then((p) => ({ page: p })),
      dialog.waitFor({ state: 'visible', timeout: TIMEOUT }).then(() => ({ dialog: true })),
    ]);
    let dialogText = null;
    let dialogUrl = null;
    let page = first.page;
    if (first.dialog) {
      dialogText = (await dialog.innerText()).replace(/\s+/g, ' ').trim();
      dialogUrl = /https?:\/\/[^\s"']+/.exec(dialogText)?.[0] ?? null;
      await dialog
        .locator('.dialog-buttons .monaco-button', { hasText: /^\s*Open\s*$/ })
        .first()
        .click();
      page = await popup;
    }
    await page.waitForURL(/^https?:/, { timeout: TIMEOUT }).catch(() => {});
    return { handed, allHanded: watch.urls(), raw: watch.raw(), opened: page.url(), dialogText, dialogUrl, page };
  } finally {
    await watch.stop();
  }
}

// ---------- scenario 15: the typed filter decides what Select Model takes ----------
/**
 * A pass-through proxy on 127.0.0.1 in front of the sandbox: `slowModelsMs` holds back GET /v1/models answers (the live
 * list arrives after the user typed); counts the /models requests asked and answered, and records the model of each
 * chat completion (the chat step that tests the picked model before it is saved).
 */
async function startModelsDelayProxy(target) {
  const state = { slowModelsMs: 0, modelsAsked: 0, modelsAnswered: 0, chatModels: [] };
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const isModels = req.method === 'GET' && /^\/v1\/models\/?(\?|$)/.test(req.url ?? '');
    if (isModels) state.modelsAsked += 1;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && /\/chat\/completions/.test(req.url ?? '')) {
        try {
          state.chatModels.push(JSON.parse(body.toString('utf8')).model);
        } catch {
          state.chatModels.push('(unreadable body)');
        }
      }
      const forward = () => {
        const out = http.request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: upstream.host },
          },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
            up.on('end', () => {
              if (isModels) state.modelsAnswered += 1;
            });
          },
        );
        out.on('error', () => res.destroy());
        out.end(body);
      };
      if (isModels && state.slowModelsMs > 0) setTimeout(forward, state.slowModelsMs);
      else forward();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    state,
    baseUrl: `${origin}/v1`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections?.();
        server.close(r);
      }),
  };
}

/** The labels of the rows the open quick pick shows. */
async function shownModelRows(wb) {
  const rows = await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts();
  return rows.map((r) => r.trim()).filter(Boolean);
}

/**
 * RutaAPI: Select Model, type `filter`, Enter; `whileListLoads`: the typing happens while GET /v1/models is held back,
 * Enter only once the live list replaced the rows. Then the status bar and User/settings.json name `expected`, and the
 * chat step tested `expected` before it was saved.
 */
async function selectModelByFilter(ctx, wb, proxy, { current, filter, expected, whileListLoads, shot }) {
  const asked = proxy.state.modelsAsked;
  const answered = proxy.state.modelsAnswered;
  const chats = proxy.state.chatModels.length;
  await wb.runCommand('RutaAPI: Select Model');
  await waitFor(() => proxy.state.modelsAsked > asked, 'the model picker to ask GET /v1/models');
  if (!whileListLoads) {
    await waitFor(() => proxy.state.modelsAnswered > answered, 'the live model list');
    await wb.quickPickRow(current).first().waitFor({ timeout: TIMEOUT });
  }
  await waitFor(() => wb.quickInputOpen(), 'the model picker to have the keyboard focus');
  await wb.page.keyboard.type(filter);
  wb.actions.add(`type "${filter}"`);
  if (whileListLoads) {
    assert.equal(proxy.state.modelsAnswered, answered, 'the live model list arrived before the filter was typed (the delay is too short)');
    await waitFor(() => proxy.state.modelsAnswered > answered, 'the live model list after the typing', TIMEOUT);
    await sleep(500); // the extension host puts the live rows into the pick
  }
  await waitFor(
    async () => {
      const rows = await shownModelRows(wb);
      return rows.length === 1 && rows[0] === expected ? rows : false;
    },
    `the filter "${filter}" to show only ${expected} (quick input: ${await wb.quickInputState()})`,
  ).catch(async (e) => {
    throw new Error(`${e.message.split('\n')[0]}; quick input now: ${await wb.quickInputState()}`);
  });
  await ctx.shot(wb, `${shot}-filtered`);
  assert.equal(await wb.quickInput.inputValue(), filter, 'the typed filter is kept');
  await wb.page.keyboard.press('Enter');
  wb.actions.add('Enter');
  await wb.waitConnected(expected).catch(async (e) => {
    throw new Error(
      `${e.message.split('\n')[0]}; chat steps since Enter: ${JSON.stringify(proxy.state.chatModels.slice(chats))}; settings model: ${readUserSettings(ctx.dirs)['rutaapi.model']}`,
    );
  });
  await waitFor(() => readUserSettings(ctx.dirs)['rutaapi.model'] === expected, `User/settings.json rutaapi.model = ${expected}`, 15_000);
  const tested = proxy.state.chatModels.slice(chats);
  assert.deepEqual(tested, [expected], `the chat step tested ${JSON.stringify(tested)}, not only ${expected}`);
  await ctx.shot(wb, `${shot}-saved`);
  return { rowsTested: tested };
}

// ---------- scenario 16: Check Cursor Settings in code-server dressed as Cursor ----------
const CURSOR_FIXTURE_KEY = 'sk-ruta-cursor-fixture-0000e2e0000abcd';
/**
 * What the fixture gets: the dashboard as Base URL, a key that is not the saved one and is not sent (Cursor sends it
 * to api.rutaapi.com, not to the sandbox), a guessed model.
 */
const CHECKLIST_CODES = ['dashboard_url', 'cursor_key_differs', 'cursor_model_unknown', 'cursor_key_not_sent'];

/**
 * The rows of the open checklist: { code, text }. Read from each row's accessible name ("<label>, <description>,
 * <detail>"), which the list sets for the item a row shows: the list recycles its row elements (the command
 * palette's rows become the checklist's), and their inner parts were seen to lag.
 */
async function checklistRows(wb) {
  const rows = await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').all();
  const out = [];
  for (const row of rows) {
    const text = ((await row.getAttribute('aria-label').catch(() => '')) || '').replace(/\s+/g, ' ').trim();
    const code = CHECKLIST_CODES.find((c) => text.includes(c));
    if (code) out.push({ code, text });
  }
  return out;
}

/**
 * The Fix opens Settings when Cursor's own commands are missing (code-server); VS Code 1.139 shows it as a modal
 * over the workbench, which keeps the command palette from opening: Escape closes it (elsewhere Escape does nothing).
 */
async function closeModalSettings(wb) {
  await sleep(300);
  await wb.page.keyboard.press('Escape');
  await sleep(300);
}

async function readClipboard(wb) {
  return wb.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
}

/** Accepts the checklist row of `code` (opening the checklist again when the Settings editor took it away) and returns what it copied. */
async function fixRow(wb, code, expected) {
  await wb.page.evaluate(() => navigator.clipboard.writeText('(before the fix)')).catch(() => {});
  if (!(await wb.quickPickRow(code).first().isVisible())) await wb.runCommand('RutaAPI: Check Cursor Settings');
  await wb.quickPickRow(code).first().click();
  wb.actions.add(`click the ${code} row`);
  return waitFor(
    async () => ((await readClipboard(wb)) === expected ? expected : false),
    `the ${code} fix to copy ${expected}`,
    15_000,
  ).catch(async (e) => {
    throw new Error(`${e.message.split('\n')[0]}; clipboard: "${await readClipboard(wb)}"`);
  });
}

async function checkCursorSettings(ctx) {
  const stateDb = path.join(ctx.dirs.userData, 'User', 'globalStorage', 'state.vscdb');
  // What a Cursor user who followed the guide half-way has: the dashboard as Base URL and a model name guessed.
  writeCursorStateDb(stateDb, {
    baseUrl: 'https://app.rutaapi.com',
    key: CURSOR_FIXTURE_KEY,
    models: ['deepseek-v3'],
  });
  const before = stateDbDigests(stateDb);
  const product = cursorProduct(ctx.editor.codeServerVersion);
  fs.writeFileSync(path.join(ctx.dirs.dir, 'product.cursor.json'), JSON.stringify(product, null, 2));
  const dress = await dressAsCursor(ctx.browserContext, product);
  const wb = await ctx.openWorkbench();
  assert.ok(await dress.dressed(wb.page), 'the workbench did not read the Cursor names');
  // RutaAPI set up against the sandbox first: the check knows the key's model list from that check, and Cursor's own
  // key is never sent (Cursor sends it to api.rutaapi.com, not to the sandbox).
  const model = 'gpt-4o-mini';
  const { panel } = await configureAndSave(ctx, wb, { key: ctx.newKey('ok'), model });
  await wb.waitConnected(model);
  // The panel's "Use it in Cursor" section shows the same checklist (read when the panel opened): its Fix copies too.
  const panelRow = (code) => panel.f.locator(`#cursor-checklist-rows [data-code="${code}"]`);
  await panelRow('dashboard_url').waitFor({ timeout: TIMEOUT });
  await wb.page.evaluate(() => navigator.clipboard.writeText('(before the fix)')).catch(() => {});
  await panelRow('dashboard_url').locator('button').click();
  wb.actions.add("click the panel's dashboard_url Fix");
  await waitFor(
    async () => (await readClipboard(wb)) === RUTAAPI_BASE_URL,
    `the panel's dashboard_url Fix to copy ${RUTAAPI_BASE_URL}`,
    15_000,
  );
  await ctx.shot(wb, '16-panel-checklist');
  await closeModalSettings(wb);
  await wb.runCommand('RutaAPI: Check Cursor Settings');
  const rows = await waitFor(
    async () => {
      const r = await checklistRows(wb);
      return CHECKLIST_CODES.every((c) => r.some((x) => x.code === c)) ? r : false;
    },
    `the checklist to name ${CHECKLIST_CODES.join(', ')}`,
  ).catch(async (e) => {
    throw new Error(`${e.message.split('\n')[0]}; rows: ${JSON.stringify(await checklistRows(wb))}`);
  });
  await ctx.shot(wb, '16-checklist');
  const text = JSON.stringify(rows);
  assert.ok(!text.includes(CURSOR_FIXTURE_KEY), 'a checklist row shows the key from Cursor');
  const dashboardRow = rows.find((r) => r.code === 'dashboard_url').text;
  assert.ok(dashboardRow.includes(`Fix: copy ${RUTAAPI_BASE_URL}`), `the dashboard_url row names its fix: ${dashboardRow}`);
  const modelRow = rows.find((r) => r.code === 'cursor_model_unknown').text;
  assert.ok(modelRow.includes('deepseek-v3') && modelRow.includes('Fix: copy deepseek-chat'), `the model row: ${modelRow}`);
  const url = await fixRow(wb, 'dashboard_url', RUTAAPI_BASE_URL);
  const modelId = await fixRow(wb, 'cursor_model_unknown', 'deepseek-chat');
  await ctx.shot(wb, '16-after-fixes');
  await wb.page.keyboard.press('Escape');
  await closeModalSettings(wb);
  // The command's check (after the save, with the key's model list) updated the panel's checklist as well.
  await wb.openSetupPanel();
  await panelRow('cursor_model_unknown').waitFor({ timeout: TIMEOUT });
  const panelRows = await panel.f
    .locator('#cursor-checklist-rows [data-code]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
  assert.ok(
    !(await panel.f.locator('#cursor-checklist-rows').innerText()).includes(CURSOR_FIXTURE_KEY),
    'the panel shows the key from Cursor',
  );
  // Let a focus re-check or anything else that may touch the file run before the bytes are compared.
  await sleep(1000);
  const after = stateDbDigests(stateDb);
  assert.deepEqual(after, before, "Cursor's state database changed");
  ctx.record({ cursorCheck: { rows, panelRows, copied: [url, modelId], digests: before, userActions: [...wb.actions.log] } });
}

// ---------- scenario 17: a dashboard `connect` link, verified, one Save ----------
/** The editor's URI scheme (product.json urlProtocol, `vscode.env.uriScheme`): code-server's own, unless dressed. */
function editorUriScheme(ctx) {
  return editorProduct(ctx.editor.codeServerVersion).urlProtocol || 'vscode';
}

/** Clicks the button of the open workbench dialog whose text matches `name`; returns the dialog's text. */
async function answerDialog(wb, name, what) {
  const dialog = wb.page.locator('.monaco-dialog-box').first();
  await dialog.waitFor({ state: 'visible', timeout: TIMEOUT }).catch((e) => {
    throw new Error(`${what}: no dialog (${e.message.split('\n')[0]})`);
  });
  const text = (await dialog.innerText()).replace(/\s+/g, ' ').trim();
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: name }).first().click();
  wb.actions.add(`click "${name}" in the dialog`);
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT }).catch(() => {});
  return text;
}

async function connectLink(ctx) {
  const wb = await ctx.openWorkbench();
  const key = ctx.newKey('ok');
  const scheme = editorUriScheme(ctx);
  // The dashboard's Chats entry with {address} and {key} filled in (new-api URI-encodes the address).
  const link = `${scheme}://rutaapi.rutaapi-connect/connect?address=${encodeURIComponent(ctx.sandbox.origin)}&key=${key}`;
  // The workbench's own URL handling (what the OS hands the desktop editor): Developer: Open URL.
  await wb.runCommand('Developer: Open URL');
  await wb.quickInput.fill(link);
  wb.actions.add('paste the link');
  await wb.page.keyboard.press('Enter');
  wb.actions.add('Enter');
  const dialogs = [];
  const panelFrame = wb.webview();
  // The editor may ask whether the extension may open the URI; then RutaAPI asks before the link's key goes to an
  // origin that is not RutaAPI's (the sandbox): both answered with their accepting button.
  const sendButton = `Send Key to ${ctx.sandbox.origin}`;
  await waitFor(async () => {
    if (
      await panelFrame
        .locator('#api-key')
        .isVisible()
        .catch(() => false)
    )
      return true;
    const dialog = wb.page.locator('.monaco-dialog-box').first();
    if (!(await dialog.isVisible().catch(() => false))) return false;
    const text = (await dialog.innerText()).replace(/\s+/g, ' ').trim();
    if (text.includes(sendButton)) dialogs.push(await answerDialog(wb, sendButton, 'the link origin question'));
    // The editor's own question shows the URI (so part of the key): only that it was asked is recorded.
    else if (/open (this|the) ur[il]/i.test(text)) {
      await answerDialog(wb, /^\s*Open\s*$/, 'the editor question');
      dialogs.push("(the editor: allow 'RutaAPI Connect' to open this URI? Open)");
    } else throw new Error(`unexpected dialog: ${text}`);
    return false;
  }, 'the link to open the setup panel');
  assert.ok(
    dialogs.some((d) => d.includes(`Send the key from this link to ${ctx.sandbox.origin}?`)),
    `the link's origin was not put to the user: ${JSON.stringify(dialogs)}`,
  );
  const panel = new SetupPanel(wb, panelFrame);
  await waitFor(
    async () => (await panel.baseUrl.inputValue()) === ctx.sandbox.baseUrl,
    `the panel's Base URL to be ${ctx.sandbox.baseUrl}`,
  ).catch(async (e) => {
    throw new Error(`${e.message.split('\n')[0]}; #base-url: ${await panel.baseUrl.inputValue().catch(() => '?')}`);
  });
  const keyField = await panel.apiKey.inputValue();
  assertNoKeyIn(keyField, key, 'the panel key field');
  const steps = await panel.waitStepsSettled();
  assert.equal(steps.models, 'ok', `models step: ${JSON.stringify(steps)}; diagnosis ${await panel.diagnosisCode()}`);
  await ctx.shot(wb, '17-link-verified');
  if (steps.chat !== 'ok') await panel.pickModel('gpt-4o-mini');
  await waitFor(async () => (await panel.stepState('chat')) === 'ok' && panel.saveEnabled(), 'the chat step ok and Save enabled');
  const model = await panel.f
    .locator('#model-list [role=option][aria-selected="true"]')
    .first()
    .getAttribute('data-model-id')
    .catch(() => null);
  await panel.clickSave();
  const summary = await panel.waitSaved();
  await ctx.shot(wb, '17-saved');
  const settings = readUserSettings(ctx.dirs);
  assert.equal(settings['rutaapi.baseUrl'], ctx.sandbox.baseUrl, 'User/settings.json rutaapi.baseUrl');
  const saved = settings['rutaapi.model'] ?? model;
  await wb.waitConnected(saved);
  assertNoKeyIn(JSON.stringify(settings), key, 'User/settings.json');
  // The key is in SecretStorage: after a reload the extension reads it back and the status bar is connected again.
  await wb.reload();
  await wb.waitConnected(saved);
  ctx.record({ connectLink: { scheme, dialogs, summary, model: saved, userActions: [...wb.actions.log] } });
}

// ---------- scenario 18: RutaAPI: Show Usage against the sandbox's /api/log/token ----------
/** The usage view (the last webview's inner frame) and what a scenario reads from it. */
function usageFrame(wb) {
  const f = wb.webview();
  return {
    f,
    cells: (row) => f.locator('#totals tbody tr').nth(row).locator('th, td').allInnerTexts(),
    status: () => f.locator('#status').innerText(),
    firstRow: () => f.locator('#requests-table tbody tr').first().locator('th, td').allInnerTexts(),
  };
}

const digits = (text) => Number(String(text).replace(/[^\d]/g, ''));

/**
 * The usage log's interval between reads in scenario 18's editor (RUTAAPI_TEST_USAGE_MIN_INTERVAL_MS, read by
 * src/host/usage/testInterval.ts): users always get a minute; the test shortens only this interval (to no less
 * than 5 s), so its Refresh need not wait a real minute. The rule itself is checked: a Refresh at once is refused.
 */
const USAGE_TEST_INTERVAL_MS = 12_000;

/** Opens the view, checks the charts are drawn and the totals are the sandbox's own rows; then a chat message shows as VS Code chat. */
async function showUsage(ctx) {
  const key = ctx.newKey('unlimited');
  const model = 'gpt-4o-mini';
  const newestChat = versionAtLeast(ctx.editor.vscode, '1.121.0');
  const settingsFile = path.join(ctx.dirs.userData, 'User', 'settings.json');
  if (newestChat) {
    const base = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    fs.writeFileSync(
      settingsFile,
      JSON.stringify({ ...base, 'chat.disableAIFeatures': false, 'chat.allowAnonymousAccess': true }, null, 2),
    );
  }
  const wb = await ctx.openWorkbench();
  await configureAndSave(ctx, wb, { key, model });
  await wb.waitConnected(model);

  await wb.runCommand('RutaAPI: Show Usage');
  const view = usageFrame(wb);
  await waitFor(async () => /records read from the gateway/.test(await view.status().catch(() => '')), 'the usage view read the records');
  const openedAt = Date.now();
  // The sandbox's own rows for this key, as new-api answers them (one read of the shared bucket).
  const origin = new URL(ctx.sandbox.baseUrl).origin;
  const answer = await (await fetch(`${origin}/api/log/token`, { headers: { authorization: `Bearer ${key}` } })).json();
  const consume = answer.data.filter((r) => r.type === 2);
  const expected = {
    requests: consume.length,
    prompt: consume.reduce((n, r) => n + r.prompt_tokens, 0),
    completion: consume.reduce((n, r) => n + r.completion_tokens, 0),
    cached: consume.reduce((n, r) => n + JSON.parse(r.other).cache_tokens, 0),
    // Net of refunds, in USD (the sandbox's quota_per_unit 500000), as the view rounds it: to cents.
    cost: (Math.round(answer.data.reduce((n, r) => n + (r.type === 2 ? r.quota : r.type === 6 ? -r.quota : 0), 0) / 5000) / 100).toFixed(2),
    errors: answer.data.filter((r) => r.type === 5).length,
    refunds: answer.data.filter((r) => r.type === 6).length,
  };
  // Totals: Today, 7 days, 30 days, All kept; columns: requests, prompt, completion, cached, cost, errors, refunds, VS Code chat.
  const all = await view.cells(3);
  const shown = {
    requests: digits(all[1]),
    prompt: digits(all[2]),
    completion: digits(all[3]),
    cached: digits(all[4]),
    cost: String(all[5]).replace(/[^\d.-]/g, ''),
    errors: digits(all[6]),
    refunds: digits(all[7]),
  };
  assert.deepEqual(shown, expected, `the view's "All kept" totals ${JSON.stringify(all)} are the sandbox's own rows`);
  // Five charts, each a canvas with something drawn on it (CSP: the page's own script only).
  const drawn = await view.f.locator('.plot canvas').evaluateAll((cs) =>
    cs.map((c) =>
      c
        .getContext('2d')
        .getImageData(0, 0, c.width, c.height)
        .data.some((v, i) => i % 4 === 3 && v !== 0),
    ),
  );
  assert.equal(drawn.length, 5, `five charts, got ${drawn.length}`);
  assert.ok(drawn.every(Boolean), `every chart drawn: ${JSON.stringify(drawn)}`);
  // Each chart's equivalent for screen readers: the canvas hidden, a sentence and a table of its numbers.
  const equivalents = await view.f.locator('section.chart').evaluateAll((ss) =>
    ss.map((s) => ({
      summary: (s.querySelector('.chart-summary')?.textContent ?? '').trim(),
      rows: s.querySelectorAll('.chart-table tbody tr').length,
      hidden: s.querySelector('.plot')?.getAttribute('aria-hidden'),
    })),
  );
  assert.ok(
    equivalents.length === 5 && equivalents.every((e) => e.summary && e.rows > 0 && e.hidden === 'true'),
    `each chart has a sentence and a table of its numbers: ${JSON.stringify(equivalents)}`,
  );
  await ctx.shot(wb, '18-usage');
  // The budget: a Refresh at once is refused with a plain sentence that says when (no request sent).
  await view.f.locator('#refresh').click();
  wb.actions.add('click Refresh in the usage view at once');
  await waitFor(async () => /Try again after/.test(await view.status()), 'an immediate Refresh says when to try again');
  // The filter and the sort survive the page being rebuilt (Developer: Reload Webviews; the webview's setState).
  const costHead = (v) => v.f.locator('#requests-table th', { has: v.f.locator('button', { hasText: /^Cost$/ }) });
  await view.f.locator('#filter-text').fill(model);
  await costHead(view).locator('button').click();
  wb.actions.add('filter the requests and sort them by cost');
  await waitFor(async () => (await costHead(view).getAttribute('aria-sort')) === 'descending', 'sorted by cost');
  // A mark on the old page: gone from the new one, so what comes back came through getState.
  await view.f.locator('body').evaluate((b) => (b.dataset.e2eOldPage = '1'));
  await wb.runCommand('Developer: Reload Webviews');
  const rebuilt = usageFrame(wb);
  // The reload swaps in a new frame a moment later: wait for the new page before reading it.
  await waitFor(
    async () =>
      (await rebuilt.f
        .locator('body')
        .getAttribute('data-e2e-old-page', { timeout: 1000 })
        .catch(() => '1')) === null,
    'the usage view rebuilt by Developer: Reload Webviews',
  );
  await waitFor(
    async () =>
      (await rebuilt.f
        .locator('#requests-table tbody tr')
        .count()
        .catch(() => 0)) > 0 &&
      (await rebuilt.f
        .locator('#filter-text')
        .inputValue({ timeout: 1000 })
        .catch(() => '')) === model,
    'the filter is back in the rebuilt view',
  );
  assert.equal(await costHead(rebuilt).getAttribute('aria-sort'), 'descending', 'the sort by cost is back in the rebuilt view');
  ctx.record({ usageViewState: { filter: model, sort: 'cost, descending', keptAcrossRebuild: true } });
  // Back to every row, newest first.
  await rebuilt.f.locator('#filter-text').fill('');
  await rebuilt.f.locator('#requests-table th button', { hasText: /^Time$/ }).click();
  ctx.record({ usage: { totals: all, expected, drawn: drawn.length } });

  if (!newestChat) {
    const reason = `VS Code ${ctx.editor.vscode} < 1.121: the chat part needs the editor's own agent without a sign-in`;
    ctx.record({ usageChat: { skipped: reason } });
    return;
  }
  // A chat message with the RutaAPI model (as scenario 12), then Refresh: the newest row is VS Code chat.
  const chat = chatView(wb);
  await chat.open();
  await chat.picker.click();
  const search = wb.page.locator('.action-widget input').first();
  const row = wb.page.locator('.action-widget .monaco-list-row.action', { hasText: model }).filter({ hasText: 'RutaAPI' }).first();
  await waitFor(async () => {
    if (await row.isVisible()) return true;
    if (await search.isVisible()) await search.fill(model);
    return false;
  }, `a "${model} · RutaAPI" row in the model picker`);
  await row.click();
  await chat.send('Say hello.');
  await chat.waitResponse(0, (t) => t.includes(SANDBOX_STREAM_TEXT), "the sandbox's streamed reply in the chat");
  // The log is read at most once per interval (a minute for users, USAGE_TEST_INTERVAL_MS here): Refresh once it passed.
  await sleep(Math.max(0, openedAt + USAGE_TEST_INTERVAL_MS + 1_000 - Date.now()));
  await wb.page.locator('.tab', { hasText: 'RutaAPI Usage' }).first().click();
  const before = await view.status();
  await view.f.locator('#refresh').click();
  wb.actions.add('click Refresh in the usage view');
  await waitFor(async () => {
    const now = await view.status();
    return now !== before && /records read from the gateway, [1-9]\d* new/.test(now);
  }, 'Refresh read the chat row');
  const first = await view.firstRow();
  assert.equal(first[2], model, `the newest row is the chat's: ${JSON.stringify(first)}`);
  assert.equal(first[9], 'VS Code chat', `the chat's row is marked VS Code chat: ${JSON.stringify(first)}`);
  assert.ok(digits((await view.cells(3))[8]) >= 1, 'the totals count the VS Code chat request');
  await ctx.shot(wb, '18-usage-chat');
  ctx.record({ usageChat: { row: first } });
}

// ---------- scenario 19: the saved key in the integrated terminals (rutaapi.terminalEnvironment) ----------
// A test-only extension holds a *persistent* environment variable collection with a marker: where the marker lands
// (browser storage in code-server, a state.vscdb on the desktop) is where a persistent collection of the product would
// have put the key. The scenario waits until the marker's newest value is stored there, then proves the key is not.
const PERSISTENT_ENV_ID = 'rutaapi-tests.persistent-env';
function persistentEnvExtension(marker) {
  const pkg = {
    name: 'persistent-env',
    publisher: 'rutaapi-tests',
    version: '0.0.0',
    private: true,
    license: 'MIT',
    engines: { vscode: '^1.96.0' },
    main: './extension.js',
    activationEvents: ['onStartupFinished'],
    contributes: { commands: [{ command: 'rutaapiTests.persistMarker', title: 'RutaAPI Tests: Persist Marker' }] },
  };
  const js = `// Test-only: a persistent environment variable collection (the default), whose value is a marker.
const vscode = require('vscode');
exports.activate = (context) => {
  const c = context.environmentVariableCollection;
  c.replace('RUTAAPI_E2E_MARKER', ${JSON.stringify(`${marker}-startup`)});
  context.subscriptions.push(vscode.commands.registerCommand('rutaapiTests.persistMarker', () => c.replace('RUTAAPI_E2E_MARKER', ${JSON.stringify(`${marker}-after`)})));
};
`;
  return { pkg, js };
}

/** The first 16 hex digits of SHA-256 over what `printenv NAME` prints (the value and a newline; nothing when unset). */
const envHash = (value) =>
  crypto
    .createHash('sha256')
    .update(value === undefined ? '' : `${value}\n`)
    .digest('hex')
    .slice(0, 16);

let terminalProbes = 0;
/**
 * Opens a new integrated terminal and has its shell print the variables: the URLs as they are, the keys only as a
 * hash prefix (the key is never typed into, nor printed in, the terminal). Returns { BASE, RUTA, ANTH, MARK, OPENAI_API_KEY, … }.
 */
async function terminalProbe(wb) {
  const n = ++terminalProbes;
  await wb.runCommand('Terminal: Create New Terminal');
  await waitFor(
    () => wb.page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea') ?? false),
    'the new terminal to have focus',
  );
  const p = `P${n}x`;
  const keys = ['OPENAI_API_KEY', 'RUTAAPI_API_KEY', 'ANTHROPIC_AUTH_TOKEN'];
  const line =
    `printf '${p}%s=[%s]\\n' BASE "$OPENAI_BASE_URL" RUTA "$RUTAAPI_BASE_URL" ANTH "$ANTHROPIC_BASE_URL" MARK "$RUTAAPI_E2E_MARKER"; ` +
    `for v in ${keys.join(' ')}; do printf '${p}%s=[%s]\\n' $v "$(printenv $v | sha256sum | cut -c1-16)"; done; printf '${p}%s\\n' END`;
  await wb.page.keyboard.type(line);
  await wb.page.keyboard.press('Enter');
  wb.actions.add(`type the probe's printf in terminal ${n}`);
  const text = await waitFor(async () => {
    const t = (await wb.page.locator('.xterm-rows').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
    return t.includes(`${p}END`) ? t : false;
  }, `terminal ${n} to print ${p}END`);
  const out = { text };
  for (const m of text.matchAll(new RegExp(`${p}(\\w+)=\\[([^\\]\\n]*)\\]`, 'g'))) out[m[1]] = m[2];
  return out;
}

/** Every localStorage entry and every IndexedDB record of the workbench's origin, as text (code-server keeps the workbench's storage there). */
async function browserStorageText(page) {
  return page.evaluate(async () => {
    const { localStorage, indexedDB } = globalThis;
    const parts = [];
    for (let i = 0; i < localStorage.length; i++) parts.push(localStorage.key(i), localStorage.getItem(localStorage.key(i)));
    const done = (r) => new Promise((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
    const asText = (v) =>
      v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? new TextDecoder().decode(v) : typeof v === 'string' ? v : JSON.stringify(v);
    for (const { name } of await indexedDB.databases()) {
      const db = await done(indexedDB.open(name));
      for (const store of db.objectStoreNames) {
        const s = db.transaction(store, 'readonly').objectStore(store);
        const [ks, vs] = await Promise.all([done(s.getAllKeys()), done(s.getAll())]);
        parts.push(`[${name}/${store}]`, ...ks.map(asText), ...vs.map(asText));
      }
      db.close();
    }
    return parts.join('\n');
  });
}

/** Where `needle` is stored: the user-data folder's files (every state.vscdb included) and the browser's storage. */
async function storedIn(ctx, wb, needle) {
  const files = grepTree(ctx.dirs.userData, [needle]).hits.map((h) => path.relative(ctx.dirs.userData, h));
  const browser = (await browserStorageText(wb.page)).includes(needle);
  return { files, browser, anywhere: files.length > 0 || browser };
}

/** Preferences: Open User Settings, search for a boolean setting, untick it; waits for settings.json to no longer say true. */
async function turnOffInSettingsEditor(ctx, wb, id) {
  await wb.runCommand('Preferences: Open User Settings');
  const editor = wb.page.locator('.settings-editor');
  await editor.waitFor({ timeout: TIMEOUT });
  await editor.locator('.suggest-input-container').first().click();
  await wb.page.keyboard.type(id);
  wb.actions.add(`type "${id}" in the Settings editor's search`);
  const box = editor.locator('.setting-item-bool .setting-value-checkbox').first();
  await waitFor(async () => (await box.getAttribute('aria-checked')) === 'true', `the ${id} checkbox, ticked`);
  await box.click();
  wb.actions.add(`untick ${id}`);
  // Unticked is the default (false): the editor removes the entry rather than writing false.
  await waitFor(() => readUserSettings(ctx.dirs)[id] !== true, `User/settings.json without ${id} = true`);
  // VS Code 1.139 shows the Settings editor as a modal over the workbench, which keeps F1 from the palette: close it.
  await wb.page.keyboard.press('Escape');
  wb.actions.add('Escape');
}

async function terminalEnvironment(ctx) {
  const settingsFile = path.join(ctx.dirs.userData, 'User', 'settings.json');
  const writeSettings = (extra) =>
    fs.writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(settingsFile, 'utf8')), ...extra }, null, 2));
  // The user's own setting on; the DOM renderer, so the terminal's text can be read.
  writeSettings({ 'rutaapi.terminalEnvironment': true, 'terminal.integrated.gpuAcceleration': 'off' });
  const marker = `rutaapi-e2e-persisted-${ctx.rand()}`;
  const probeExt = persistentEnvExtension(marker);
  const uninstall = installTestExtension(ctx.extensionsDir, PERSISTENT_ENV_ID, probeExt.pkg, probeExt.js);
  try {
    // A new-api key: /v1/models says claude-3-5-sonnet serves Anthropic Messages, so the ANTHROPIC_ pair is set too.
    const key = ctx.newKey('unlimited');
    const model = 'gpt-4o-mini';
    const wb = await ctx.openWorkbench();
    await configureAndSave(ctx, wb, { key, model });
    await wb.waitConnected(model);
    const unset = envHash(undefined);
    // The collection follows the verified state: a terminal opened a moment too early gets none of it yet.
    const on = await waitFor(async () => {
      const r = await terminalProbe(wb);
      return r.BASE ? r : false;
    }, 'a new terminal with OPENAI_BASE_URL set');
    await ctx.shot(wb, '19-terminal-on');
    assert.equal(on.BASE, ctx.sandbox.baseUrl, 'OPENAI_BASE_URL in the terminal');
    assert.equal(on.RUTA, ctx.sandbox.baseUrl, 'RUTAAPI_BASE_URL in the terminal');
    assert.equal(on.ANTH, ctx.sandbox.origin, 'ANTHROPIC_BASE_URL: the Base URL without /v1');
    assert.equal(on.MARK, `${marker}-startup`, "the test extension's persistent variable (terminals get extensions' collections)");
    for (const v of ['OPENAI_API_KEY', 'RUTAAPI_API_KEY', 'ANTHROPIC_AUTH_TOKEN'])
      assert.equal(on[v], envHash(key), `${v} in the terminal is the saved key (SHA-256 prefix ${on[v]})`);
    assertNoKeyIn(on.text, key, "the terminal's text");

    // A persistent collection's newest value reaches storage: once it is there, the product's values would be too.
    await wb.runCommand('RutaAPI Tests: Persist Marker');
    const where = await waitFor(async () => {
      const s = await storedIn(ctx, wb, `${marker}-after`);
      return s.anywhere ? s : false;
    }, "the test extension's persistent collection in the editor's storage");
    const keyStored = await storedIn(ctx, wb, key);
    assert.deepEqual(keyStored.files, [], 'files of the user-data folder that hold the API key');
    assert.equal(keyStored.browser, false, "the API key is in the workbench's browser storage");

    // The setting off, as a person does it (the Settings editor): a new terminal gets none of the variables (the other extension's stays).
    await turnOffInSettingsEditor(ctx, wb, 'rutaapi.terminalEnvironment');
    const off = await waitFor(async () => {
      const r = await terminalProbe(wb);
      return r.BASE === '' ? r : false;
    }, 'a new terminal without OPENAI_BASE_URL once the setting is off');
    await ctx.shot(wb, '19-terminal-off');
    assert.deepEqual(
      [off.RUTA, off.ANTH, off.OPENAI_API_KEY, off.RUTAAPI_API_KEY, off.ANTHROPIC_AUTH_TOKEN],
      ['', '', unset, unset, unset],
      `no RutaAPI variable once the setting is off: ${JSON.stringify(off)}`,
    );
    assert.equal(off.MARK, `${marker}-after`, "the probe still sees the other extension's (newest) value");
    const after = await storedIn(ctx, wb, key);
    assert.deepEqual(after.files, [], 'files of the user-data folder that hold the API key (after the setting is off)');
    assert.equal(after.browser, false, "the API key is in the workbench's browser storage (after the setting is off)");
    ctx.record({
      terminalEnvironment: {
        on: { base: on.BASE, ruta: on.RUTA, anthropic: on.ANTH, keyHashMatches: true },
        off: { base: off.BASE, keys: 'unset' },
        persistentMarkerStoredIn: where,
        userActions: [...wb.actions.log],
      },
    });
  } finally {
    uninstall();
  }
}

const allScenarios = [
  {
    id: 1,
    name: 'newcomer happy path',
    async run(ctx) {
      const key = ctx.newKey('ok');
      const model = 'gpt-4.1';
      const t0 = Date.now();
      const wb = await ctx.openWorkbench();
      const tReady = Date.now();
      const before = await wb.statusText();
      assert.match(before, /Set up/i, `status bar before set-up: "${before}"`);
      await ctx.shot(wb, '01-before');
      const panel = await wb.openSetupPanel();
      await ctx.shot(wb, '01-panel');
      await panel.setBaseUrl(ctx.sandbox.baseUrl);
      await panel.setKey(key);
      await panel.clickVerify();
      const steps = await panel.waitStepsSettled();
      assert.equal(steps.models, 'ok', `models step ${JSON.stringify(steps)}; diagnosis ${await panel.diagnosisCode()}`);
      // "both step results shown": the models step and the chat step each end in a visible state.
      assert.ok(await panel.stepModels.isVisible(), '#step-models visible');
      assert.ok(await panel.stepChat.isVisible(), '#step-chat visible');
      await panel.pickModel(model);
      await waitFor(async () => (await panel.stepState('chat')) === 'ok', `chat step ok for ${model}`);
      await ctx.shot(wb, '01-verified');
      await panel.clickSave();
      const summary = await panel.waitSaved();
      await wb.waitConnected(model);
      const tConnected = Date.now();
      const wallMs = tConnected - tReady;
      const stepsAfterPick = { models: await panel.stepState('models'), chat: await panel.stepState('chat') };
      await ctx.shot(wb, '01-saved');

      const raw = fs.readFileSync(path.join(ctx.dirs.userData, 'User', 'settings.json'), 'utf8');
      const settings = JSON.parse(raw);
      assert.equal(settings['rutaapi.baseUrl'], ctx.sandbox.baseUrl, 'User/settings.json rutaapi.baseUrl');
      assert.equal(settings['rutaapi.model'], model, 'User/settings.json rutaapi.model');
      assertNoKeyIn(raw, key, 'User/settings.json');
      assertNoKeyIn(summary, key, '#saved-summary');

      // A window reload: the secret persisted (browser-side SecretStorage), the indicator is connected again.
      await wb.reload();
      await wb.waitConnected(model);
      await ctx.shot(wb, '01-after-reload');
      const actions = wb.actions.count;
      const actionLog = [...wb.actions.log];
      // The activation time code-server reports (Developer: Show Running Extensions), after the reload.
      const editorActivationMs = await wb.activationTimeMs();
      ctx.record({
        editorActivationMs,
        newcomer: {
          userActions: actions,
          userActionsWithoutSandboxBaseUrl: actions - 1, // on the real gateway the default Base URL is already right
          actionLog,
          wallTimeMs: wallMs,
          wallTimeFromPageLoadMs: tConnected - t0, // includes loading the workbench and activating the extension
          stepsAfterVerify: steps,
          stepsAfterPick,
        },
      });
      ctx.log(
        `newcomer: ${actions} user actions (${actions - 1} without typing the sandbox Base URL), ${(wallMs / 1000).toFixed(1)} s wall time from an idle workbench to connected; activation reported by the editor: ${editorActivationMs ?? 'n/a'} ms`,
      );
    },
  },
  {
    id: 2,
    name: 'base url mistakes',
    async run(ctx) {
      const wb = await ctx.openWorkbench();
      const panel = await wb.openSetupPanel();
      await panel.setKey(ctx.newKey('ok'));
      const cases = [
        { input: 'https://rutaapi.com', code: 'marketing_site', fixed: RUTAAPI_BASE_URL },
        { input: 'https://app.rutaapi.com/tokens', code: 'dashboard_url', fixed: RUTAAPI_BASE_URL },
        { input: `${ctx.sandbox.baseUrl}/chat/completions`, code: 'endpoint_as_base_url', fixed: ctx.sandbox.baseUrl },
        { input: 'https://api.rutaapi.com', code: 'missing_v1', fixed: RUTAAPI_BASE_URL },
        { input: ctx.sandbox.origin, code: 'missing_v1', fixed: ctx.sandbox.baseUrl },
      ];
      for (const c of cases) {
        await panel.setBaseUrl(c.input);
        const item = panel.findings('base-url-findings', c.code);
        await item.waitFor({ state: 'visible', timeout: TIMEOUT }).catch(async () => {
          const html = await panel.f
            .locator('#base-url-findings')
            .innerHTML()
            .catch(() => '(missing)');
          throw new Error(`no finding [data-code="${c.code}"] for "${c.input}"; #base-url-findings: ${html.slice(0, 800)}`);
        });
        await ctx.shot(wb, `02-${c.code}-${cases.indexOf(c)}`);
        const fix = item
          .locator('button[data-fix-kind="use_url"]')
          .or(panel.f.locator(`#base-url-findings button[data-fix-kind="use_url"]`))
          .first();
        await fix.click();
        await waitFor(
          async () => (await panel.baseUrl.inputValue()) === c.fixed,
          `#base-url to become ${c.fixed} after the fix for ${c.code} (now "${await panel.baseUrl.inputValue()}")`,
          10_000,
        );
        await waitFor(async () => !(await item.isVisible()), `finding ${c.code} to disappear after the fix`, 10_000);
      }
      // The last fix produced the sandbox URL: it must really verify.
      await panel.clickVerify();
      const steps = await panel.waitStepsSettled();
      assert.equal(steps.models, 'ok', `verification after the fixes: ${JSON.stringify(steps)}, diagnosis ${await panel.diagnosisCode()}`);
    },
  },
  {
    id: 3,
    name: 'failure diagnoses',
    async run(ctx) {
      const wb = await ctx.openWorkbench();
      const panel = await wb.openSetupPanel();
      await panel.setBaseUrl(ctx.sandbox.baseUrl);
      const cases = [
        { what: 'bad key (401)', key: `sk-ruta-e2e-invalid-${ctx.rand()}`, code: 'unauthorized', fix: 'open_tokens' },
        { what: 'no credits (403)', key: ctx.newKey('nocredits'), code: 'insufficient_credits', fix: 'open_billing' },
        { what: 'rate limited (429)', key: ctx.newKey('ratelimited'), code: 'rate_limited', fix: 'retry_after', text: /\b7 ?s/ },
        { what: 'route down (503)', key: ctx.newKey('down'), code: 'upstream_unavailable' },
      ];
      for (const c of cases) {
        ctx.keys.add(c.key);
        await panel.setKey(c.key);
        await panel.clickVerify();
        const card = await panel.waitDiagnosis(c.code).catch(async (e) => {
          throw new Error(
            `${c.what}: expected #diagnosis[data-code="${c.code}"], got data-code="${await panel.diagnosisCode()}" (${e.message.split('\n')[0]})`,
          );
        });
        const text = await card.innerText();
        if (c.fix)
          assert.ok(await card.locator(`button[data-fix-kind="${c.fix}"]`).count(), `${c.what}: fix button ${c.fix} in the card: ${text}`);
        if (c.text) assert.match(text, c.text, `${c.what}: card text "${text}"`);
        assertNoKeyIn(text, c.key, `the ${c.what} card`);
        await ctx.shot(wb, `03-${c.code}`);
      }
      // Unknown model (404): the key works, the chat step names the closest model id.
      await panel.setKey(ctx.newKey('ok'));
      await panel.clickVerify();
      await panel.waitStepsSettled();
      await panel.modelFilter.fill('gpt-4o-mimi');
      await panel.clickVerify();
      const card = await panel.waitDiagnosis('model_not_found');
      const text = await card.innerText();
      const pick = card.locator('button[data-fix-kind="pick_model"]', { hasText: 'gpt-4o-mini' });
      assert.equal(await pick.count(), 1, `404 card offers the suggested id gpt-4o-mini as a one-click fix: ${text}`);
      await ctx.shot(wb, '03-model_not_found');
      // The one-click fix selects the suggested id.
      await pick.click();
      await waitFor(
        async () => {
          const selected = await panel.f
            .locator('#model-list [role=option][aria-selected="true"]')
            .getAttribute('data-model-id', { timeout: 1000 })
            .catch(() => null);
          return selected === 'gpt-4o-mini' || (await panel.modelFilter.inputValue()) === 'gpt-4o-mini';
        },
        'gpt-4o-mini selected after "Use gpt-4o-mini"',
        10_000,
      );
    },
  },
  {
    id: 4,
    name: 'model picker via status bar',
    async run(ctx) {
      const wb = await ctx.openWorkbench();
      const { panel } = await configureAndSave(ctx, wb, { key: ctx.newKey('ok'), model: 'gpt-4o-mini' });
      await wb.waitConnected('gpt-4o-mini');
      await wb.statusItem.click();
      // The status bar opens either the action menu (→ "Select Model") or the model picker itself.
      const selectRow = wb.quickPickRow(/Select Model/i);
      const target = 'deepseek-chat';
      await waitFor(
        async () => (await selectRow.count()) > 0 || (await wb.quickPickRow(target).count()) > 0,
        'a quick pick after clicking the status bar',
      );
      if (await selectRow.count()) await selectRow.first().click();
      const row = wb.quickPickRow(target).first();
      await row.waitFor({ timeout: TIMEOUT });
      await ctx.shot(wb, '04-model-picker');
      await row.click();
      await wb.waitConnected(target);
      await waitFor(() => readUserSettings(ctx.dirs)['rutaapi.model'] === target, `User/settings.json rutaapi.model = ${target}`, 15_000);
      // The setup panel, still open, follows the model picked elsewhere.
      await waitFor(
        async () => (await panel.modelOption(target).getAttribute('aria-selected')) === 'true',
        `the open panel marks ${target} as selected`,
        15_000,
      );
      await ctx.shot(wb, '04-after-pick');
    },
  },
  {
    id: 5,
    name: 'nothing lost after a failed re-verify',
    async run(ctx) {
      const wb = await ctx.openWorkbench();
      const goodKey = ctx.newKey('ok');
      const { panel } = await configureAndSave(ctx, wb, { key: goodKey, model: 'gpt-4o-mini' });
      await wb.waitConnected('gpt-4o-mini');
      const before = fs.readFileSync(path.join(ctx.dirs.userData, 'User', 'settings.json'), 'utf8');
      const badKey = `sk-ruta-e2e-revoked-${ctx.rand()}`;
      ctx.keys.add(badKey);
      await panel.setKey(badKey);
      await panel.clickVerify();
      await panel.waitDiagnosis('unauthorized');
      assert.ok(!(await panel.saveEnabled()), 'Save must not be enabled after a failed verification');
      await sleep(1000); // give any (wrong) write a chance to land
      const after = fs.readFileSync(path.join(ctx.dirs.userData, 'User', 'settings.json'), 'utf8');
      assert.equal(after, before, 'User/settings.json changed after a failed verification');
      await wb.waitConnected('gpt-4o-mini', 5000);
      // The stored key is unchanged: a reload verifies on startup with the saved key and is connected again.
      await wb.reload();
      await wb.waitConnected('gpt-4o-mini');
    },
  },
  {
    id: 6,
    name: 'cancel against a black hole',
    async run(ctx) {
      const wb = await ctx.openWorkbench();
      const panel = await wb.openSetupPanel();
      await panel.setBaseUrl(ctx.sandbox.baseUrl);
      await panel.setKey(ctx.newKey('blackhole'));
      await panel.clickVerify();
      await waitFor(async () => (await panel.stepState('models')) === 'running', 'models step running');
      await sleep(1500); // really hanging
      assert.equal(await panel.stepState('models'), 'running');
      await ctx.shot(wb, '06-hanging');
      const t = Date.now();
      await panel.cancelBtn.click();
      // Usable again: Verify enabled and nothing running.
      await waitFor(
        async () => (await panel.verifyBtn.isEnabled()) && (await panel.stepState('models')) !== 'running',
        'panel usable after Cancel',
        5000,
        25,
      );
      const ms = Date.now() - t;
      ctx.record({ cancelToUsableMs: ms });
      ctx.log(`cancel → usable in ${ms} ms`);
      assert.ok(ms <= 1000, `the panel took ${ms} ms to become usable after Cancel (limit 1000 ms)`);
      // And it really is usable: a good key verifies now.
      await panel.setKey(ctx.newKey('ok'));
      await panel.clickVerify();
      const steps = await panel.waitStepsSettled();
      assert.equal(steps.models, 'ok');
    },
  },
  {
    id: 7,
    name: 'support report',
    async run(ctx) {
      const wb = await ctx.openWorkbench();
      const panel = await wb.openSetupPanel();
      await panel.setBaseUrl(ctx.sandbox.baseUrl);
      const key = ctx.newKey('nocredits');
      await panel.setKey(key);
      await panel.clickVerify();
      await panel.waitDiagnosis('insufficient_credits');
      await wb.page.evaluate(() => navigator.clipboard.writeText('(clipboard before copy)')).catch(() => {});
      await panel.copyReport.click();
      const text = await waitFor(
        async () => {
          const t = await wb.page.evaluate(() => navigator.clipboard.readText());
          return t && t !== '(clipboard before copy)' ? t : false;
        },
        'the support report on the clipboard',
        15_000,
      );
      fs.writeFileSync(path.join(ctx.artifacts, '07-support-report.txt'), text.split(key).join('<KEY LEAKED HERE>'));
      assertNoKeyIn(text, key, 'the support report');
      // Exactly what the support guide asks for: request time (UTC), model name, error code, Base URL,
      // request id(s), approximate request size, key prefix only.
      const esc = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const expected = [
        [/request time[^\n]*UTC[^\n]*\d{4}-\d\d-\d\dT\d\d:\d\d/i, 'request time (UTC)'],
        [/model( name)?:/i, 'model name'],
        [/error code[^\n]*insufficient_credits/i, 'error code'],
        [new RegExp(`Base URL[^\n]*${esc(ctx.sandbox.baseUrl)}`), 'Base URL'],
        [/request id[^\n]*req_[0-9a-z]+/i, 'request id'],
        [/request size[^\n]*\d+ bytes/i, 'approximate request size'],
        [new RegExp(`key prefix[^\n]*${esc(key.slice(0, 5))}`, 'i'), 'key prefix'],
      ];
      const missing = expected.filter(([re]) => !re.test(text)).map(([, n]) => n);
      assert.deepEqual(missing, [], `support report lacks: ${missing.join(', ')}\n${text}`);
      // The redacted form of the key (prefix…last 4) is fine; the key itself is not.
      ctx.record({ supportReportChars: text.length });
    },
  },
  {
    id: 8,
    name: 'themes',
    async run(ctx) {
      const wb = await ctx.openWorkbench();
      const panel = await wb.openSetupPanel();
      await panel.setBaseUrl(ctx.sandbox.baseUrl);
      await panel.setKey(ctx.newKey('ok'));
      // [picker label, settings id, workbench class, artifact name]
      const themes = [
        ['Light Modern', 'Default Light Modern', 'vs', 'light'],
        ['Dark Modern', 'Default Dark Modern', 'vs-dark', 'dark'],
        ['Dark High Contrast', 'Default High Contrast', 'hc-black', 'high-contrast'],
      ];
      // Through the UI, as a user would: "Preferences: Color Theme" → theme name → Enter.
      const setTheme = async (label, theme, cls) => {
        await wb.runCommand('Preferences: Color Theme');
        await wb.quickInput.pressSequentially(label);
        await wb.acceptRow(label);
        await waitFor(async () => wb.page.locator(`.monaco-workbench.${cls}`).count(), `workbench theme ${theme}`, 20_000);
        // The webview follows: its body gets the theme kind class.
        const kind = cls === 'vs' ? 'light' : cls === 'vs-dark' ? 'dark' : 'high-contrast';
        await waitFor(async () => panel.f.locator(`body.vscode-${kind}`).count(), `webview body.vscode-${kind} for ${theme}`, 20_000);
        await sleep(300);
      };
      for (const [label, theme, cls, name] of themes) {
        await setTheme(label, theme, cls);
        await ctx.shot(wb, `08-panel-${name}`);
      }
      await setTheme('Dark Modern', 'Default Dark Modern', 'vs-dark');
      // Switching themes must not reset the form.
      assert.equal(await panel.baseUrl.inputValue(), ctx.sandbox.baseUrl, 'the Base URL typed before the theme switches');
      const bad = `sk-ruta-e2e-invalid-${ctx.rand()}`;
      ctx.keys.add(bad);
      await panel.setKey(bad);
      await panel.clickVerify();
      await panel.waitDiagnosis('unauthorized');
      await ctx.shot(wb, '08-failure-card-dark');
      const shots = ['08-panel-light', '08-panel-dark', '08-panel-high-contrast', '08-failure-card-dark'].map((n) =>
        path.join(ctx.artifacts, `${n}.png`),
      );
      for (const s of shots) assert.ok(fs.existsSync(s) && fs.statSync(s).size > 10_000, `screenshot ${s}`);
    },
  },
  {
    id: 9,
    name: 'canary',
    async run(ctx) {
      // A unique key through every path that handles it (verify, save, reload, logs, support report)...
      const wb = await ctx.openWorkbench();
      const canary = ctx.newKey('ok');
      const { panel } = await configureAndSave(ctx, wb, { key: canary, model: 'gpt-4o-mini' });
      await wb.waitConnected('gpt-4o-mini');
      await panel.copyReport.click().catch(() => {});
      let domText = await wb.webviewDomText(); // the panel right after Save
      await wb.runCommand('RutaAPI: Show Logs');
      await sleep(500);
      await wb.reload();
      await wb.waitConnected('gpt-4o-mini');
      await wb.runCommand('RutaAPI: Verify Connection');
      await wb.waitConnected('gpt-4o-mini');
      await wb.openSetupPanel(); // reopened: shows the saved configuration
      await sleep(1000);
      domText += await wb.webviewDomText();
      // ...then search everything the run wrote for every key used in this run.
      const keys = [...ctx.keys];
      const domHits = keys.filter((k) => domText.includes(k));
      await ctx.flushLogs();
      const skipArtifacts = (p) => p.startsWith(ctx.artifacts); // screenshots are PNG; the report copy is redacted
      const inRun = grepTree(ctx.runDir, keys, { skip: skipArtifacts });
      const inTmp = grepTree(shortTmpRootDir(), keys); // every TMPDIR of the run (short paths for unix sockets)
      const tree = { hits: [...inRun.hits, ...inTmp.hits], files: inRun.files + inTmp.files };
      const vsix = await grepVsix(VSIX, keys);
      ctx.record({
        canary: {
          keysSearched: keys.length,
          filesSearched: tree.files,
          vsixEntries: vsix.files,
          hits: tree.hits.map((h) => path.relative(ctx.runDir, h)),
          vsixHits: vsix.hits,
          webviewDomHits: domHits.length,
          webviewDomChars: domText.length,
        },
      });
      ctx.log(
        `canary: ${keys.length} keys searched in ${tree.files} files + ${vsix.files} .vsix entries + webview DOM: ${tree.hits.length + vsix.hits.length + domHits.length} hits`,
      );
      assert.ok(domText.length > 1000, `webview DOM text collected (${domText.length} chars)`);
      assert.deepEqual(
        tree.hits.map((h) => path.relative(ctx.runDir, h)),
        [],
        'files written by the run contain an API key',
      );
      assert.deepEqual(vsix.hits, [], 'the .vsix contains an API key');
      assert.equal(domHits.length, 0, 'the webview DOM text contains an API key');
    },
  },
  {
    id: 10,
    name: 'hostile gateway message forms no link',
    async run(ctx) {
      const hostile = await startHostileGateway();
      try {
        // The user's own Base URL points at the hostile gateway; "Set API Key" verifies there and fails.
        const settingsFile = path.join(ctx.dirs.userData, 'User', 'settings.json');
        fs.writeFileSync(
          settingsFile,
          JSON.stringify({ ...JSON.parse(fs.readFileSync(settingsFile, 'utf8')), 'rutaapi.baseUrl': hostile.baseUrl }, null, 2),
        );
        const wb = await ctx.openWorkbench();
        const key = ctx.newKey('ok');
        await wb.runCommand('RutaAPI: Set API Key');
        const box = wb.page.locator('.quick-input-widget input[type="password"]');
        await box.waitFor({ state: 'visible', timeout: TIMEOUT });
        await box.fill(key);
        await wb.page.keyboard.press('Enter');
        const toast = wb.page.locator('.notifications-toasts .notification-list-item', { hasText: 'Open Billing' }).first();
        await toast.waitFor({ state: 'visible', timeout: TIMEOUT });
        await ctx.shot(wb, '10-hostile-notification');
        const message = toast.locator('.notification-list-item-message');
        const text = await message.innerText();
        const links = await message.locator('a').count();
        ctx.record({ hostileNotification: { text, links, requests: hostile.requests.length } });
        assert.ok(hostile.requests.length > 0, 'the hostile gateway was asked (the user typed the key for it)');
        assert.match(text, /Open Billing/, 'the server text is shown as text');
        assert.equal(links, 0, `the notification renders ${links} link(s): ${text}`);
        assertNoKeyIn(text, key, 'the notification');
      } finally {
        await hostile.close();
      }
    },
  },
  {
    id: 11,
    name: 'workspace settings elsewhere ask first',
    async run(ctx) {
      const hostile = await startHostileGateway();
      try {
        const wb = await ctx.openWorkbench();
        const key = ctx.newKey('ok');
        await configureAndSave(ctx, wb, { key, model: 'gpt-4o-mini' });
        await wb.waitConnected('gpt-4o-mini');
        // A repository's .vscode/settings.json points the Base URL somewhere else.
        fs.mkdirSync(path.join(ctx.dirs.workspace, '.vscode'), { recursive: true });
        fs.writeFileSync(
          path.join(ctx.dirs.workspace, '.vscode', 'settings.json'),
          JSON.stringify({ 'rutaapi.baseUrl': hostile.baseUrl }, null, 2),
        );
        // The re-check after the settings change waits for the user instead of sending the key.
        await waitFor(
          async () => hostile.requests.length > 0 || /confirm server/i.test(await wb.statusText()),
          'the status bar to wait for a confirmation (or a request to reach the other server)',
        );
        await ctx.shot(wb, '11-waiting');
        assert.equal(hostile.requests.length, 0, `the other server received ${hostile.requests.length} request(s) before any confirmation`);
        assert.match(await wb.statusText(), /confirm server/i, 'the status bar says why nothing is sent');
        // Clicking the status bar item opens the modal, which spells the origin out.
        await wb.statusItem.click();
        const dialog = wb.page.locator('.monaco-dialog-box');
        await dialog.waitFor({ state: 'visible', timeout: TIMEOUT });
        const dialogText = await dialog.innerText();
        await ctx.shot(wb, '11-modal');
        assert.ok(dialogText.includes(hostile.origin), `the modal names ${hostile.origin}: ${dialogText}`);
        assert.equal(hostile.requests.length, 0, 'the other server received a request while the modal was open');
        // Only the explicit "Send Key to <origin>" sends it.
        await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Send Key to' }).first().click();
        await waitFor(() => hostile.requests.length > 0, 'the confirmed request to reach the other server');
        // The API requests carry the saved key; the gateway discovery (GET /api/status) carries none.
        const api = hostile.requests.filter((r) => r.url !== '/api/status');
        assert.ok(
          api.length > 0 && api.every((r) => r.authorization === `Bearer ${key}`),
          `what arrived is the saved key, after the confirmation: ${JSON.stringify(hostile.requests.map((r) => [r.url, r.authorization === `Bearer ${key}` ? 'key' : r.authorization ? 'other' : 'none']))}`,
        );
        assert.ok(
          hostile.requests.filter((r) => r.url === '/api/status').every((r) => r.authorization === ''),
          'the discovery request carries no key',
        );
        ctx.record({
          workspaceOrigin: {
            requestsBeforeConfirm: 0,
            requestsAfterConfirm: hostile.requests.length,
            dialogText: dialogText.split(key).join('<key>'),
          },
        });
      } finally {
        await hostile.close();
      }
    },
  },
  {
    id: 12,
    name: 'chat with a RutaAPI model',
    async run(ctx) {
      if (!versionAtLeast(ctx.editor.vscode, '1.104.0')) {
        // No language model chat provider API before 1.104 (the in-editor suite proves nothing registers there).
        const reason = `VS Code ${ctx.editor.vscode} < 1.104: no language model chat provider API`;
        ctx.record({ chat: { skipped: reason } });
        return { skipped: reason };
      }
      if (!versionAtLeast(ctx.editor.vscode, '1.105.0')) {
        // code-server 4.104.0 (VS Code 1.104.0) opens an empty chat view on this offline machine: its
        // chat UI needs a chat set-up that cannot happen without a sign-in. The provider itself is
        // proven there by the in-editor language-model tests (a consumer extension streams from it).
        const reason = `VS Code ${ctx.editor.vscode}: the chat view stays empty offline; the in-editor tests cover the provider`;
        ctx.record({ chat: { skipped: reason } });
        return { skipped: reason };
      }
      const extensionsDir = path.join(ctx.runDir, 'extensions');
      const product = fs.readdirSync(extensionsDir).find((d) => d.startsWith('rutaapi.rutaapi-connect-'));
      assert.ok(
        product && fs.existsSync(path.join(extensionsDir, product, 'dist', 'lm.js')),
        'the installed .vsix has no dist/lm.js (.vscodeignore): the editor would ask for models and get none',
      );
      // Chat on (the harness's base settings turn AI features off for the other scenarios).
      const settingsFile = path.join(ctx.dirs.userData, 'User', 'settings.json');
      const anonymousAgent = versionAtLeast(ctx.editor.vscode, '1.121.0');
      fs.writeFileSync(
        settingsFile,
        JSON.stringify(
          {
            ...JSON.parse(fs.readFileSync(settingsFile, 'utf8')),
            'chat.disableAIFeatures': false,
            ...(anonymousAgent ? { 'chat.allowAnonymousAccess': true } : {}),
          },
          null,
          2,
        ),
      );
      // The participant only where the default agent needs a sign-in (VS Code 1.105–1.120).
      const uninstall = anonymousAgent ? () => {} : installChatParticipant(extensionsDir);
      const to = anonymousAgent ? '' : '@ask ';
      try {
        const key = ctx.newKey('ok');
        const model = 'gpt-4o-mini';
        const wb = await ctx.openWorkbench();
        await configureAndSave(ctx, wb, { key, model });
        await wb.waitConnected(model);

        // Chat → model picker → the RutaAPI model.
        const chat = chatView(wb);
        await chat.open();
        await chat.picker.click();
        const row = wb.page.locator('.action-widget .monaco-list-row.action', { hasText: model }).filter({ hasText: 'RutaAPI' }).first();
        // Newer pickers show the current model and fold the others under "Other Models", with a "Search models" box.
        const search = wb.page.locator('.action-widget input').first();
        let searched = false;
        await waitFor(async () => {
          if (await row.isVisible()) return true;
          if (!searched && (await search.isVisible())) {
            await search.fill(model);
            wb.actions.add(`type "${model}" in the model picker's search`);
            searched = true;
          }
          return false;
        }, `a "${model} · RutaAPI" row in the model picker`).catch(async (e) => {
          throw new Error(
            `no "${model} · RutaAPI" row in the model picker: ${JSON.stringify(await chat.pickerRows())}\n${e.message.split('\n')[0]}`,
          );
        });
        const rows = await chat.pickerRows();
        await ctx.shot(wb, '12-model-picker');
        await row.click();
        await waitFor(async () => (await chat.picker.innerText()).trim() === model, `the chat's model picker to show ${model}`);

        // A message: the sandbox's streamed reply in the chat.
        await chat.send(`${to}Say hello. [sandbox:chunks=24]`);
        const reply = await chat.waitResponse(0, (t) => t.includes(SANDBOX_STREAM_TEXT), "the sandbox's streamed reply in the chat");
        await ctx.shot(wb, '12-reply');

        // The account runs out of credits mid-answer (the gateway's insufficient_quota error event): the diagnosis.
        await chat.send(`${to}Go on. [sandbox:errorchunk]`);
        // The newest response (the chat list is virtualised: with the editor's agent the first reply may leave the DOM).
        const failure = await chat.waitLastResponse((t) => /No credits left/.test(t), 'the credits diagnosis in the chat');
        await ctx.shot(wb, '12-no-credits');
        assert.match(failure, /RutaAPI: No credits left/, `the diagnosis title: ${failure}`);
        assert.match(failure, /Billing/, `what to do: ${failure}`);
        assert.ok(!/\bat \S+ \(|\bat \S+:\d+:\d+|\.js:\d+|Error: /.test(failure), `a stack trace in the chat: ${failure}`);
        assertNoKeyIn(failure, key, 'the chat');
        assertNoKeyIn(reply, key, 'the chat');

        // The wallet ran out since the key was saved: new-api refuses the request before the first chunk
        // (403 insufficient_user_quota, in Chinese): the same diagnosis, in the user's words.
        await chat.send(`${to}Once more. [sandbox:walletempty]`);
        const refused = await chat.waitLastResponse(
          (t) => /No credits left \(HTTP 403\)/.test(t),
          'the credits diagnosis for a request refused before any text',
        );
        await ctx.shot(wb, '12-wallet-empty');
        assert.match(refused, /RutaAPI: No credits left \(HTTP 403\)/, `the diagnosis title: ${refused}`);
        assert.match(refused, /Billing/, `what to do: ${refused}`);
        assert.ok(!/\bat \S+ \(|\bat \S+:\d+:\d+|\.js:\d+|Error: /.test(refused), `a stack trace in the chat: ${refused}`);
        assertNoKeyIn(refused, key, 'the chat');
        ctx.record({ chat: { pickerRows: rows, reply, failure, refused } });
        ctx.log(
          `chat: picker rows ${JSON.stringify(rows)}; reply "${reply.slice(0, 160)}"; failure "${failure.slice(0, 220)}"; refused "${refused.slice(0, 220)}"`,
        );
      } finally {
        uninstall();
      }
    },
  },
  {
    id: 13,
    name: 'account figures and dashboard link',
    async run(ctx) {
      const wb = await ctx.openWorkbench();
      // A limited key (new-api sandbox: 20 USD granted, 7.50 used, 12.50 left): after the check the status bar
      // tooltip shows the key's balance.
      const limited = ctx.newKey('limited');
      const model = 'gpt-4o-mini';
      await configureAndSave(ctx, wb, { key: limited, model });
      await wb.waitConnected(model);
      const tooltip = await wb.statusTooltip((t) => /left of/.test(t), 'the status bar tooltip to show the key\'s balance ("… left of …")');
      await ctx.shot(wb, '13-status-tooltip');
      assert.match(tooltip, /API key balance/, `tooltip: ${tooltip}`);
      assert.match(tooltip, /12\.50[^\n]*left of[^\n]*20(\.00)?[^\n]*\(62 %\)/, `tooltip balance: ${tooltip}`);
      assertNoKeyIn(tooltip, limited, 'the status bar tooltip');
      await wb.page.mouse.move(5, 5);
      // What the product hands to the editor to open is read on the workbench's WebSockets, opened again by a reload
      // (the saved configuration stays: the panel reopens on it).
      const watch = wb.watchOpenExternal();
      await wb.reload();
      await wb.waitConnected(model);
      const panel = await wb.openSetupPanel();

      // An exhausted key in the panel: the failure card names key_exhausted's title, and its fix button opens the keys
      // page of the sandbox's theme (classic by default: /console/token; never a made-up /tokens).
      const exhausted = ctx.newKey('exhausted');
      await panel.setKey(exhausted);
      await panel.clickVerify();
      const card = await panel.waitDiagnosis('key_exhausted').catch(async (e) => {
        throw new Error(
          `expected #diagnosis[data-code="key_exhausted"], got data-code="${await panel.diagnosisCode()}" (${e.message.split('\n')[0]})`,
        );
      });
      const cardText = (await card.innerText()).replace(/\s+/g, ' ').trim();
      assert.ok(cardText.includes("This key's own limit is used up (401)"), `the card names key_exhausted's title: ${cardText}`);
      assertNoKeyIn(cardText, exhausted, 'the key_exhausted card');
      await ctx.shot(wb, '13-key-exhausted');
      const fix = card.locator('button[data-fix-kind="open_tokens"]');
      assert.equal(await fix.count(), 1, `the card has one open_tokens fix button: ${cardText}`);
      const fixLabel = (await fix.innerText()).trim();
      const expected = `${ctx.sandbox.origin}/console/token`;
      const opened = await observeOpenExternal(wb, watch, async () => {
        await fix.click();
        wb.actions.add(`click "${fixLabel}"`);
      });
      if (opened.dialogText) await ctx.shot(wb, '13-open-external-dialog');
      // What the browser shows: the URL itself, or code-server's proxy of the sandbox's port (its loopback rewrite;
      const proxied = `${ctx.server.url}/proxy/${ctx.sandbox.port}/`;
      ctx.record({
        account: {
          tooltip,
          card: cardText,
          fixLabel,
          handedToEditor: opened.handed,
          allHanded: opened.allHanded,
          browserOpened: opened.opened,
          dialogText: opened.dialogText,
        },
      });
      ctx.log(
        `account: tooltip "…${tooltip.slice(tooltip.indexOf('API key balance'), tooltip.indexOf('API key balance') + 90)}…"; "${fixLabel}" → openExternal(${opened.handed}); browser opened ${opened.opened}${opened.dialogText ? ` after the dialog "${opened.dialogText.slice(0, 160)}"` : ' (no dialog: loopback is trusted)'}`,
      );
      assert.equal(opened.handed, expected, `the URL the product handed to the editor (all: ${JSON.stringify(opened.allHanded)})`);
      assert.deepEqual(opened.allHanded, [expected], 'one openExternal call, for the keys page');
      assert.ok(!/\/tokens\b/.test(opened.handed), `a made-up /tokens page: ${opened.handed}`);
      if (opened.dialogUrl !== null) assert.equal(opened.dialogUrl, expected, `the URL in the open-external dialog: ${opened.dialogText}`);
      // code-server 4.100 drops the path in that rewrite, 4.139 keeps it).
      assert.ok(
        [expected, proxied, `${proxied}console/token`].includes(opened.opened),
        `the browser opened ${opened.opened}, neither ${expected} nor code-server's ${proxied}[console/token]`,
      );
      await opened.page.close().catch(() => {});
    },
  },
  {
    id: 14,
    name: 'install to first chat reply',
    // A fresh profile without the .vsix: the scenario installs it as a user would.
    withoutVsix: true,
    async run(ctx) {
      if (!versionAtLeast(ctx.editor.vscode, '1.121.0')) {
        const reason = `VS Code ${ctx.editor.vscode} < 1.121: chat with a bring-your-own-key model needs a sign-in (run it with --editor newest)`;
        ctx.record({ firstChatReply: { skipped: reason } });
        return { skipped: reason };
      }
      return installToFirstChatReply(ctx);
    },
  },
  {
    id: 15,
    name: 'select model takes the filtered row',
    // VS Code 1.139 kept the hidden current model active while the user filtered: Enter saved it without a word.
    async run(ctx) {
      const proxy = await startModelsDelayProxy(ctx.sandbox.origin);
      try {
        const wb = await ctx.openWorkbench();
        const key = ctx.newKey('ok');
        await configureAndSave(ctx, wb, { key, model: 'gpt-4.1', baseUrl: proxy.baseUrl });
        await wb.waitConnected('gpt-4.1');
        // The live list is there; the current model (gpt-4.1) is hidden by the filter.
        const live = await selectModelByFilter(ctx, wb, proxy, {
          current: 'gpt-4.1',
          filter: 'mini',
          expected: 'gpt-4o-mini',
          shot: '15-live',
        });
        // The live list arrives 3 s after the picker opened: the user typed on the cached rows.
        proxy.state.slowModelsMs = 3000;
        const late = await selectModelByFilter(ctx, wb, proxy, {
          current: 'gpt-4o-mini',
          filter: 'deep',
          expected: 'deepseek-chat',
          whileListLoads: true,
          shot: '15-late',
        });
        ctx.record({ selectModelByFilter: { live, late, userActions: [...wb.actions.log] } });
      } finally {
        await proxy.close();
      }
    },
  },
  {
    id: 16,
    name: 'check cursor settings dressed as cursor',
    async run(ctx) {
      return checkCursorSettings(ctx);
    },
  },
  {
    id: 17,
    name: 'connect link verified after one save',
    async run(ctx) {
      return connectLink(ctx);
    },
  },
  {
    id: 18,
    name: 'show usage',
    env: { RUTAAPI_TEST_USAGE_MIN_INTERVAL_MS: String(USAGE_TEST_INTERVAL_MS) },
    async run(ctx) {
      return showUsage(ctx);
    },
  },
  {
    id: 19,
    name: 'terminal environment',
    async run(ctx) {
      return terminalEnvironment(ctx);
    },
  },
];

// The canary searches for every key the run used so far: it runs last, after every scenario that types a key.
export const scenarios = [...allScenarios.filter((s) => s.name !== 'canary'), ...allScenarios.filter((s) => s.name === 'canary')];
