// Issue 21, item 2 (core): the TOML edit keeps comments and refuses what it cannot edit safely;
// the models offered per tool follow supported_endpoint_types.
import * as assert from 'node:assert/strict';
import { editToml } from '../../../src/core/tools/tomlConfig';
import { ConfigError } from '../../../src/core/tools/configError';
import { modelsForTool } from '../../../src/core/tools/toolModels';

const RUTAAPI = ['model_providers', 'rutaapi'];

describe('tools: the Codex TOML edit', () => {
  it('replaces values in place (comments after them kept) and adds missing keys after the last line of their table', () => {
    const before = [
      '# top comment',
      'model = "o3"   # mine',
      '',
      '[model_providers.rutaapi] # RutaAPI',
      'name = "RutaAPI"',
      'base_url = "https://old.example/v1" # old',
      'wire_api = "chat"',
      'query_params = { a = "1" }',
      '# trailing comment of the table',
      '',
      '[profiles.x]',
      'model = "y"',
      '',
    ].join('\n');
    const after = editToml(
      before,
      [
        { table: [], key: 'model', value: 'gpt-4.1' },
        { table: [], key: 'model_provider', value: 'rutaapi' },
        { table: RUTAAPI, key: 'base_url', value: 'https://api.rutaapi.com/v1' },
        { table: RUTAAPI, key: 'env_key', value: 'RUTAAPI_API_KEY' },
        { table: RUTAAPI, key: 'wire_api', value: 'responses' },
      ],
      '\n',
    );
    assert.equal(
      after,
      [
        '# top comment',
        'model = "gpt-4.1"   # mine',
        'model_provider = "rutaapi"',
        '',
        '[model_providers.rutaapi] # RutaAPI',
        'name = "RutaAPI"',
        'base_url = "https://api.rutaapi.com/v1" # old',
        'wire_api = "responses"',
        'query_params = { a = "1" }',
        'env_key = "RUTAAPI_API_KEY"',
        '# trailing comment of the table',
        '',
        '[profiles.x]',
        'model = "y"',
        '',
      ].join('\n'),
    );
  });

  it('refuses a table written inline or a multi-line value instead of rewriting it', () => {
    const inline = 'model_providers = { rutaapi = { base_url = "x" } }\n';
    assert.throws(() => editToml(inline, [{ table: RUTAAPI, key: 'base_url', value: 'y' }], '\n'), ConfigError);
    const multi = 'model = """\nlong\n"""\n';
    assert.throws(() => editToml(multi, [{ table: [], key: 'model', value: 'y' }], '\n'), ConfigError);
  });

  it('escapes what it writes, and a CRLF file stays CRLF', () => {
    const after = editToml('a = 1\r\n', [{ table: [], key: 'model', value: 'we"ird\\id' }], '\r\n');
    assert.equal(after, 'a = 1\r\nmodel = "we\\"ird\\\\id"\r\n');
  });
});

describe('tools: models offered per protocol', () => {
  const ids = ['gpt-4.1', 'claude-sonnet-4', 'codex-mini', 'text-embedding-3-small', 'unlabelled'];
  const endpoints = {
    'gpt-4.1': ['openai', 'openai-response'],
    'claude-sonnet-4': ['anthropic', 'openai'],
    'codex-mini': ['openai-response'],
    'text-embedding-3-small': ['embeddings'],
  };
  it('Claude Code gets anthropic models, Codex openai-response, the others openai', () => {
    assert.deepEqual(modelsForTool('claude-code', ids, endpoints), { models: ['claude-sonnet-4', 'unlabelled'], unfiltered: false });
    assert.deepEqual(modelsForTool('codex', ids, endpoints).models, ['gpt-4.1', 'codex-mini', 'unlabelled']);
    for (const tool of ['continue', 'aider', 'llm'] as const) {
      assert.deepEqual(modelsForTool(tool, ids, endpoints).models, ['gpt-4.1', 'claude-sonnet-4', 'unlabelled']);
    }
  });
  it('a gateway without the field: every model, marked unfiltered (the host warns)', () => {
    assert.deepEqual(modelsForTool('codex', ids, undefined), { models: ids, unfiltered: true });
    assert.deepEqual(modelsForTool('claude-code', ids, {}), { models: ids, unfiltered: true });
  });
});
