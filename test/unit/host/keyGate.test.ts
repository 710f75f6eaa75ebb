// Issue item 2: the saved key goes only to an origin the user chose for it.
import { strict as assert } from 'node:assert';
import type { VerifyOptions } from '../../../src/core/types';
import { COMMANDS } from '../../../src/host/bootstrap/commandIds';
import { SECRET_KEY, SECRET_ORIGINS, keyHash } from '../../../src/host/connection/keychain';
import { Connection } from '../../../src/host/connection/connectionState';
import { KeyGate, originOf } from '../../../src/host/connection/keyGate';
import { originDialog } from '../../../src/host/connection/originDialog';
import { notifier } from '../../../src/host/shared/notifier';
import { describeStatus } from '../../../src/host/commands/statusBar';
import { LoadedModule, dontSend, fakeResult, hostParts, panelController, tick } from './fakes';
import { wireCommands } from './commandsHarness';
import { fakeVscode } from './fakeVscode';

const KEY = 'sk-ruta-saved-key-1234567890';
const EVIL = 'https://gw.attacker.example/v1';
const EVIL_ORIGIN = 'https://gw.attacker.example';
const MODAL_SEND = /^Send Key to /;

function setup(opts: { answer?: 'send' | 'dismiss'; inputBox?: string } = {}) {
  const h = hostParts();
  const modals: Array<{ message: string; items: string[] }> = [];
  const f = fakeVscode({
    inputBox: opts.inputBox,
    messageAnswer: (message, items) => {
      const send = items.find((i) => MODAL_SEND.test(i));
      if (send) {
        modals.push({ message, items });
        return opts.answer === 'send' ? send : undefined;
      }
      return undefined;
    },
  });
  const calls: VerifyOptions[] = [];
  const gw = { verify: async (o: VerifyOptions) => (calls.push(o), fakeResult(o, true)) };
  const { connection, cmds } = wireCommands(h, f.vs, gw, () => '');
  const sentTo = (origin: string) => calls.filter((c) => originOf(c.baseUrl) === origin && c.apiKey === KEY).length;
  return { ...h, f, calls, connection, cmds, modals, sentTo };
}

describe('the saved key and the origins approved for it', () => {
  it('start-up: a workspace Base URL pointing elsewhere sends nothing and the status bar says why', async () => {
    const s = setup();
    s.secrets.data.set(SECRET_KEY, KEY); // saved before bindings existed
    s.config.workspace.set('rutaapi.baseUrl', EVIL);
    assert.equal(await s.connection.verifySaved({ reason: 'startup' }), undefined);
    assert.equal(s.calls.length, 0, 'no request at all');
    const st = s.connection.state;
    assert.ok(st.kind === 'awaitingOrigin', st.kind);
    assert.equal(st.origin, EVIL_ORIGIN);
    assert.equal(st.fromWorkspace, true);
    const view = describeStatus(st);
    assert.equal(view.tone, 'warning');
    assert.match(view.text, /confirm/i);
    assert.match(view.tooltip, /gw\\\.attacker\\\.example/, 'the tooltip names the origin (escaped)');
    assert.match(view.tooltip, /workspace/);
    assert.equal(s.modals.length, 0, 'start-up never opens a modal');
  });

  it("migration: a key without a binding is approved for the user setting's origin (or the default), never a workspace value", async () => {
    const s = setup();
    s.secrets.data.set(SECRET_KEY, KEY);
    s.config.user.set('rutaapi.baseUrl', 'http://127.0.0.1:4010/v1');
    await s.connection.verifySaved({ reason: 'startup' });
    assert.equal(s.sentTo('http://127.0.0.1:4010'), 1, "the user-level value is the user's choice");
    const rec = JSON.parse(s.secrets.data.get(SECRET_ORIGINS)!);
    assert.deepEqual(rec, { v: 1, keyHash: keyHash(KEY), origins: ['http://127.0.0.1:4010'] });
    assert.ok(!s.secrets.data.get(SECRET_ORIGINS)!.includes(KEY), 'the record holds a hash, not the key');

    const d = setup();
    d.secrets.data.set(SECRET_KEY, KEY);
    await d.connection.verifySaved({ reason: 'startup' });
    assert.equal(d.sentTo('https://api.rutaapi.com'), 1, 'no setting: the default origin');
    // Later, a workspace value: migration already happened, the workspace origin is not approved.
    d.config.workspace.set('rutaapi.baseUrl', EVIL);
    await d.connection.verifySaved({ reason: 'settings changed' });
    assert.equal(d.sentTo(EVIL_ORIGIN), 0);
  });

  it('a hand-edited user setting (after the key was bound) also waits; the focus re-check goes through the gate too', async () => {
    const s = setup();
    s.secrets.data.set(SECRET_KEY, KEY);
    await s.connection.verifySaved({ reason: 'startup' });
    assert.equal(s.calls.length, 1);
    s.config.user.set('rutaapi.baseUrl', EVIL);
    await s.connection.verifySaved({ force: true, reason: 'window focus' });
    assert.equal(s.sentTo(EVIL_ORIGIN), 0);
    const st = s.connection.state;
    assert.ok(st.kind === 'awaitingOrigin' && st.fromWorkspace === false);
  });

  it('Verify command: a modal names the origin; dismissed → nothing sent; "Send" → sent and remembered for this key', async () => {
    const no = setup({ answer: 'dismiss' });
    no.secrets.data.set(SECRET_KEY, KEY);
    no.config.workspace.set('rutaapi.baseUrl', EVIL);
    await no.f.vs.commands.executeCommand(COMMANDS.verify);
    assert.equal(no.modals.length, 1);
    assert.match(no.modals[0].message, /gw\.attacker\.example/);
    assert.equal(no.calls.length, 0);
    const modal = no.f.log.find((l) => l.kind === 'warn' && l.items?.some((i) => MODAL_SEND.test(i)));
    assert.ok(modal, 'showWarningMessage');

    const yes = setup({ answer: 'send' });
    yes.secrets.data.set(SECRET_KEY, KEY);
    yes.config.workspace.set('rutaapi.baseUrl', EVIL);
    await yes.f.vs.commands.executeCommand(COMMANDS.verify);
    assert.equal(yes.sentTo(EVIL_ORIGIN), 1);
    await yes.f.vs.commands.executeCommand(COMMANDS.verify);
    assert.equal(yes.sentTo(EVIL_ORIGIN), 2);
    assert.equal(yes.modals.length, 1, 'asked once per key and origin');
    assert.equal(yes.connection.state.kind, 'checked');
  });

  it('the modal is passed { modal: true, detail } and spells the origin out', async () => {
    const s = setup();
    const seen: unknown[][] = [];
    const orig = s.f.vs.window.showWarningMessage;
    s.f.vs.window.showWarningMessage = (...a: unknown[]) => (seen.push(a), orig(...a));
    s.secrets.data.set(SECRET_KEY, KEY);
    s.config.workspace.set('rutaapi.baseUrl', EVIL);
    await s.f.vs.commands.executeCommand(COMMANDS.verify);
    const [message, options, action] = seen[0] as [string, { modal: boolean; detail: string }, string];
    assert.equal(options.modal, true);
    assert.ok(message.includes(EVIL_ORIGIN) && action.includes(EVIL_ORIGIN) && options.detail.includes(EVIL_ORIGIN));
    assert.match(options.detail, /workspace/);
  });

  it('clicking the status bar while waiting opens the modal', async () => {
    const s = setup({ answer: 'send' });
    s.secrets.data.set(SECRET_KEY, KEY);
    s.config.workspace.set('rutaapi.baseUrl', EVIL);
    await s.connection.verifySaved({ reason: 'startup' });
    assert.equal(s.connection.state.kind, 'awaitingOrigin');
    await s.f.vs.commands.executeCommand(COMMANDS.statusActions);
    assert.equal(s.modals.length, 1);
    assert.equal(s.sentTo(EVIL_ORIGIN), 1);
    assert.equal(s.connection.state.kind, 'checked');
  });

  it('model picker: refused → no request and no list', async () => {
    const s = setup({ answer: 'dismiss' });
    s.secrets.data.set(SECRET_KEY, KEY);
    s.config.workspace.set('rutaapi.baseUrl', EVIL);
    await s.f.vs.commands.executeCommand(COMMANDS.selectModel);
    assert.equal(s.modals.length, 1);
    assert.equal(s.calls.length, 0);
    assert.equal(s.f.quickPicks.length, 0);
  });

  it('panel with an empty key field: the saved key is not sent to an unapproved origin without a confirmation', async () => {
    const s = setup();
    s.secrets.data.set(SECRET_KEY, KEY);
    const { c, posted } = panelController(s);
    await c.handle({ type: 'verify', baseUrl: EVIL, apiKey: '', model: 'gpt-4.1' });
    assert.equal(s.calls.length, 0);
    const done = posted.filter((m) => m.type === 'verifyDone').at(-1);
    assert.ok(done && done.type === 'verifyDone' && done.ok === false, 'the panel is told, not left on "Verifying…"');
    assert.ok(posted.some((m) => m.type === 'announce' && /Nothing was sent/.test(m.text)));
    // A typed key is the person's own choice for the URL in the form: sent.
    await c.handle({ type: 'verify', baseUrl: EVIL, apiKey: 'sk-ruta-typed-key-000000000', model: 'gpt-4.1' });
    assert.equal(s.calls.length > 0, true);
  });

  it('saving from the panel binds the new key to the verified origin only; removing the key removes the approvals', async () => {
    const s = setup();
    s.secrets.data.set(SECRET_KEY, KEY);
    await s.keychain.setOrigins(KEY, ['https://api.rutaapi.com', EVIL_ORIGIN]);
    const { c } = panelController(s, { hasWorkspace: false });
    const fresh = 'sk-ruta-new-key-999999999999';
    await c.handle({ type: 'verify', baseUrl: 'http://127.0.0.1:4010/v1', apiKey: fresh, model: 'gpt-4.1' });
    await c.handle({ type: 'save', baseUrl: 'http://127.0.0.1:4010/v1', apiKey: fresh, model: 'gpt-4.1', scope: 'user' });
    assert.equal(s.secrets.data.get(SECRET_KEY), fresh);
    assert.deepEqual(await s.keychain.binding(fresh), { matches: true, origins: ['http://127.0.0.1:4010'] });
    // The old key's approvals are gone with it: the attacker origin is not approved for the new key.
    s.config.workspace.set('rutaapi.baseUrl', EVIL);
    await s.connection.verifySaved({ reason: 'settings changed' });
    assert.equal(s.calls.filter((x) => originOf(x.baseUrl) === EVIL_ORIGIN).length, 0);
    await s.keychain.delete();
    assert.equal(s.secrets.data.has(SECRET_ORIGINS), false);
  });

  it("Set API Key binds the key to the Base URL's origin at that time", async () => {
    const s = setup({ inputBox: 'sk-ruta-typed-key-1234567890' });
    s.config.user.set('rutaapi.baseUrl', 'http://127.0.0.1:4010/v1');
    await s.f.vs.commands.executeCommand(COMMANDS.setApiKey);
    assert.deepEqual(await s.keychain.binding('sk-ruta-typed-key-1234567890'), { matches: true, origins: ['http://127.0.0.1:4010'] });
  });

  it('a key changed in another window (no binding for it) falls back to the migration rule, not to the old approvals', async () => {
    const s = setup();
    s.secrets.data.set(SECRET_KEY, KEY);
    await s.keychain.setOrigins(KEY, [EVIL_ORIGIN]);
    s.config.workspace.set('rutaapi.baseUrl', EVIL);
    s.secrets.externalSet(SECRET_KEY, 'sk-ruta-other-window-00000000');
    await tick();
    await s.connection.verifySaved({ reason: 'key changed' });
    assert.equal(s.calls.length, 0);
    assert.equal(s.connection.state.kind, 'awaitingOrigin');
  });
});

describe('a KeyGate is built with its question (no gate that refuses without asking)', () => {
  it('cannot be made without the confirmation, nor be given one later (type-level: `npm run typecheck` fails otherwise)', () => {
    const h = hostParts();
    const gw = { verify: async (o: VerifyOptions) => fakeResult(o, true) };
    // @ts-expect-error a KeyGate needs the question it puts to the person before an unapproved origin gets the key
    const gateWithout = () => new KeyGate(h.keychain, h.settings, h.logger);
    // @ts-expect-error the same for the Connection that builds the gate
    const connectionWithout = () => new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger);
    const gate = new KeyGate(h.keychain, h.settings, h.logger, dontSend);
    // @ts-expect-error there is no way to install (or remove) the question after construction
    const later = () => gate.setConfirm(dontSend);
    assert.equal(typeof gateWithout, 'function');
    assert.equal(typeof connectionWithout, 'function');
    assert.equal(typeof later, 'function');
    assert.equal('setConfirm' in gate, false);
  });

  it('the question it was built with is asked for an unapproved origin, and "Send" approves it', async () => {
    const h = hostParts();
    h.secrets.data.set(SECRET_KEY, KEY);
    const asked: string[] = [];
    const gate = new KeyGate(h.keychain, h.settings, h.logger, async (r) => (asked.push(r.origin), true));
    assert.equal((await gate.savedKeyFor(EVIL, { interactive: false })).kind, 'needsApproval', 'a background check never asks');
    assert.deepEqual(asked, []);
    assert.deepEqual(await gate.savedKeyFor(EVIL, { interactive: true }), { kind: 'granted', key: KEY });
    assert.deepEqual(asked, [EVIL_ORIGIN]);
    assert.deepEqual(await gate.savedKeyFor(EVIL, { interactive: true }), { kind: 'granted', key: KEY });
    assert.deepEqual(asked, [EVIL_ORIGIN], 'asked once: the answer is remembered for this key');
  });

  it("the host's wiring: Connection's gate asks through the editor's modal from its construction on, before any command exists", async () => {
    const h = hostParts();
    h.secrets.data.set(SECRET_KEY, KEY);
    h.config.workspace.set('rutaapi.baseUrl', EVIL);
    const modals: string[] = [];
    const f = fakeVscode({
      messageAnswer: (message, items) => (items.some((i) => MODAL_SEND.test(i)) ? void modals.push(message) : undefined),
    });
    const calls: VerifyOptions[] = [];
    const gw = { verify: async (o: VerifyOptions) => (calls.push(o), fakeResult(o, true)) };
    // As startHost builds it; no Commands (which used to install the question) is made here.
    const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, originDialog(notifier(f.vs)));
    const grant = await connection.savedKeyFor(EVIL, { interactive: true });
    assert.deepEqual(modals, [`Send your saved RutaAPI API key to ${EVIL_ORIGIN}?`]);
    assert.equal(grant.kind, 'needsApproval', 'dismissed: not sent');
    connection.dispose();
  });
});
