// Issue 21, item 3: each configured tool checked with the engine's vocabulary, from its config's
// text, the checked key (by hash) and the key's /v1/models with supported_endpoint_types.
import * as assert from 'node:assert/strict';
import { checkToolConfig, type ToolCheckContext } from '../../../src/core/tools/checks';
import { readTool } from '../../../src/core/tools/readTool';
import type { ToolName } from '../../../src/core/tools/types';
import { tempHome, type TempHome } from './home';

const BASE = 'https://api.rutaapi.com/v1';
const KEY = 'sk-rutaapi-checked-00000000000000000000';
const CTX: ToolCheckContext = {
  expectedBaseUrl: BASE,
  givenKey: KEY,
  models: ['gpt-4.1', 'claude-sonnet-4', 'deepseek-chat', 'text-embedding-3-small'],
  endpoints: {
    'gpt-4.1': ['openai', 'openai-response'],
    'claude-sonnet-4': ['anthropic', 'openai'],
    'deepseek-chat': ['openai'],
    'text-embedding-3-small': ['embeddings'],
  },
  environment: { RUTAAPI_API_KEY: KEY },
};

describe('tools: checks', () => {
  let home: TempHome;
  afterEach(() => home?.dispose());

  async function codes(tool: ToolName, rel: string, text: string, ctx = CTX): Promise<string[]> {
    home?.dispose();
    home = tempHome();
    home.write(rel, text);
    const read = await readTool(tool, { env: home.env, target: { baseUrl: BASE, key: KEY } });
    return checkToolConfig(read, ctx).map((f) => `${f.severity}:${f.code}${f.fix ? `→${f.fix}` : ''}`);
  }

  it('Claude Code: /v1 in ANTHROPIC_BASE_URL, the key in the file, a different key, a model without anthropic', async () => {
    const settings = (url: string, key: string, model: string): string =>
      JSON.stringify({ env: { ANTHROPIC_BASE_URL: url, ANTHROPIC_AUTH_TOKEN: key, ANTHROPIC_MODEL: model } });
    assert.deepEqual(await codes('claude-code', '.claude/settings.json', settings('https://api.rutaapi.com', KEY, 'claude-sonnet-4')), [
      'info:tool_key_in_file',
    ]);
    assert.deepEqual(
      await codes(
        'claude-code',
        '.claude/settings.json',
        settings('https://api.rutaapi.com/v1', 'sk-rutaapi-other-111111111111111111111', 'deepseek-chat'),
      ),
      [
        'error:tool_base_url_has_v1→https://api.rutaapi.com',
        'info:tool_key_in_file',
        'warning:tool_key_differs',
        'error:tool_model_wrong_protocol→claude-sonnet-4',
      ],
    );
    assert.deepEqual(
      await codes(
        'claude-code',
        '.claude/settings.json',
        settings('https://api.rutaapi.com', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789', 'claude-sonet-4'),
      ),
      ['info:tool_key_in_file', 'error:tool_key_other_platform', 'error:tool_model_unknown→claude-sonnet-4'],
    );
  });

  describe('Claude Code: every place it takes a key from (issue 21 review, item 1)', () => {
    const ANT = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789';
    const FILE = '.claude/settings.json';
    const settings = (env: Record<string, string>, extra: Record<string, string> = {}): string =>
      JSON.stringify({ ...extra, env: { ANTHROPIC_BASE_URL: 'https://api.rutaapi.com', ANTHROPIC_MODEL: 'claude-sonnet-4', ...env } });

    async function findings(text: string, environment: Record<string, string>) {
      home?.dispose();
      home = tempHome();
      home.write(FILE, text);
      const read = await readTool('claude-code', { env: home.env, target: { baseUrl: BASE, key: KEY } });
      return checkToolConfig(read, { ...CTX, environment });
    }
    const list = (fs: Array<{ severity: string; code: string }>): string[] => fs.map((f) => `${f.severity}:${f.code}`);

    it('ANTHROPIC_API_KEY beside ANTHROPIC_AUTH_TOKEN in the file: that key is checked too, and the two are a conflict', async () => {
      const found = await findings(settings({ ANTHROPIC_AUTH_TOKEN: KEY, ANTHROPIC_API_KEY: ANT }), {});
      assert.deepEqual(list(found), ['info:tool_key_in_file', 'error:tool_key_other_platform', 'warning:tool_key_conflict']);
      const conflict = found.find((f) => f.code === 'tool_key_conflict')!;
      assert.match(conflict.detail, /ANTHROPIC_AUTH_TOKEN in .*settings\.json \(sk-ru…\)/);
      assert.match(conflict.detail, /ANTHROPIC_API_KEY in .*settings\.json \(sk-an…\)/);
      for (const f of found) assert.ok(!f.detail.includes(ANT) && !f.detail.includes(KEY), `no key beyond its prefix: ${f.detail}`);
    });

    it('ANTHROPIC_API_KEY in the process environment beside the token (in the file or in the environment)', async () => {
      const inFile = await findings(settings({ ANTHROPIC_AUTH_TOKEN: KEY }), { ANTHROPIC_API_KEY: ANT });
      assert.deepEqual(list(inFile), ['info:tool_key_in_file', 'error:tool_key_other_platform', 'warning:tool_key_conflict']);
      assert.match(inFile.find((f) => f.code === 'tool_key_conflict')!.detail, /ANTHROPIC_API_KEY in the environment \(sk-an…\)/);
      const inEnv = await findings(settings({}), { ANTHROPIC_AUTH_TOKEN: KEY, ANTHROPIC_API_KEY: KEY });
      assert.deepEqual(list(inEnv), ['warning:tool_key_conflict'], 'the same key twice is still two places');
      // The file's env wins over the process environment: a variable the file sets is not seen twice.
      const shadowed = await findings(settings({ ANTHROPIC_AUTH_TOKEN: KEY, ANTHROPIC_API_KEY: KEY }), { ANTHROPIC_API_KEY: ANT });
      assert.deepEqual(list(shadowed), ['info:tool_key_in_file', 'warning:tool_key_conflict']);
      assert.ok(!shadowed.some((f) => f.detail.includes('environment')));
    });

    it('only ANTHROPIC_API_KEY in the environment: it is the key in use and is checked; no key anywhere is still missing', async () => {
      assert.deepEqual(list(await findings(settings({}), { ANTHROPIC_API_KEY: ANT })), ['error:tool_key_other_platform']);
      assert.deepEqual(list(await findings(settings({}), {})), ['warning:tool_key_missing']);
    });

    it('apiKeyHelper: a key source (no false tool_key_missing), and a conflict beside the token, named without its command', async () => {
      const helper = { apiKeyHelper: '/home/me/bin/print-key.sh' };
      assert.deepEqual(list(await findings(settings({}, helper), {})), []);
      const beside = await findings(settings({ ANTHROPIC_AUTH_TOKEN: KEY }, helper), {});
      assert.deepEqual(list(beside), ['info:tool_key_in_file', 'warning:tool_key_conflict']);
      const detail = beside.find((f) => f.code === 'tool_key_conflict')!.detail;
      assert.match(detail, /apiKeyHelper in .*settings\.json/);
      assert.ok(!detail.includes('print-key'), detail);
    });
  });

  it('Codex: wire_api chat, Base URL without /v1, a model without openai-response, the key variable unset', async () => {
    const toml = (url: string, wire: string, model: string): string =>
      `model = "${model}"\nmodel_provider = "rutaapi"\n[model_providers.rutaapi]\nbase_url = "${url}"\nenv_key = "RUTAAPI_API_KEY"\nwire_api = "${wire}"\n`;
    assert.deepEqual(await codes('codex', '.codex/config.toml', toml(BASE, 'responses', 'gpt-4.1')), []);
    assert.deepEqual(
      await codes('codex', '.codex/config.toml', toml('https://api.rutaapi.com', 'chat', 'deepseek-chat'), { ...CTX, environment: {} }),
      [
        'error:tool_base_url_missing_v1→https://api.rutaapi.com/v1',
        'error:tool_wire_api_chat→responses',
        'warning:tool_key_missing',
        'error:tool_model_wrong_protocol→gpt-4.1',
      ],
    );
  });

  it('the engine Base URL findings as a tool sees them: a pasted endpoint is an error, a trailing slash a warning', async () => {
    const env = { ...CTX, environment: { OPENAI_API_KEY: KEY } };
    assert.deepEqual(
      await codes(
        'aider',
        '.aider.conf.yml',
        'openai-api-base: https://api.rutaapi.com/v1/chat/completions\nmodel: openai/deepseek-chat\n',
        env,
      ),
      ['error:endpoint_as_base_url→https://api.rutaapi.com/v1'],
    );
    assert.deepEqual(
      await codes('aider', '.aider.conf.yml', 'openai-api-base: https://api.rutaapi.com/v1/\nmodel: openai/deepseek-chat\n', env),
      ['warning:trailing_slash'],
    );
  });

  it('another gateway: only its Base URL is described; its key and models are not judged', async () => {
    const found = await codes(
      'aider',
      '.aider.conf.yml',
      'openai-api-base: https://openrouter.ai/api/v1\nmodel: openrouter/x\nopenai-api-key: sk-or-v1-abcdefabcdefabcdefabcdef\n',
    );
    assert.ok(
      found.every((c) => !c.includes('tool_key') && !c.includes('tool_model')),
      found.join(' '),
    );
  });

  it('an unreadable config is one error naming the file and line; a file without a Base URL is a note', async () => {
    assert.deepEqual(await codes('llm', '.config/io.datasette.llm/extra-openai-models.yaml', '- a: [\n'), ['error:tool_config_unreadable']);
    assert.deepEqual(await codes('aider', '.aider.conf.yml', 'dark-mode: true\n'), ['info:tool_not_set_up']);
  });
});
