// Issue 20, item 3: the dashboard's "open in app" link. Every hostile link is refused with its reason
// and nothing sent; another origin is put to the person first; the panel verifies, never saves by
// itself; neither the URI nor the key is ever logged or shown (the key's prefix at most).
import { strict as assert } from 'node:assert';
import type { VerifyOptions } from '../../../src/core/types';
import { COMMANDS, HANDLE_URI } from '../../../src/host/bootstrap/commandIds';
import { parseConnectLink, MAX_LINK_KEY, type ConnectLink } from '../../../src/host/commands/connectLink';
import { handleConnectUri } from '../../../src/host/commands/connectUri';
import { registerLinksAndCursor } from '../../../src/host/commands/linksAndCursor';
import { ModelCache } from '../../../src/host/connection/modelCache';
import { notifier } from '../../../src/host/shared/notifier';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { originOf } from '../../../src/host/connection/keyGate';
import { FakeMemento, FakeNotify, fakeResult, hostParts, panelController } from './fakes';
import { wireCommands } from './commandsHarness';
import { fakeVscode } from './fakeVscode';

const KEY = 'sk-ruta-link-key-abcdef0123456789';
const link = (address: string, key = KEY, extra = '') => ({ path: '/connect', query: `address=${address}&key=${key}${extra}` });

function setup(answer: 'send' | 'default' | 'dismiss' = 'dismiss') {
  const h = hostParts();
  const modals: Array<{ message: string; detail: string; items: string[] }> = [];
  const f = fakeVscode({});
  f.vs.window.showWarningMessage = async (message: string, opts: { detail?: string }, ...items: string[]) => {
    modals.push({ message, detail: String(opts?.detail ?? ''), items });
    if (answer === 'send') return items.find((i) => i.startsWith('Send Key to'));
    return answer === 'default' ? items[0] : undefined;
  };
  const calls: VerifyOptions[] = [];
  const gw = { verify: async (o: VerifyOptions) => (calls.push(o), fakeResult(o, true)) };
  const { connection } = wireCommands(h, f.vs, gw, () => '');
  const notify = new FakeNotify();
  const opened: ConnectLink[] = [];
  const deps = {
    gate: connection.gate,
    keychain: h.keychain,
    notify,
    logger: h.logger,
    openPanel: async (l: ConnectLink) => void opened.push(l),
  };
  const shownText = () => JSON.stringify([notify.messages, modals, h.channel.lines]);
  return { ...h, f, calls, connection, modals, notify, opened, deps, shownText };
}

describe('connect links: the parser', () => {
  const cases: Array<[string, { path: string; query: string }, string]> = [
    ['another path', { path: '/configure', query: `address=https://api.rutaapi.com&key=${KEY}` }, 'unknown_path'],
    ['http: to a remote host', link('http://gateway.example.com'), 'insecure_http'],
    ['javascript:', link('javascript:alert(1)'), 'not_web_address'],
    ['data:', link('data:text/html,<b>x</b>'), 'not_web_address'],
    ['file:', link('file:///etc/passwd'), 'not_web_address'],
    ['not a URL', link('gateway example'), 'not_web_address'],
    ['credentials in the address', link('https://user:pw@gateway.example.com'), 'address_with_extras'],
    ['a huge query', link('https://api.rutaapi.com', KEY, `&pad=${'x'.repeat(5000)}`), 'too_long'],
    ['a key past the cap', link('https://api.rutaapi.com', `sk-${'a'.repeat(MAX_LINK_KEY)}`), 'key_too_long'],
    ['no key', { path: '/connect', query: 'address=https://api.rutaapi.com' }, 'missing_key'],
    ['an empty key', link('https://api.rutaapi.com', ''), 'missing_key'],
    ['no address', { path: '/connect', query: `key=${KEY}` }, 'missing_address'],
    ['a malformed key', link('https://api.rutaapi.com', 'sk-short'), 'malformed_key'],
    ['a key with a space inside', link('https://api.rutaapi.com', 'sk-ruta-abc def0123456789xyz'), 'malformed_key'],
    ['two addresses', link('https://api.rutaapi.com', KEY, '&address=https://evil.example.com'), 'duplicate_parameter'],
    ['two keys', link('https://api.rutaapi.com', KEY, `&key=${KEY}x`), 'duplicate_parameter'],
    ['many parameters', link('https://api.rutaapi.com', KEY, '&a=1'.repeat(20)), 'too_long'],
  ];
  for (const [name, uri, reason] of cases) {
    it(`refuses ${name} (${reason})`, () => {
      const r = parseConnectLink(uri);
      assert.deepEqual(r, { ok: false, reason });
    });
  }

  it('maps the dashboard and the website to the API root, adds /v1 to a bare address, keeps a path', () => {
    const root = (address: string) => {
      const r = parseConnectLink(link(address));
      assert.ok(r.ok, address);
      return r.link.baseUrl;
    };
    assert.equal(root('https://app.rutaapi.com'), 'https://api.rutaapi.com/v1');
    assert.equal(root('https://rutaapi.com/'), 'https://api.rutaapi.com/v1');
    assert.equal(root('https://api.rutaapi.com'), 'https://api.rutaapi.com/v1');
    assert.equal(root('https://gateway.example.com'), 'https://gateway.example.com/v1');
    assert.equal(root('https://gateway.example.com/openai/v1'), 'https://gateway.example.com/openai/v1');
    assert.equal(root('http://127.0.0.1:8787'), 'http://127.0.0.1:8787/v1');
  });

  it('ignores unknown parameters (an editor may add its own) and keeps the key only in the link object', () => {
    const r = parseConnectLink(link('https://api.rutaapi.com', KEY, '&windowId=_blank&utm=x'));
    assert.ok(r.ok);
    assert.equal(r.link.key, KEY);
    assert.equal(r.link.keyPrefix, 'sk-ru…');
  });
});

describe('connect links: the handler', () => {
  it('a refused link is named, nothing is sent or opened, and neither the link nor the key is shown or logged', async () => {
    const s = setup('send');
    for (const uri of [link('http://gateway.example.com'), link('javascript:alert(1)'), link('https://api.rutaapi.com', 'sk-short')]) {
      await handleConnectUri(s.deps, uri);
    }
    assert.equal(s.opened.length, 0);
    assert.equal(s.calls.length, 0);
    assert.equal(s.modals.length, 0);
    assert.equal(s.notify.messages.filter((m) => m.level === 'error').length, 3);
    assert.match(s.notify.messages[0].message, /did not use this link.*http:\/\//);
    assert.ok(!s.shownText().includes(KEY) && !s.shownText().includes('gateway.example.com') && !s.shownText().includes('alert'));
  });

  it("RutaAPI's own address opens the panel at once, with no modal", async () => {
    const s = setup('dismiss');
    await handleConnectUri(s.deps, link('https://app.rutaapi.com'));
    assert.equal(s.modals.length, 0);
    assert.deepEqual(
      s.opened.map((l) => l.baseUrl),
      ['https://api.rutaapi.com/v1'],
    );
    assert.equal(s.calls.length, 0, 'the handler itself sends nothing: the panel verifies');
  });

  it('another origin: a modal naming it comes first, "Don\'t Send" first; dismissed → nothing opened or sent', async () => {
    const s = setup('default');
    await handleConnectUri(s.deps, link('https://evil.example.com'));
    assert.equal(s.modals.length, 1);
    assert.match(s.modals[0].message, /https:\/\/evil\.example\.com/);
    assert.equal(s.modals[0].items[0], "Don't Send");
    assert.match(s.modals[0].detail, /link/);
    assert.equal(s.opened.length, 0);
    assert.equal(s.calls.length, 0);
    assert.ok(!s.shownText().includes(KEY));
  });

  it('another origin accepted: the panel opens, and nothing is approved for the saved key', async () => {
    const s = setup('send');
    const saved = 'sk-ruta-saved-key-1234567890';
    s.secrets.data.set(SECRET_KEY, saved);
    await handleConnectUri(s.deps, link('https://gateway.example.com'));
    assert.equal(s.opened.length, 1);
    assert.deepEqual(await s.connection.gate.approvedOrigins(saved), ['https://api.rutaapi.com']);
  });

  it('an origin the saved key is already approved for, or the user Base URL: no modal', async () => {
    const s = setup('dismiss');
    s.config.user.set('rutaapi.baseUrl', 'https://mine.example.com/v1');
    await handleConnectUri(s.deps, link('https://mine.example.com'));
    assert.equal(s.modals.length, 0);
    assert.equal(s.opened.length, 1);
  });

  it('is registered under HANDLE_URI: panel.js reads the link, Configure opens the panel, which gets the link', async () => {
    const s = setup('dismiss');
    const handlers = new Map<string, (...a: unknown[]) => unknown>();
    const got: ConnectLink[] = [];
    s.f.vs.commands.registerCommand(COMMANDS.configure, () => undefined);
    const panels = {
      load: async () => ({ handleConnectUri, SetupPanel: { instance: { connectLink: (l: ConnectLink) => got.push(l) } } }) as never,
    };
    registerLinksAndCursor(s.f.vs, {
      registerCommand: (id, fn) => (handlers.set(id, fn), { dispose: () => undefined }),
      connection: s.connection,
      keychain: s.keychain,
      settings: s.settings,
      cache: new ModelCache(new FakeMemento()),
      logger: s.logger,
      notify: notifier(s.f.vs),
      panels,
      cursorLoader: undefined,
      stateDb: '',
      gateway: { load: () => Promise.reject(new Error('not used here')) },
    });
    await handlers.get(HANDLE_URI)!(link('https://api.rutaapi.com'));
    assert.ok(s.f.executed.some((e: unknown[]) => e[0] === COMMANDS.configure));
    assert.equal(got.length, 1);
  });
});

describe('connect links: the panel verifies with the link key and saves only on Save', () => {
  function panel() {
    const s = setup('dismiss');
    return { s, ...panelController(s) };
  }
  const parsed = parseConnectLink(link('https://gateway.example.com'));
  assert.ok(parsed.ok);
  const theLink = parsed.link;

  it('posts the Base URL and the key prefix after ready, never the key; verifies with it; Save stores it bound to the origin', async () => {
    const { s, c, posted } = panel();
    c.connectLink(theLink);
    assert.equal(posted.length, 0, 'nothing before the webview is ready');
    await c.handle({ type: 'ready' });
    const sent = posted.find((m) => m.type === 'link');
    assert.deepEqual(sent, { type: 'link', baseUrl: 'https://gateway.example.com/v1', keyRedacted: 'sk-ru…' });
    await c.handle({ type: 'verify', baseUrl: theLink.baseUrl, apiKey: '', model: 'gpt-4.1' });
    assert.ok(s.calls.length >= 2 && s.calls.every((o) => o.apiKey === KEY && originOf(o.baseUrl) === theLink.origin));
    assert.equal(await s.keychain.get(), undefined, 'verification saved nothing');
    await c.handle({ type: 'save', baseUrl: theLink.baseUrl, apiKey: '', model: 'gpt-4.1', scope: 'user' });
    assert.equal(await s.keychain.get(), KEY);
    assert.deepEqual(await s.connection.gate.approvedOrigins(KEY), [theLink.origin]);
    assert.ok(!JSON.stringify(posted).includes(KEY));
  });

  it('another Base URL in the form does not get the link key', async () => {
    const { s, c } = panel();
    c.connectLink(theLink);
    await c.handle({ type: 'verify', baseUrl: 'https://other.example.com/v1', apiKey: '', model: 'gpt-4.1' });
    assert.ok(s.calls.every((o) => o.apiKey !== KEY));
  });
});
