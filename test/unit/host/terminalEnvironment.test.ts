// Issue 21, item 1: the saved key in the integrated terminals through the environment variable collection.
import { strict as assert } from 'node:assert';
import type { VerifyOptions } from '../../../src/core/types';
import { Connection } from '../../../src/host/connection/connectionState';
import { TerminalEnvironment, offerTerminalEnvironment } from '../../../src/host/connection/terminalEnvironment';
import { Emitter } from '../../../src/host/shared/event';
import type { NotifyPort } from '../../../src/host/shared/ports';
import { FakeEnvCollection, FakeNotify, LoadedModule, dontSend, fakeResult, hostParts, tick } from './fakes';

const KEY = 'sk-ruta-terminal-key-0123456789abcdef';
const SETTING = 'rutaapi.terminalEnvironment';

function setup(opts: { anthropic?: boolean; trusted?: boolean } = {}) {
  const h = hostParts();
  const endpoints = opts.anthropic ? { 'claude-sonnet-4': ['anthropic', 'openai'], 'gpt-4.1': ['openai'] } : undefined;
  const gw = { verify: async (o: VerifyOptions) => ({ ...fakeResult(o), ...(endpoints ? { modelEndpoints: endpoints } : {}) }) };
  const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend);
  const collection = new FakeEnvCollection();
  const config = new Emitter<{ affectsConfiguration(section: string): boolean }>();
  const granted = new Emitter<void>();
  const trust = { isTrusted: opts.trusted !== false, onDidGrantWorkspaceTrust: granted.event };
  const env = new TerminalEnvironment({
    collection,
    settings: h.settings,
    connection,
    keychain: h.keychain,
    trust,
    onDidChangeConfiguration: config.event,
    logger: h.logger,
  });
  /** A settings change, as the editor reports it. */
  const changed = async () => {
    config.fire({ affectsConfiguration: (s) => s === 'rutaapi' || s === SETTING });
    await tick();
  };
  const saveKey = async (origin = 'https://api.rutaapi.com') => {
    await h.keychain.store(KEY, { origin });
    await connection.verifySaved({ reason: 'test' });
    await tick();
  };
  const grantTrust = async () => {
    trust.isTrusted = true;
    granted.fire();
    await tick();
  };
  return { ...h, connection, collection, env, changed, saveKey, grantTrust };
}

describe('terminal environment (rutaapi.terminalEnvironment)', () => {
  it('off by default: nothing is written; the collection is made non-persistent and described before anything else', async () => {
    const s = setup();
    await s.saveKey();
    assert.deepEqual(s.collection.env(), {});
    assert.equal(s.collection.writes(), 0);
    assert.deepEqual(s.collection.ops[0], ['persistent', false]);
    assert.match(String(s.collection.description), /RutaAPI/);
    assert.ok(!String(s.collection.description).includes(KEY));
  });

  it('on: the OpenAI and RutaAPI variables, persistent === false before the first replace, the key in no log line', async () => {
    const s = setup();
    s.config.user.set(SETTING, true);
    await s.saveKey();
    assert.deepEqual(s.collection.env(), {
      OPENAI_BASE_URL: 'https://api.rutaapi.com/v1',
      OPENAI_API_KEY: KEY,
      RUTAAPI_BASE_URL: 'https://api.rutaapi.com/v1',
      RUTAAPI_API_KEY: KEY,
    });
    assert.equal(s.collection.persistentAtFirstReplace, false);
    assert.ok(s.channel.lines.some((l) => l.includes('Terminal environment updated')));
    assert.ok(!s.channel.lines.some((l) => l.includes(KEY)), 'never the key in the log');
  });

  it('Anthropic models: ANTHROPIC_BASE_URL is the Base URL without /v1 (a path before it stays) and ANTHROPIC_AUTH_TOKEN', async () => {
    const s = setup({ anthropic: true });
    s.config.user.set(SETTING, true);
    s.config.user.set('rutaapi.baseUrl', 'https://gw.example.com/tenant/v1');
    await s.saveKey('https://gw.example.com');
    const env = s.collection.env();
    assert.equal(env.ANTHROPIC_BASE_URL, 'https://gw.example.com/tenant');
    assert.equal(env.ANTHROPIC_AUTH_TOKEN, KEY);
    assert.equal(env.OPENAI_BASE_URL, 'https://gw.example.com/tenant/v1');
  });

  it('no rewrite when nothing changed: a re-check and unrelated settings events write nothing', async () => {
    const s = setup({ anthropic: true });
    s.config.user.set(SETTING, true);
    await s.saveKey();
    const writes = s.collection.writes();
    assert.equal(writes, 6);
    await s.connection.verifySaved({ force: true, reason: 'again' });
    await s.changed();
    await s.env.update();
    assert.equal(s.collection.writes(), writes);
  });

  it('a workspace cannot turn it on (user settings only)', async () => {
    const s = setup();
    s.config.workspace.set(SETTING, true);
    await s.saveKey();
    await s.changed();
    assert.deepEqual(s.collection.env(), {});
  });

  it('cleared when the key is removed', async () => {
    const s = setup({ anthropic: true });
    s.config.user.set(SETTING, true);
    await s.saveKey();
    await s.keychain.delete();
    await tick();
    assert.deepEqual(s.collection.env(), {});
    assert.ok(s.collection.ops.some((o) => o[0] === 'clear'));
  });

  it('cleared when the origin changes to one the key is not approved for', async () => {
    const s = setup();
    s.config.user.set(SETTING, true);
    await s.saveKey();
    s.config.user.set('rutaapi.baseUrl', 'https://gw.attacker.example/v1');
    await s.changed();
    assert.deepEqual(s.collection.env(), {});
  });

  it('cleared when the setting is turned off', async () => {
    const s = setup();
    s.config.user.set(SETTING, true);
    await s.saveKey();
    s.config.user.set(SETTING, false);
    await s.changed();
    assert.deepEqual(s.collection.env(), {});
  });

  it('an untrusted workspace gets nothing until trust is granted', async () => {
    const s = setup({ trusted: false });
    s.config.user.set(SETTING, true);
    await s.saveKey();
    assert.deepEqual(s.collection.env(), {});
    await s.grantTrust();
    assert.equal(s.collection.env().OPENAI_API_KEY, KEY);
  });

  it('"Use in terminals" after a save turns the user setting on; not offered when it is on', async () => {
    const h = hostParts();
    const notify = new FakeNotify();
    const answering: NotifyPort = { ...notify, info: async (m, ...a) => (await notify.info(m, ...a), 'Use in terminals') };
    await offerTerminalEnvironment(h.settings, answering);
    assert.deepEqual(notify.messages[0]?.actions, ['Use in terminals']);
    assert.deepEqual(h.config.writes, [{ key: SETTING, value: true, scope: 'user' }]);
    await offerTerminalEnvironment(h.settings, answering);
    assert.equal(notify.messages.length, 1);
  });
});
