/**
 * YAML configs (Continue, aider, llm) through the `yaml` package's Document API: the document keeps
 * its comments, key order and scalar styles, and only the nodes set here change.
 */
import { Document, isMap, isSeq, parseDocument } from 'yaml';
import { t } from '../l10n';
import { ConfigError } from './configError';
import { lines, operations } from './diff';

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

const OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/**
 * The edited document as text, changed only where the edit changed it. The yaml package prints a
 * whole document in its own style (one space before a comment, its own quotes), so the lines it
 * prints for the unedited document are compared with those for the edited one, and only the lines
 * that differ replace the file's own: every other line stays exactly as written. When printing
 * changed the number of lines (a multi-line scalar refolded), the printed document is used as is.
 */
export function yamlText(doc: Document, eol: string, original: string | undefined): string {
  const printed = doc.toString(OPTIONS);
  let out = printed;
  if (original !== undefined && original.trim() !== '') {
    const source = lines(original.replace(/\r\n/g, '\n'));
    const before = lines(parseYaml(original).toString(OPTIONS));
    if (before.length === source.length) {
      let i = 0;
      const kept: string[] = [];
      for (const op of operations(before, lines(printed))) {
        if (op.kind === ' ') kept.push(source[i++]);
        else if (op.kind === '-') i++;
        else kept.push(op.text);
      }
      out = `${kept.join('\n')}\n`;
    }
  }
  return eol === '\n' ? out : out.replace(/\n/g, eol);
}
