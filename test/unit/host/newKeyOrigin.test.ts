// Issue 22, items 1, 2 and 6 and "KeyGate.savedKeyFor fails closed": a key goes only to a server the
// person chose, named before the first request; a look-alike host is called one, and the safe answer
// is the default.
import { strict as assert } from 'node:assert';
import type { VerifyOptions } from '../../../src/core/types';
import { COMMANDS } from '../../../src/host/bootstrap/commandIds';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { KeyGate, originOf } from '../../../src/host/connection/keyGate';
import { fakeResult, hostParts, dontSend, panelController } from './fakes';
import { wireCommands } from './commandsHarness';
import { fakeVscode } from './fakeVscode';

const KEY = 'sk-ruta-saved-key-1234567890';
const LOOKALIKE = 'https://api.rutaapi-gateway.com/v1';
const LOOKALIKE_ORIGIN = 'https://api.rutaapi-gateway.com';
const MODAL_SEND = /^Send Key to /;

interface Modal {
  message: string;
  detail: string;
  items: string[];
}

/**
 * The commands over the fakes. `answer` picks the modal's button: 'send' ("Send Key to …"), 'default'
 * (the first button, what Enter chooses) or 'dismiss' (Escape / Cancel).
 */
function setup(opts: { answer?: 'send' | 'default' | 'dismiss' | ((m: Modal) => string | undefined); inputBox?: string } = {}) {
  const h = hostParts();
  const modals: Modal[] = [];
  const f = fakeVscode({ inputBox: opts.inputBox });
  const plainWarn = f.vs.window.showWarningMessage;
  f.vs.window.showWarningMessage = async (message: string, ...rest: unknown[]) => {
    const first = rest[0];
    if (first && typeof first === 'object' && (first as { modal?: boolean }).modal) {
      const items = rest.slice(1).filter((x): x is string => typeof x === 'string');
      const modal = { message, detail: String((first as { detail?: string }).detail ?? ''), items };
      modals.push(modal);
      if (typeof opts.answer === 'function') return opts.answer(modal);
      if (opts.answer === 'send') return items.find((i) => MODAL_SEND.test(i));
      if (opts.answer === 'default') return items[0];
      return undefined;
    }
    return plainWarn(message, ...rest);
  };
  const calls: VerifyOptions[] = [];
  const gw = { verify: async (o: VerifyOptions) => (calls.push(o), fakeResult(o, true)) };
  const { connection, cmds } = wireCommands(h, f.vs, gw, () => '');
  const withKey = (key: string, origin: string) => calls.filter((c) => c.apiKey === key && originOf(c.baseUrl) === origin).length;
  return { ...h, f, calls, connection, cmds, modals, withKey };
}

describe('KeyGate.savedKeyFor fails closed', () => {
  for (const junk of ['javascript:alert(1)', '   ', 'http://[::1']) {
    it(`a Base URL without an origin (${JSON.stringify(junk)}) is not handed the saved key`, async () => {
      const h = hostParts();
      h.secrets.data.set(SECRET_KEY, KEY);
      const gate = new KeyGate(h.keychain, h.settings, h.logger, dontSend);
      const grant = await gate.savedKeyFor(junk, { interactive: true });
      assert.equal(grant.kind, 'noOrigin');
      assert.ok(!JSON.stringify(grant).includes(KEY));
    });
  }

  it('the check of such a saved Base URL runs without the key, and Verify still shows what is wrong', async () => {
    const s = setup();
    s.secrets.data.set(SECRET_KEY, KEY);
    s.config.user.set('rutaapi.baseUrl', 'javascript:alert(1)');
    await s.f.vs.commands.executeCommand(COMMANDS.verify);
    assert.equal(s.calls.length, 1, 'the engine is asked (its pre-flight explains the Base URL)');
    assert.equal(s.calls[0].apiKey, '', 'without the key');
  });
});

describe('the origin dialog for a look-alike host', () => {
  it('says the host only resembles RutaAPI, and its first (default) button does not send the key', async () => {
    const s = setup({ answer: 'default' });
    s.secrets.data.set(SECRET_KEY, KEY);
    s.config.workspace.set('rutaapi.baseUrl', LOOKALIKE);
    await s.f.vs.commands.executeCommand(COMMANDS.verify);
    assert.equal(s.modals.length, 1);
    const m = s.modals[0];
    assert.match(m.detail, /api\.rutaapi-gateway\.com is not a RutaAPI address/);
    assert.match(m.detail, /resembles/);
    assert.doesNotMatch(m.items[0], MODAL_SEND, `the default button is the safe one: ${m.items.join(' | ')}`);
    assert.ok(
      m.items.some((i) => MODAL_SEND.test(i)),
      'sending stays possible, as a deliberate choice',
    );
    assert.equal(s.calls.length, 0, 'Enter (the default button) sent nothing');
    assert.equal(s.connection.state.kind, 'awaitingOrigin');
  });

  it('an explicit "Send Key to …" still sends it', async () => {
    const s = setup({ answer: 'send' });
    s.secrets.data.set(SECRET_KEY, KEY);
    s.config.workspace.set('rutaapi.baseUrl', LOOKALIKE);
    await s.f.vs.commands.executeCommand(COMMANDS.verify);
    assert.equal(s.withKey(KEY, LOOKALIKE_ORIGIN), 1);
  });

  it('an ordinary other origin keeps "Send Key to …" as its only button and says nothing about a look-alike', async () => {
    const s = setup({ answer: 'dismiss' });
    s.secrets.data.set(SECRET_KEY, KEY);
    s.config.workspace.set('rutaapi.baseUrl', 'https://gw.example.org/v1');
    await s.f.vs.commands.executeCommand(COMMANDS.verify);
    assert.equal(s.modals.length, 1);
    assert.doesNotMatch(s.modals[0].detail, /resembles/);
    assert.equal(s.modals[0].items.length, 1);
  });
});

const USER_A = 'http://127.0.0.1:4010/v1';
const USER_A_ORIGIN = 'http://127.0.0.1:4010';
const WS_B = 'https://gw.workspace.example/v1';
const WS_B_ORIGIN = 'https://gw.workspace.example';
const NEW_KEY = 'sk-ruta-typed-new-key-77777777';

/** User Base URL A with the saved key bound to it; the workspace's settings say B. */
function userAWorkspaceB(opts: Parameters<typeof setup>[0]) {
  const s = setup(opts);
  s.secrets.data.set(SECRET_KEY, KEY);
  s.config.user.set('rutaapi.baseUrl', USER_A);
  s.config.workspace.set('rutaapi.baseUrl', WS_B);
  return s;
}

/** Nothing shown or logged carries the typed key. */
function assertNoKeyShown(s: ReturnType<typeof setup>, key: string) {
  const everything = JSON.stringify([s.modals, s.f.log, s.channel.lines]);
  assert.ok(!everything.includes(key), 'the key appears in a message, a dialog or the log');
}

describe('a new key names its server and asks before going where only the workspace points (Set API Key)', () => {
  it('dismissed: the key is not even asked for, and nothing reaches the workspace server', async () => {
    const s = userAWorkspaceB({ answer: 'dismiss', inputBox: NEW_KEY });
    await s.f.vs.commands.executeCommand(COMMANDS.setApiKey);
    assert.equal(s.modals.length, 1, 'a modal before anything else');
    const m = s.modals[0];
    assert.ok(m.message.includes(WS_B_ORIGIN), m.message);
    assert.match(m.detail, /workspace's settings/);
    assert.ok(m.detail.includes(USER_A_ORIGIN), 'the user’s own server is named too');
    assert.ok(!s.f.log.some((l) => l.kind === 'inputBox'), 'no input box after "no"');
    assert.equal(s.calls.length, 0, 'no request at all');
    assert.equal(s.secrets.data.get(SECRET_KEY), KEY, 'the saved key is untouched');
  });

  it('the default (first) button is "Send Key to …" only for an ordinary server, and it is what Enter does', async () => {
    const s = userAWorkspaceB({ answer: 'default', inputBox: NEW_KEY });
    await s.f.vs.commands.executeCommand(COMMANDS.setApiKey);
    assert.match(s.modals[0].items[0], MODAL_SEND);
  });

  it('confirmed: the prompt and the "verified and saved" message name the server; the key is bound to it', async () => {
    const s = userAWorkspaceB({ answer: 'send', inputBox: NEW_KEY });
    await s.f.vs.commands.executeCommand(COMMANDS.setApiKey);
    const box = s.f.vs.lastInputBox as { prompt: string };
    assert.ok(box.prompt.includes(WS_B_ORIGIN), `the prompt names the server: ${box.prompt}`);
    assert.equal(s.withKey(NEW_KEY, WS_B_ORIGIN), s.calls.length);
    assert.ok(s.calls.length > 0);
    const saved = s.f.log.find((l) => l.kind === 'info' && /verified and saved/.test(l.message));
    assert.ok(saved && saved.message.includes(WS_B_ORIGIN), `the result names the server: ${saved?.message}`);
    assert.deepEqual(await s.keychain.binding(NEW_KEY), { matches: true, origins: [WS_B_ORIGIN] });
    assertNoKeyShown(s, NEW_KEY);
  });

  it('no workspace value: no dialog, and the prompt and the result still name the server', async () => {
    const s = setup({ answer: 'dismiss', inputBox: NEW_KEY });
    s.config.user.set('rutaapi.baseUrl', USER_A);
    await s.f.vs.commands.executeCommand(COMMANDS.setApiKey);
    assert.equal(s.modals.length, 0);
    assert.ok((s.f.vs.lastInputBox as { prompt: string }).prompt.includes(USER_A_ORIGIN));
    assert.equal(s.withKey(NEW_KEY, USER_A_ORIGIN), s.calls.length);
    assert.ok(s.f.log.some((l) => l.kind === 'info' && l.message.includes(`verified and saved for ${USER_A_ORIGIN}`)));
  });

  it('a workspace value on the user’s own origin (another path) needs no dialog', async () => {
    const s = setup({ answer: 'dismiss', inputBox: NEW_KEY });
    s.config.user.set('rutaapi.baseUrl', USER_A);
    s.config.workspace.set('rutaapi.baseUrl', `${USER_A_ORIGIN}/tenant-b/v1`);
    await s.f.vs.commands.executeCommand(COMMANDS.setApiKey);
    assert.equal(s.modals.length, 0);
    assert.ok(s.calls.length > 0);
  });

  it('a workspace value without a user value is compared with the default (api.rutaapi.com)', async () => {
    const s = setup({ answer: 'dismiss', inputBox: NEW_KEY });
    s.config.workspace.set('rutaapi.baseUrl', WS_B);
    await s.f.vs.commands.executeCommand(COMMANDS.setApiKey);
    assert.equal(s.modals.length, 1);
    assert.ok(s.modals[0].detail.includes('https://api.rutaapi.com'));
    assert.equal(s.calls.length, 0);
  });

  it('a look-alike host in the user settings is confirmed too, with the safe answer first', async () => {
    const s = setup({ answer: 'default', inputBox: NEW_KEY });
    s.config.user.set('rutaapi.baseUrl', LOOKALIKE);
    await s.f.vs.commands.executeCommand(COMMANDS.setApiKey);
    assert.equal(s.modals.length, 1);
    assert.match(s.modals[0].detail, /resembles/);
    assert.equal(s.calls.length, 0);
  });
});

describe('a new key typed into the panel asks before going where only the workspace points', () => {
  function panel(s: ReturnType<typeof setup>) {
    return panelController(s);
  }

  it('the pre-filled workspace Base URL: dismissed → nothing sent, and the panel says why', async () => {
    const s = userAWorkspaceB({ answer: 'dismiss' });
    const p = panel(s);
    await p.c.handle({ type: 'verify', baseUrl: WS_B, apiKey: NEW_KEY, model: 'gpt-4.1' });
    assert.equal(s.modals.length, 1);
    assert.ok(s.modals[0].message.includes(WS_B_ORIGIN));
    assert.equal(s.calls.length, 0);
    const done = p.posted.filter((m) => m.type === 'verifyDone').at(-1);
    assert.ok(done && done.type === 'verifyDone' && !done.ok);
    assert.ok(p.posted.some((m) => m.type === 'announce' && m.text.includes(`did not confirm ${WS_B_ORIGIN}`)));
    assertNoKeyShown(s, NEW_KEY);
    assert.ok(!JSON.stringify(p.posted).includes(NEW_KEY));
  });

  it('confirmed once: both steps go there, and picking another model does not ask again', async () => {
    const s = userAWorkspaceB({ answer: 'send' });
    const p = panel(s);
    await p.c.handle({ type: 'verify', baseUrl: WS_B, apiKey: NEW_KEY, model: 'gpt-4.1' });
    await p.c.handle({ type: 'verifyModel', baseUrl: WS_B, apiKey: NEW_KEY, model: 'gpt-4.1' });
    assert.equal(s.modals.length, 1);
    assert.ok(s.withKey(NEW_KEY, WS_B_ORIGIN) >= 2);
  });

  it('a Base URL the person typed that is not the workspace’s goes without a dialog', async () => {
    const s = userAWorkspaceB({ answer: 'dismiss' });
    const p = panel(s);
    await p.c.handle({ type: 'verify', baseUrl: 'http://127.0.0.1:4999/v1', apiKey: NEW_KEY, model: 'gpt-4.1' });
    assert.equal(s.modals.length, 0);
    assert.ok(s.calls.length > 0);
  });
});
