/**
 * YAML configs (Continue, aider, llm) through the `yaml` package's Document API: the document keeps
 * its comments, key order and scalar styles, and only the nodes set here change.
 */
import { Document, isMap, isSeq, parseDocument } from 'yaml';
import { t } from '../l10n';
import { ConfigError } from './configError';

/** The parsed document; an empty or missing file is an empty document. Throws ConfigError with the line. */
export function parseYaml(text: string | undefined): Document {
  if (text === undefined || text.trim() === '') return new Document();
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new ConfigError({
      reason: 'syntax',
      line,
      detail: line !== undefined ? t('The YAML is not valid on line {0}.', line) : t('The YAML is not valid.'),
    });
  }
  return doc;
}

/** The document's root as a map or a list, or a ConfigError when it is something else. */
export function rootOf(doc: Document, expected: 'map' | 'seq'): void {
  const contents = doc.contents;
  if (contents === null || contents === undefined) return;
  if (expected === 'map' ? isMap(contents) : isSeq(contents)) return;
  throw new ConfigError({
    reason: 'shape',
    detail: expected === 'map' ? t('The file does not hold a YAML mapping.') : t('The file does not hold a YAML list.'),
  });
}

/** The document as text; long lines are not folded, so a value stays on its line. */
export function yamlText(doc: Document): string {
  return doc.toString({ lineWidth: 0 });
}
