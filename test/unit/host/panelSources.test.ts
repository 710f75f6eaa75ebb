// Issue 22 item 2: the panel says where the Base URL and model come from (user, workspace, default), and a
// workspace value never moves into the user's settings without saying so first.
import { strict as assert } from 'node:assert';
import type { VerifyOptions } from '../../../src/core/types';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { notifier } from '../../../src/host/shared/notifier';
import { SetupController } from '../../../src/host/panel/setupController';
import { parseHostMessage, type HostMessage } from '../../../src/protocol/messages';
import { FakeClipboard, fakeResult, hostParts } from './fakes';
import { wireCommands } from './commandsHarness';
import { fakeVscode } from './fakeVscode';

const OLD_KEY = 'sk-ruta-saved-key-1234567890';
const NEW_KEY = 'sk-ruta-typed-new-key-88888888';
const USER_A = 'http://127.0.0.1:4010/v1';
const WS_B = 'https://gw.workspace.example/v1';
const WS_B_ORIGIN = 'https://gw.workspace.example';
const SEND = /^Send Key to /;
const SAVE_TO_USER = 'Save to User Settings';

interface Modal {
  message: string;
  detail: string;
  items: string[];
}

/** The panel's host side with the commands wired (the origin dialog) and the editor's modals recorded. */
function setup(answer: (m: Modal) => string | undefined = () => undefined) {
  const h = hostParts();
  const f = fakeVscode();
  const modals: Modal[] = [];
  const plain = f.vs.window.showWarningMessage;
  f.vs.window.showWarningMessage = async (message: string, ...rest: unknown[]) => {
    const o = rest[0] as { modal?: boolean; detail?: string } | undefined;
    if (o && typeof o === 'object' && o.modal) {
      const m = { message, detail: String(o.detail ?? ''), items: rest.slice(1) as string[] };
      modals.push(m);
      return answer(m);
    }
    return plain(message, ...rest);
  };
  const calls: VerifyOptions[] = [];
  const gw = { verify: async (o: VerifyOptions) => (calls.push(o), fakeResult(o, true)) };
  const { connection } = wireCommands(h, f.vs, gw, () => '');
  const posted: HostMessage[] = [];
  const controller = new SetupController({
    post: (m) => {
      assert.ok(parseHostMessage(JSON.parse(JSON.stringify(m))), `invalid host message ${JSON.stringify(m).slice(0, 200)}`);
      posted.push(m);
    },
    settings: h.settings,
    keychain: h.keychain,
    connection,
    logger: h.logger,
    clipboard: new FakeClipboard(),
    notify: notifier(f.vs),
    open: () => undefined,
    supportReport: () => '',
    isCursor: false,
    hasWorkspace: true,
  });
  const of = <T extends HostMessage['type']>(type: T) => posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  const warnings = () => f.log.filter((l) => l.kind === 'warn').map((l) => l.message);
  return { ...h, f, modals, calls, connection, controller, posted, of, warnings };
}

/** User A (the saved key bound to it), the workspace's settings say B and a model of their own. */
function userAWorkspaceB(answer?: (m: Modal) => string | undefined) {
  const s = setup(answer);
  s.secrets.data.set(SECRET_KEY, OLD_KEY);
  s.config.user.set('rutaapi.baseUrl', USER_A);
  s.config.user.set('rutaapi.model', 'deepseek-chat');
  s.config.workspace.set('rutaapi.baseUrl', WS_B);
  return s;
}

const sendThen = (second: string | undefined) => (m: Modal) =>
  m.items.find((i) => SEND.test(i)) ?? (m.items.includes(SAVE_TO_USER) ? second : undefined);

describe('the panel says where each value comes from', () => {
  it('after init: the Base URL from the workspace (with the user’s own named), the model from the user', async () => {
    const s = userAWorkspaceB();
    await s.controller.handle({ type: 'ready' });
    assert.equal(s.of('init')[0].state.baseUrl, WS_B);
    assert.deepEqual(s.of('sources').at(-1), { type: 'sources', baseUrl: 'workspace', model: 'user', userBaseUrl: USER_A });
  });

  it('nothing set: both default; a user value only: user', async () => {
    const d = setup();
    await d.controller.handle({ type: 'ready' });
    assert.deepEqual(d.of('sources').at(-1), { type: 'sources', baseUrl: 'default', model: 'default', userBaseUrl: null });
    const u = setup();
    u.config.user.set('rutaapi.baseUrl', USER_A);
    await u.controller.handle({ type: 'ready' });
    assert.deepEqual(u.of('sources').at(-1), { type: 'sources', baseUrl: 'user', model: 'default', userBaseUrl: USER_A });
  });

  it('a settings change elsewhere sends the new sources', async () => {
    const s = setup();
    await s.controller.handle({ type: 'ready' });
    s.config.workspace.set('rutaapi.model', 'gpt-4.1');
    s.controller.settingsChanged();
    assert.equal(s.of('sources').at(-1)?.model, 'workspace');
  });
});

describe("saving the workspace's Base URL to User settings", () => {
  async function verifyB(s: ReturnType<typeof setup>) {
    await s.controller.handle({ type: 'ready' });
    await s.controller.handle({ type: 'verify', baseUrl: WS_B, apiKey: NEW_KEY, model: 'gpt-4.1' });
    assert.equal(s.of('verifyDone').at(-1)?.ok, true, 'verified (the workspace server was confirmed for the typed key)');
  }

  it('asks first, naming both Base URLs; "no" saves nothing and says so', async () => {
    const s = userAWorkspaceB(sendThen(undefined));
    await verifyB(s);
    await s.controller.handle({ type: 'save', baseUrl: WS_B, apiKey: NEW_KEY, model: 'gpt-4.1', scope: 'user' });
    const ask = s.modals.find((m) => m.items.includes(SAVE_TO_USER));
    assert.ok(ask, `a confirmation before the user's settings change: ${JSON.stringify(s.modals.map((m) => m.message))}`);
    assert.ok(ask.detail.includes(WS_B) && ask.detail.includes(USER_A), ask.detail);
    assert.match(ask.detail, /workspace's settings/);
    assert.equal(s.config.user.get('rutaapi.baseUrl'), USER_A, "the user's Base URL is kept");
    assert.equal(s.secrets.data.get(SECRET_KEY), OLD_KEY, 'the saved key is kept');
    assert.equal(s.of('saved').length, 0);
    assert.match(s.of('saveFailed').at(-1)?.message ?? '', /Nothing was saved/);
    assert.ok(!JSON.stringify([s.modals, s.posted, s.channel.lines]).includes(NEW_KEY));
  });

  it('"Save to User Settings" saves it and binds the key; no misleading "takes precedence" warning', async () => {
    const s = userAWorkspaceB(sendThen(SAVE_TO_USER));
    await verifyB(s);
    await s.controller.handle({ type: 'save', baseUrl: WS_B, apiKey: NEW_KEY, model: 'gpt-4.1', scope: 'user' });
    assert.equal(s.config.user.get('rutaapi.baseUrl'), WS_B);
    assert.deepEqual(await s.keychain.binding(NEW_KEY), { matches: true, origins: [WS_B_ORIGIN] });
    assert.ok(!s.warnings().some((w) => /precedence/.test(w)), `misleading warning: ${s.warnings().join(' | ')}`);
  });

  it('to Workspace settings: no question (the value stays where it came from)', async () => {
    const s = userAWorkspaceB(sendThen(undefined));
    await verifyB(s);
    await s.controller.handle({ type: 'save', baseUrl: WS_B, apiKey: NEW_KEY, model: 'gpt-4.1', scope: 'workspace' });
    assert.ok(!s.modals.some((m) => m.items.includes(SAVE_TO_USER)));
    assert.equal(s.config.user.get('rutaapi.baseUrl'), USER_A);
    assert.equal(s.config.workspace.get('rutaapi.baseUrl'), WS_B);
  });

  it('another Base URL saved to User settings while the workspace sets its own: the warning names what this workspace keeps using', async () => {
    const s = userAWorkspaceB(sendThen(undefined));
    await s.controller.handle({ type: 'ready' });
    const other = 'http://127.0.0.1:4999/v1';
    await s.controller.handle({ type: 'verify', baseUrl: other, apiKey: NEW_KEY, model: 'gpt-4.1' });
    await s.controller.handle({ type: 'save', baseUrl: other, apiKey: NEW_KEY, model: 'gpt-4.1', scope: 'user' });
    assert.ok(!s.modals.some((m) => m.items.includes(SAVE_TO_USER)), 'nothing of the workspace is moved: no question');
    assert.equal(s.config.user.get('rutaapi.baseUrl'), other);
    const w = s.warnings().join(' | ');
    assert.ok(w.includes(WS_B) && w.includes(other), `the warning names both: ${w}`);
    assert.doesNotMatch(w, /precedence over the user settings you just saved/);
  });
});
