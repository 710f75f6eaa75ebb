/**
 * Continue: `~/.continue/config.yaml`, one entry in `models` (provider `openai`, `apiBase`). The
 * key goes by reference, `${{ secrets.RUTAAPI_API_KEY }}`, which Continue resolves from its own
 * `~/.continue/.env` (not from the process environment), so the key itself is written there.
 */
import { isMap, isScalar, isSeq, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { t } from '../l10n';
import { originOf, type ToolAdapter } from './adapter';
import { ConfigError, str } from './configError';
import { readDotEnv, setDotEnv } from './dotEnv';
import { parseYaml, rootOf, yamlText } from './yamlConfig';

export const CONTINUE_SECRET = 'RUTAAPI_API_KEY';
const SECRET_REF = /^\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

function models(doc: Document): YAMLMap[] {
  const list = doc.get('models', true);
  if (list === undefined || list === null || (isScalar(list) && list.value === null)) return [];
  if (!isSeq(list)) throw new ConfigError({ reason: 'shape', detail: t('"models" in config.yaml is not a list.') });
  return list.items.filter((item): item is YAMLMap => isMap(item));
}

const field = (entry: YAMLMap, key: string): string | undefined => str(entry.get(key));

/** RutaAPI's entry: the one at the target's origin, else one named "RutaAPI…", else the first with an apiBase. */
function ourEntry(entries: readonly YAMLMap[], target: string | undefined): YAMLMap | undefined {
  const origin = originOf(target);
  return (
    entries.find((e) => origin !== undefined && originOf(field(e, 'apiBase')) === origin) ??
    entries.find((e) => /^rutaapi\b/i.test(field(e, 'name') ?? ''))
  );
}

export const continueDev: ToolAdapter = {
  tool: 'continue',
  keyStorages: ['file'],
  keyVariable: CONTINUE_SECRET,
  read(texts, files, target) {
    const doc = parseYaml(texts.config);
    rootOf(doc, 'map');
    const entries = models(doc);
    const entry = ourEntry(entries, target) ?? entries.find((e) => field(e, 'apiBase') !== undefined);
    if (!entry) return {};
    const apiKey = field(entry, 'apiKey');
    const secret = apiKey !== undefined ? SECRET_REF.exec(apiKey.trim())?.[1] : undefined;
    const fromEnv = secret !== undefined ? readDotEnv(texts.secrets, secret) : undefined;
    const plain =
      secret !== undefined
        ? fromEnv !== undefined && files.secrets
          ? { text: fromEnv, file: files.secrets }
          : undefined
        : apiKey !== undefined
          ? { text: apiKey, file: files.config }
          : undefined;
    return { baseUrl: field(entry, 'apiBase'), model: field(entry, 'model'), plainKey: plain, keyVariable: secret };
  },
  edit(texts, setup, _files, eol) {
    const doc = parseYaml(texts.config);
    if (doc.contents === null || doc.contents === undefined) {
      doc.contents = doc.createNode({ name: 'Local Config', version: '1.0.0', schema: 'v1' }) as unknown as typeof doc.contents;
    }
    const entry = ourEntry(models(doc), setup.baseUrl);
    const values = {
      name: `RutaAPI ${setup.model}`,
      provider: 'openai',
      model: setup.model,
      apiBase: setup.baseUrl,
      apiKey: `\${{ secrets.${CONTINUE_SECRET} }}`,
    };
    if (entry) {
      for (const [key, value] of Object.entries(values)) entry.set(key, value);
    } else {
      const node = doc.createNode({ ...values, roles: ['chat', 'edit', 'apply'] });
      const list = doc.get('models', true);
      if (isSeq(list)) (list as YAMLSeq).add(node);
      else doc.set('models', doc.createNode([node]));
    }
    const config = yamlText(doc, eol, texts.config);
    const secrets = setup.key.storage === 'file' ? setDotEnv(texts.secrets, CONTINUE_SECRET, setup.key.key, eol) : undefined;
    return { config, secrets };
  },
};
