import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS, Settings } from '../../../src/host/settings';
import { FakeConfig } from './fakes';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const props: Record<
  string,
  { type: string; default: unknown; minimum?: number; maximum?: number; description?: string; markdownDescription?: string }
> = pkg.contributes.configuration.properties;

describe('host settings', () => {
  it('typed setting keys match package.json contributes.configuration exactly', () => {
    assert.deepEqual(
      Object.values(SETTINGS)
        .map((s) => s.key)
        .sort(),
      Object.keys(props).sort(),
    );
    for (const s of Object.values(SETTINGS)) {
      const p = props[s.key];
      assert.deepEqual(p.default, s.default, `default of ${s.key}`);
      assert.equal(p.type, typeof s.default, `type of ${s.key}`);
      assert.ok(p.description || p.markdownDescription, `${s.key} has a description`);
    }
    assert.equal(props['rutaapi.requestTimeoutSeconds'].minimum, SETTINGS.requestTimeoutSeconds.minimum);
    assert.equal(props['rutaapi.requestTimeoutSeconds'].maximum, SETTINGS.requestTimeoutSeconds.maximum);
    assert.equal(SETTINGS.baseUrl.default, 'https://api.rutaapi.com/v1');
    assert.equal(SETTINGS.requestTimeoutSeconds.default, 15);
  });

  it('untrusted folders cannot set where the key goes: rutaapi.baseUrl and rutaapi.model are restricted configurations', () => {
    const u = pkg.capabilities?.untrustedWorkspaces;
    assert.ok(u, 'capabilities.untrustedWorkspaces is declared');
    assert.equal(u.supported, 'limited');
    assert.deepEqual([...u.restrictedConfigurations].sort(), [SETTINGS.baseUrl.key, SETTINGS.model.key].sort());
    assert.match(u.description, /^%.+%$/, 'localised description');
  });

  it('no setting can hold the key', () => {
    for (const key of Object.keys(props)) assert.doesNotMatch(key, /key|secret|token/i);
  });

  it('reads typed values with defaults and clamps the timeout', () => {
    const c = new FakeConfig();
    const s = new Settings(c);
    assert.equal(s.baseUrl, 'https://api.rutaapi.com/v1');
    assert.equal(s.model, '');
    assert.equal(s.verifyOnStartup, true);
    assert.equal(s.timeoutMs, 15_000);
    c.user.set('rutaapi.requestTimeoutSeconds', 100000);
    assert.equal(s.timeoutMs, 120_000);
    c.user.set('rutaapi.requestTimeoutSeconds', 'x');
    assert.equal(s.timeoutMs, 15_000);
    c.user.set('rutaapi.model', ' gpt-4.1 ');
    assert.equal(s.model, 'gpt-4.1');
    c.workspace.set('rutaapi.model', 'deepseek-chat');
    assert.equal(s.model, 'deepseek-chat');
    assert.equal(s.scopeOf('model'), 'workspace');
    assert.equal(s.scopeOf('baseUrl'), 'user');
  });

  it('rutaapi.lowBalanceWarning: a percentage 0–100, default 10', () => {
    const c = new FakeConfig();
    const s = new Settings(c);
    assert.equal(s.lowBalancePercent, 10);
    assert.equal(props['rutaapi.lowBalanceWarning'].minimum, 0);
    assert.equal(props['rutaapi.lowBalanceWarning'].maximum, 100);
    c.user.set('rutaapi.lowBalanceWarning', 250);
    assert.equal(s.lowBalancePercent, 100);
    c.user.set('rutaapi.lowBalanceWarning', -5);
    assert.equal(s.lowBalancePercent, 0);
    c.user.set('rutaapi.lowBalanceWarning', 'x');
    assert.equal(s.lowBalancePercent, 10);
  });
});
