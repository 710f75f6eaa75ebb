// Issue 21 review, item 2: a tool's Check runs in the variables the integrated terminals really get,
// by the same rule as the collection (host/connection/terminalVariables.ts): ANTHROPIC_AUTH_TOKEN
// only for a key with a model that serves Anthropic, nothing in an untrusted workspace. Before, the
// Check assumed every variable whenever the setting was on and hid Claude Code's tool_key_missing.
import { strict as assert } from 'node:assert';
import type { ModelEndpoints } from '../../../src/core/modelProtocols';
import { checkToolConfig } from '../../../src/core/tools/checks';
import { readTool } from '../../../src/core/tools/readTool';
import type { VerifyOptions } from '../../../src/core/types';
import { Connection } from '../../../src/host/connection/connectionState';
import { TerminalEnvironment } from '../../../src/host/connection/terminalEnvironment';
import { Emitter } from '../../../src/host/shared/event';
import { checkEnvironment } from '../../../src/host/tools/toolCheckView';
import type { ToolSetupDeps } from '../../../src/host/tools/toolSetupDeps';
import { tempHome } from '../tools/home';
import { FakeEnvCollection, LoadedModule, dontSend, fakeResult, hostParts, tick } from './fakes';

const KEY = 'sk-ruta-check-env-key-0123456789abcdef';
const BASE = 'https://api.rutaapi.com/v1';
const WITH_ANTHROPIC: ModelEndpoints = { 'claude-sonnet-4': ['anthropic', 'openai'], 'gpt-4.1': ['openai'] };
const WITHOUT: ModelEndpoints = { 'gpt-4.1': ['openai', 'openai-response'], 'deepseek-chat': ['openai'] };

/** The terminals' variables as the real collection writes them, and the Check's environment for the same state. */
async function both(endpoints: ModelEndpoints, opts: { trusted: boolean; on: boolean }) {
  const h = hostParts();
  const gw = { verify: async (o: VerifyOptions) => ({ ...fakeResult(o), models: Object.keys(endpoints), modelEndpoints: endpoints }) };
  const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend);
  const collection = new FakeEnvCollection();
  const env = new TerminalEnvironment({
    collection,
    settings: h.settings,
    connection,
    keychain: h.keychain,
    trust: { isTrusted: opts.trusted, onDidGrantWorkspaceTrust: new Emitter<void>().event },
    onDidChangeConfiguration: new Emitter<{ affectsConfiguration(section: string): boolean }>().event,
    logger: h.logger,
  });
  if (opts.on) h.config.user.set('rutaapi.terminalEnvironment', true);
  await h.keychain.store(KEY, { origin: 'https://api.rutaapi.com' });
  await connection.verifySaved({ reason: 'test' });
  await tick();
  const d = {
    vs: { workspace: { isTrusted: opts.trusted } },
    settings: h.settings,
    toolEnv: { home: '/nowhere', platform: 'linux', env: { PATH: '/usr/bin' } },
  } as unknown as Pick<ToolSetupDeps, 'vs' | 'settings' | 'toolEnv'>;
  const checked = checkEnvironment(d, { baseUrl: BASE, key: KEY, models: Object.keys(endpoints), endpoints });
  env.dispose();
  return { terminals: collection.env(), checked: checked.env };
}

describe('the Check of a tool runs in the terminals’ real variables', () => {
  for (const [name, endpoints] of [
    ['a key with an Anthropic model', WITH_ANTHROPIC],
    ['a key without one', WITHOUT],
  ] as const) {
    for (const trusted of [true, false]) {
      it(`${name}, ${trusted ? 'trusted' : 'untrusted'} workspace: exactly the variables the collection writes`, async () => {
        const { terminals, checked } = await both(endpoints, { trusted, on: true });
        const added = Object.fromEntries(Object.entries(checked).filter(([k]) => k !== 'PATH'));
        assert.deepEqual(added, terminals);
        assert.equal(checked.PATH, '/usr/bin', 'the rest of the environment stays');
        assert.equal('ANTHROPIC_AUTH_TOKEN' in checked, trusted && endpoints === WITH_ANTHROPIC);
      });
    }
  }

  it('the setting off: nothing added', async () => {
    const { terminals, checked } = await both(WITH_ANTHROPIC, { trusted: true, on: false });
    assert.deepEqual(terminals, {});
    assert.deepEqual(checked, { PATH: '/usr/bin' });
  });

  it('Claude Code without a token, the key without an Anthropic model: Check reports tool_key_missing, as the terminal would', async () => {
    const { checked } = await both(WITHOUT, { trusted: true, on: true });
    const home = tempHome();
    try {
      home.write('.claude/settings.json', JSON.stringify({ env: { ANTHROPIC_BASE_URL: 'https://api.rutaapi.com' } }));
      const read = await readTool('claude-code', { env: home.env, target: { baseUrl: BASE, key: KEY } });
      const codes = checkToolConfig(read, { expectedBaseUrl: BASE, givenKey: KEY, environment: checked }).map((f) => f.code);
      assert.deepEqual(codes, ['tool_key_missing']);
    } finally {
      home.dispose();
    }
  });
});
