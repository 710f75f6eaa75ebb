/**
 * aider: `~/.aider.conf.yml`, `openai-api-base` and `model: openai/<id>` (the `openai/` prefix makes
 * aider speak OpenAI's API to the Base URL). The key comes from OPENAI_API_KEY (the terminal
 * environment sets it) or, when asked for, `openai-api-key` in the file.
 */
import type { ToolAdapter } from './adapter';
import { str } from './configError';
import { parseYaml, rootOf, yamlText } from './yamlConfig';

/** The id aider sends: `openai/gpt-4.1` → `gpt-4.1`. */
export function aiderModelId(model: string | undefined): string | undefined {
  return model?.replace(/^openai\//, '');
}

export const aider: ToolAdapter = {
  tool: 'aider',
  keyStorages: ['environment', 'file'],
  keyVariable: 'OPENAI_API_KEY',
  read(texts, files) {
    const doc = parseYaml(texts.config);
    rootOf(doc, 'map');
    const key = str(doc.get('openai-api-key'));
    return {
      baseUrl: str(doc.get('openai-api-base')),
      model: str(doc.get('model')),
      plainKey: key !== undefined ? { text: key, file: files.config } : undefined,
      keyVariable: key === undefined ? 'OPENAI_API_KEY' : undefined,
    };
  },
  edit(texts, setup, _files, eol) {
    const doc = parseYaml(texts.config);
    doc.set('openai-api-base', setup.baseUrl);
    doc.set('model', `openai/${setup.model}`);
    if (setup.key.storage === 'file') doc.set('openai-api-key', setup.key.key);
    else if (doc.has('openai-api-key')) doc.delete('openai-api-key');
    return { config: yamlText(doc, eol, texts.config) };
  },
};
