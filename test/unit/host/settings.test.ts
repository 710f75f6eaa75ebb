import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS, Settings } from '../../../src/host/connection/settings';
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

  it('untrusted folders cannot set where the key goes or what it spends: baseUrl, model, useBaseUrlAsEntered and modelLimits are restricted configurations', () => {
    const u = pkg.capabilities?.untrustedWorkspaces;
    assert.ok(u, 'capabilities.untrustedWorkspaces is declared');
    assert.equal(u.supported, 'limited');
    assert.deepEqual(
      [...u.restrictedConfigurations].sort(),
      [
        SETTINGS.baseUrl.key,
        SETTINGS.model.key,
        SETTINGS.useBaseUrlAsEntered.key,
        SETTINGS.modelLimits.key,
        SETTINGS.terminalEnvironment.key,
      ].sort(),
    );
    assert.match(u.description, /^%.+%$/, 'localised description');
  });

  it('a user-only setting (rutaapi.modelLimits) is restricted and says so in its description (en, es)', () => {
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const s of Object.values(SETTINGS)) {
      if (!('userOnly' in s)) continue;
      assert.ok(restricted.includes(s.key), `${s.key} is a restricted configuration`);
    }
    const nls = JSON.parse(readFileSync(join(__dirname, '../../../package.nls.json'), 'utf8')) as Record<string, string>;
    const es = JSON.parse(readFileSync(join(__dirname, '../../../package.nls.es.json'), 'utf8')) as Record<string, string>;
    assert.match(nls['rutaapi.config.modelLimits'], /user settings only/i);
    assert.match(es['rutaapi.config.modelLimits'], /solo .*configuración de usuario/i);
    assert.match(nls['rutaapi.config.terminalEnvironment'], /user settings only/i);
    assert.match(es['rutaapi.config.terminalEnvironment'], /solo .*configuración de usuario/i);
    // Application scope: the editor itself never reads it from a workspace (issue 21, item 1).
    assert.equal((props[SETTINGS.terminalEnvironment.key] as { scope?: string }).scope, 'application');
  });

  it("a workspace's rutaapi.modelLimits is ignored, even in a trusted workspace: only the user's own value counts", () => {
    const c = new FakeConfig();
    const s = new Settings(c);
    const hostile = { '*': { maxInputTokens: 10_000_000, toolCalling: true, imageInput: true } };
    c.workspace.set('rutaapi.modelLimits', hostile);
    assert.deepEqual(s.get('modelLimits'), {});
    assert.equal(s.ignoredWorkspaceValue('modelLimits'), true);
    const mine = { 'my-model': { maxInputTokens: 60_000 } };
    c.user.set('rutaapi.modelLimits', mine);
    assert.deepEqual(s.get('modelLimits'), mine);
    // The other settings still follow the workspace (model, timeout…): they cannot spend the key's money.
    c.workspace.set('rutaapi.requestTimeoutSeconds', 30);
    assert.equal(s.timeoutMs, 30_000);
    assert.equal(s.ignoredWorkspaceValue('requestTimeoutSeconds'), false);
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
