// Issue 21, item 2 (core): each tool's config read into a state (rutaapi / other / none /
// unreadable with the line), Base URL and model, on a temporary home.
import * as assert from 'node:assert/strict';
import { readTool, readTools } from '../../../src/core/tools/readTool';
import { fullHome, tempHome, type TempHome } from './home';

const TARGET = { baseUrl: 'https://api.rutaapi.com/v1', key: 'sk-rutaapi-given-000000000000000000000000' };

describe('tools: reading the configs', () => {
  let home: TempHome;
  afterEach(() => home?.dispose());

  it('no files: every tool is none, not found', async () => {
    home = tempHome();
    const reads = await readTools({ env: home.env, target: TARGET });
    assert.deepEqual(
      reads.map((r) => [r.tool, r.found, r.state, r.baseUrl, r.model]),
      [
        ['claude-code', false, 'none', null, null],
        ['codex', false, 'none', null, null],
        ['continue', false, 'none', null, null],
        ['aider', false, 'none', null, null],
        ['llm', false, 'none', null, null],
      ],
    );
    assert.equal(reads[0].file, home.path('.claude/settings.json'));
    assert.equal(reads[4].file, home.path('.config/io.datasette.llm/extra-openai-models.yaml'));
  });

  it('files set up for another gateway: other, with their Base URL and model', async () => {
    home = fullHome();
    const reads = await readTools({ env: home.env, target: TARGET });
    assert.deepEqual(
      reads.map((r) => [r.tool, r.found, r.state, r.baseUrl, r.model]),
      [
        ['claude-code', true, 'other', 'https://openrouter.ai/api', 'sonnet'],
        ['codex', true, 'none', null, 'o4-mini'],
        ['continue', true, 'other', 'https://openrouter.ai/api/v1', 'anthropic/claude-sonnet-4'],
        ['aider', true, 'other', 'https://openrouter.ai/api/v1', 'openrouter/anthropic/claude-sonnet-4'],
        ['llm', true, 'other', 'https://openrouter.ai/api/v1', 'anthropic/claude-sonnet-4'],
      ],
    );
    assert.deepEqual(reads[0].settings?.plainKey?.file, home.path('.claude/settings.json'));
    assert.deepEqual(reads[2].settings?.plainKey?.file, home.path('.continue/.env'));
    assert.deepEqual(reads[4].settings?.plainKey?.file, home.path('.config/io.datasette.llm/keys.json'));
  });

  it('set up for RutaAPI: rutaapi; a different key in the file makes it other', async () => {
    home = tempHome();
    home.write(
      '.claude/settings.json',
      `{"env": {"ANTHROPIC_BASE_URL": "https://api.rutaapi.com", "ANTHROPIC_AUTH_TOKEN": "${TARGET.key}"}}`,
    );
    assert.equal((await readTool('claude-code', { env: home.env, target: TARGET })).state, 'rutaapi');
    home.write(
      '.claude/settings.json',
      '{"env": {"ANTHROPIC_BASE_URL": "https://api.rutaapi.com", "ANTHROPIC_AUTH_TOKEN": "sk-rutaapi-other-11111111111111111111"}}',
    );
    assert.equal((await readTool('claude-code', { env: home.env, target: TARGET })).state, 'other');
    home.write(
      '.codex/config.toml',
      'model = "gpt-4.1"\nmodel_provider = "rutaapi"\n[model_providers.rutaapi]\nbase_url = "https://api.rutaapi.com/v1"\nenv_key = "RUTAAPI_API_KEY"\n',
    );
    const codex = await readTool('codex', { env: home.env, target: TARGET });
    assert.deepEqual(
      [codex.state, codex.baseUrl, codex.model, codex.settings?.keyVariable],
      ['rutaapi', 'https://api.rutaapi.com/v1', 'gpt-4.1', 'RUTAAPI_API_KEY'],
    );
  });

  it('malformed files: unreadable, naming the line, for each format', async () => {
    home = tempHome();
    home.write('.claude/settings.json', '{\n  "env": {\n    "A": "1",,\n  }\n}\n');
    home.write('.codex/config.toml', 'model = "x"\n\n[model_providers.rutaapi\nbase_url = "y"\n');
    home.write('.continue/config.yaml', 'name: a\nmodels:\n  - name: b\n   provider: openai\n');
    home.write('.aider.conf.yml', 'model: a\nmodel: b\n');
    home.write(
      '.config/io.datasette.llm/extra-openai-models.yaml',
      '- model_id: a\n  api_base: https://x.example/v1\n  api_key_name: rutaapi\n',
    );
    home.write('.config/io.datasette.llm/keys.json', '{"rutaapi": }');
    const reads = await readTools({ env: home.env, target: TARGET });
    assert.deepEqual(
      reads.map((r) => [r.tool, r.state, r.problem?.reason, r.problem?.line]),
      [
        ['claude-code', 'unreadable', 'syntax', 3],
        ['codex', 'unreadable', 'syntax', 3],
        ['continue', 'unreadable', 'syntax', 4],
        ['aider', 'unreadable', 'syntax', 2],
        ['llm', 'unreadable', 'syntax', 1],
      ],
    );
    assert.equal(reads[4].problem?.file, home.path('.config/io.datasette.llm/keys.json'));
    assert.match(reads[0].problem?.detail ?? '', /line 3/);
  });

  it('a config of the wrong shape or encoding is unreadable, not guessed at', async () => {
    home = tempHome();
    home.write('.claude/settings.json', '["not", "an", "object"]');
    home.write('.continue/config.yaml', 'models: 3\n');
    home.write('.aider.conf.yml', new Uint8Array([0x6d, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    const reads = await readTools({ env: home.env, target: TARGET });
    assert.deepEqual(
      reads.filter((r) => r.state === 'unreadable').map((r) => [r.tool, r.problem?.reason]),
      [
        ['claude-code', 'shape'],
        ['continue', 'shape'],
        ['aider', 'encoding'],
      ],
    );
  });

  it('follows the override variables (CODEX_HOME, CLAUDE_CONFIG_DIR, LLM_USER_PATH) and llm on macOS', async () => {
    home = tempHome();
    const env = { ...home.env, env: { CODEX_HOME: home.path('cx'), CLAUDE_CONFIG_DIR: home.path('cl'), LLM_USER_PATH: home.path('l') } };
    const reads = await readTools({ env, target: TARGET });
    assert.equal(reads[0].file, home.path('cl/settings.json'));
    assert.equal(reads[1].file, home.path('cx/config.toml'));
    assert.equal(reads[4].file, home.path('l/extra-openai-models.yaml'));
    const mac = await readTool('llm', { env: { ...home.env, platform: 'darwin' }, target: TARGET });
    assert.equal(mac.file, home.path('Library/Application Support/io.datasette.llm/extra-openai-models.yaml'));
  });
});
