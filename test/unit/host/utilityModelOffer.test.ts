import { strict as assert } from 'node:assert';
import { offerUtilityModels, UTILITY_OFFER_KEY, type ChatConfigPort } from '../../../src/host/lm/utilityModelOffer';
import { FakeLogChannel, FakeMemento } from './fakes';
import { Logger } from '../../../src/host/shared/logger';

/** The `chat` section as an editor shows it: `registered` keys have a default (""); user/workspace values set apart. */
function chatConfig(registered: string[], values: { user?: Record<string, unknown>; workspace?: Record<string, unknown> } = {}) {
  const user = new Map(Object.entries(values.user ?? {}));
  const workspace = new Map(Object.entries(values.workspace ?? {}));
  const writes: Array<{ key: string; value: unknown; target: true }> = [];
  const port: ChatConfigPort = {
    // Like VS Code: an unregistered key still inspects, with no default.
    inspect: (key) => ({
      defaultValue: registered.includes(key) ? '' : undefined,
      globalValue: user.get(key),
      workspaceValue: workspace.get(key),
    }),
    update: async (key, value, target) => {
      writes.push({ key: `chat.${key.replace(/^chat\./, '')}`, value, target });
      user.set(key.replace(/^chat\./, ''), value);
    },
  };
  return { port, writes, user };
}

function offer(o: { registered: string[]; user?: Record<string, unknown>; workspace?: Record<string, unknown>; answer?: string }) {
  const cfg = chatConfig(o.registered, o);
  const globalState = new FakeMemento();
  const shown: Array<{ message: string; actions: string[] }> = [];
  const notify = { info: async (message: string, ...actions: string[]) => (shown.push({ message, actions }), o.answer) };
  const channel = new FakeLogChannel();
  const deps = { chatConfig: () => cfg.port, globalState, notify, logger: new Logger(channel) };
  return { cfg, globalState, shown, deps, channel };
}

const SAVED = { model: 'claude-3-5-sonnet-20241022', models: ['gpt-4.1', 'claude-3-5-sonnet-20241022', 'gpt-4o-mini'] };

describe('utility-model offer after a save', () => {
  it('VS Code 1.139 (utilityModel + utilitySmallModel, both unset): offers once; "Use RutaAPI" sets both in user settings', async () => {
    const s = offer({ registered: ['utilityModel', 'utilitySmallModel'], answer: 'Use RutaAPI' });
    await offerUtilityModels(s.deps, SAVED);
    assert.equal(s.shown.length, 1);
    assert.match(s.shown[0].message, /claude-3-5-sonnet-20241022.*gpt-4o-mini/);
    assert.deepEqual(s.shown[0].actions, ['Use RutaAPI', 'Not Now']);
    assert.deepEqual(s.cfg.writes, [
      { key: 'chat.utilityModel', value: 'rutaapi/claude-3-5-sonnet-20241022', target: true },
      { key: 'chat.utilitySmallModel', value: 'rutaapi/gpt-4o-mini', target: true },
    ]);
    assert.equal(s.globalState.get(UTILITY_OFFER_KEY), 'offered');
    // Once: a second save offers nothing.
    await offerUtilityModels(s.deps, SAVED);
    assert.equal(s.shown.length, 1);
  });

  it('the small slot under its other name (utilityModelSmall) is used when that is the one the editor has', async () => {
    const s = offer({ registered: ['utilityModel', 'utilityModelSmall'], answer: 'Use RutaAPI' });
    await offerUtilityModels(s.deps, SAVED);
    assert.deepEqual(
      s.cfg.writes.map((w) => w.key),
      ['chat.utilityModel', 'chat.utilityModelSmall'],
    );
  });

  it('never overrides: a slot set in user or workspace settings is left alone and not offered', async () => {
    const s = offer({
      registered: ['utilityModel', 'utilitySmallModel'],
      user: { utilityModel: 'copilot/gpt-5' },
      answer: 'Use RutaAPI',
    });
    await offerUtilityModels(s.deps, SAVED);
    assert.equal(s.shown.length, 1);
    assert.doesNotMatch(s.shown[0].message, /claude/);
    assert.deepEqual(s.cfg.writes, [{ key: 'chat.utilitySmallModel', value: 'rutaapi/gpt-4o-mini', target: true }]);
    const w = offer({ registered: ['utilityModel', 'utilitySmallModel'], workspace: { utilityModel: 'x', utilitySmallModel: 'y' } });
    await offerUtilityModels(w.deps, SAVED);
    assert.equal(w.shown.length, 0);
    assert.equal(w.globalState.get(UTILITY_OFFER_KEY), undefined, 'nothing offered, nothing remembered');
  });

  it('an editor without these settings (VS Code < 1.121, Cursor): no offer, nothing written', async () => {
    const s = offer({ registered: [], answer: 'Use RutaAPI' });
    await offerUtilityModels(s.deps, SAVED);
    assert.equal(s.shown.length, 0);
    assert.deepEqual(s.cfg.writes, []);
  });

  it('"Not Now" or dismissed: nothing written, and not asked again', async () => {
    for (const answer of ['Not Now', undefined]) {
      const s = offer({ registered: ['utilityModel', 'utilitySmallModel'], answer });
      await offerUtilityModels(s.deps, SAVED);
      await offerUtilityModels(s.deps, SAVED);
      assert.equal(s.shown.length, 1);
      assert.deepEqual(s.cfg.writes, []);
    }
  });

  it('a value the user sets while the notification is open is kept', async () => {
    const s = offer({ registered: ['utilityModel', 'utilitySmallModel'] });
    s.deps.notify.info = async (message: string, ...actions: string[]) => {
      s.shown.push({ message, actions });
      s.cfg.user.set('utilitySmallModel', 'copilot/gpt-5-mini');
      return 'Use RutaAPI';
    };
    await offerUtilityModels(s.deps, SAVED);
    assert.deepEqual(
      s.cfg.writes.map((w) => w.key),
      ['chat.utilityModel'],
    );
  });

  it('a failing write is a log line, never a throw', async () => {
    const s = offer({ registered: ['utilityModel'], answer: 'Use RutaAPI' });
    s.cfg.port.update = async () => {
      throw new Error('read-only settings');
    };
    await offerUtilityModels(s.deps, SAVED);
    assert.ok(s.channel.lines.some((l) => /warn .*utility-model offer failed: read-only settings/.test(l)));
  });
});
