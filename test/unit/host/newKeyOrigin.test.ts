// Issue 22, items 1, 2 and 6 and "KeyGate.savedKeyFor fails closed": a key goes only to a server the
// person chose, named before the first request; a look-alike host is called one, and the safe answer
// is the default.
import { strict as assert } from 'node:assert';
import type { VerifyOptions } from '../../../src/core/types';
import { COMMANDS } from '../../../src/host/bootstrap/commandIds';
import { SECRET_KEY } from '../../../src/host/keychain';
import { KeyGate, originOf } from '../../../src/host/keyGate';
import { fakeResult, hostParts } from './fakes';
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
function setup(opts: { answer?: 'send' | 'default' | 'dismiss'; inputBox?: string } = {}) {
  const h = hostParts();
  const modals: Modal[] = [];
  const f = fakeVscode({ inputBox: opts.inputBox });
  const plainWarn = f.vs.window.showWarningMessage;
  f.vs.window.showWarningMessage = async (message: string, ...rest: unknown[]) => {
    const first = rest[0];
    if (first && typeof first === 'object' && (first as { modal?: boolean }).modal) {
      const items = rest.slice(1).filter((x): x is string => typeof x === 'string');
      modals.push({ message, detail: String((first as { detail?: string }).detail ?? ''), items });
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
      const gate = new KeyGate(h.keychain, h.settings, h.logger);
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
