/**
 * llm (Simon Willison's): `extra-openai-models.yaml` in llm's folder, a list of models, each
 * `model_id` (llm's name), `model_name` (the id sent), `api_base` and `api_key_name`. The key is
 * looked up in llm's `keys.json` under that name (`llm keys set rutaapi`), then in OPENAI_API_KEY.
 */
import { isMap, isSeq, YAMLMap, type Document } from 'yaml';
import { originOf, type ToolAdapter } from './adapter';
import { str } from './configError';
import { editJson, parseJsonObject } from './jsonConfig';
import { ConfigError } from './configError';
import { parseYaml, rootOf, yamlText } from './yamlConfig';

export const LLM_KEY_NAME = 'rutaapi';
const OURS = /^rutaapi-/;

function entries(doc: Document): YAMLMap[] {
  return isSeq(doc.contents) ? doc.contents.items.filter((item): item is YAMLMap => isMap(item)) : [];
}

const field = (entry: YAMLMap, key: string): string | undefined => str(entry.get(key));

function keys(text: string | undefined): Record<string, unknown> {
  try {
    return parseJsonObject(text);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.problem, true);
    throw error;
  }
}

export const llm: ToolAdapter = {
  tool: 'llm',
  keyStorages: ['file', 'environment'],
  keyVariable: 'OPENAI_API_KEY',
  read(texts, files, target) {
    const doc = parseYaml(texts.config);
    rootOf(doc, 'seq');
    const list = entries(doc);
    const origin = originOf(target);
    const entry =
      list.find((e) => origin !== undefined && originOf(field(e, 'api_base')) === origin) ??
      list.find((e) => OURS.test(field(e, 'model_id') ?? '')) ??
      list.find((e) => field(e, 'api_base') !== undefined);
    if (!entry) return {};
    const name = field(entry, 'api_key_name');
    const stored = name !== undefined ? str(keys(texts.secrets)[name]) : undefined;
    return {
      baseUrl: field(entry, 'api_base'),
      model: field(entry, 'model_name') ?? field(entry, 'model_id'),
      plainKey: stored !== undefined && files.secrets ? { text: stored, file: files.secrets } : undefined,
      keyVariable: stored === undefined ? 'OPENAI_API_KEY' : undefined,
    };
  },
  edit(texts, setup, _files, eol) {
    const doc = parseYaml(texts.config);
    if (!isSeq(doc.contents)) doc.contents = doc.createNode([]) as unknown as typeof doc.contents;
    const list = entries(doc);
    const id = `rutaapi-${setup.model}`;
    for (const e of list) if (OURS.test(field(e, 'model_id') ?? '')) e.set('api_base', setup.baseUrl);
    const entry = list.find((e) => field(e, 'model_id') === id);
    if (entry) {
      entry.set('model_name', setup.model);
      entry.set('api_key_name', LLM_KEY_NAME);
    } else {
      const node = doc.createNode({ model_id: id, model_name: setup.model, api_base: setup.baseUrl, api_key_name: LLM_KEY_NAME });
      (doc.contents as unknown as { add(node: unknown): void }).add(node);
    }
    const stored = keys(texts.secrets)[LLM_KEY_NAME];
    const secrets =
      setup.key.storage === 'file'
        ? editJson(texts.secrets, [{ path: [LLM_KEY_NAME], value: setup.key.key }])
        : stored !== undefined
          ? editJson(texts.secrets, [{ path: [LLM_KEY_NAME], value: undefined }])
          : undefined;
    return { config: yamlText(doc, eol, texts.config), secrets };
  },
};
