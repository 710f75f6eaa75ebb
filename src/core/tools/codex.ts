/**
 * Codex CLI: `~/.codex/config.toml`. RutaAPI is a provider table of its own
 * (`[model_providers.rutaapi]`: overriding the built-in `openai` provider is ignored) that speaks
 * the Responses API (`wire_api = "responses"`; "chat" is refused by current Codex) and reads the
 * key from `RUTAAPI_API_KEY`, the variable the terminal environment sets: no key in the file.
 */
import type { ToolAdapter } from './adapter';
import { isRecord, str } from './configError';
import { editToml, parseToml } from './tomlConfig';

export const CODEX_PROVIDER = 'rutaapi';

export const codex: ToolAdapter = {
  tool: 'codex',
  keyStorages: ['environment'],
  keyVariable: 'RUTAAPI_API_KEY',
  read(texts, files) {
    const config = parseToml(texts.config);
    const name = str(config.model_provider);
    const providers = isRecord(config.model_providers) ? config.model_providers : {};
    const provider = name !== undefined && isRecord(providers[name]) ? providers[name] : undefined;
    const token = str(provider?.experimental_bearer_token);
    return {
      baseUrl: str(provider?.base_url),
      model: str(config.model),
      wireApi: str(provider?.wire_api),
      keyVariable: str(provider?.env_key),
      plainKey: token !== undefined ? { text: token, file: files.config } : undefined,
    };
  },
  edit(texts, setup, _files, eol) {
    const table = ['model_providers', CODEX_PROVIDER];
    const config = editToml(
      texts.config,
      [
        { table: [], key: 'model', value: setup.model },
        { table: [], key: 'model_provider', value: CODEX_PROVIDER },
        { table, key: 'name', value: 'RutaAPI' },
        { table, key: 'base_url', value: setup.baseUrl },
        { table, key: 'env_key', value: 'RUTAAPI_API_KEY' },
        { table, key: 'wire_api', value: 'responses' },
      ],
      eol,
    );
    return { config };
  },
};
