/**
 * JSON configs (Claude Code's settings.json, llm's keys.json) read and edited with jsonc-parser:
 * an edit changes only the property it names, so comments, order and indentation stay as they were.
 */
// The ES module build: the package's main entry is a UMD wrapper whose require() calls esbuild cannot follow.
import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parse,
  parseTree,
  printParseErrorCode,
  type FormattingOptions,
  type ParseError,
} from 'jsonc-parser/lib/esm/main.js';
import { t } from '../l10n';
import { ConfigError, eolOf, isRecord, lineAt } from './configError';

/** The file's object; an empty file is `{}`. Throws ConfigError naming the line of a syntax error. */
export function parseJsonObject(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const line = lineAt(text, errors[0].offset);
    throw new ConfigError({
      reason: 'syntax',
      line,
      detail: t('The JSON is not valid on line {0} ({1}).', line, printParseErrorCode(errors[0].error)),
    });
  }
  if (!isRecord(value)) throw new ConfigError({ reason: 'shape', detail: t('The file does not hold a JSON object.') });
  return value;
}

function formatting(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  const tabs = indent?.startsWith('\t') === true;
  return { insertSpaces: !tabs, tabSize: tabs ? 1 : (indent?.length ?? 2), eol: eolOf(text) };
}

export interface JsonChange {
  path: string[];
  /** undefined removes the property. */
  value: string | undefined;
}

/** The text with each change applied in place; a new file gets two-space indentation and a final newline. */
export function editJson(text: string | undefined, changes: readonly JsonChange[]): string {
  const fresh = text === undefined || text.trim() === '';
  let out = fresh ? '{}' : text;
  const options = formatting(fresh ? '' : text);
  for (const change of changes) {
    if (change.value === undefined && !hasPath(out, change.path)) continue;
    const removed = change.value === undefined ? removeLine(out, change.path) : undefined;
    out = removed ?? applyEdits(out, modify(out, change.path, change.value, { formattingOptions: options }));
  }
  return fresh ? `${out}${options.eol}` : out;
}

function hasPath(text: string, path: readonly string[]): boolean {
  let node: unknown = parse(text, [], { allowTrailingComma: true });
  for (const part of path) {
    if (!isRecord(node) || !Object.prototype.hasOwnProperty.call(node, part)) return false;
    node = node[part];
  }
  return true;
}

/**
 * Removes a property that stands on a line of its own by removing that line (and, when it was the
 * last property, the comma before it), so a comment on a neighbouring line stays; undefined when the
 * layout is any other, and jsonc-parser's own removal is used.
 */
function removeLine(text: string, path: readonly string[]): string | undefined {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const property = tree ? findNodeAtLocation(tree, [...path])?.parent : undefined;
  const object = property?.parent;
  if (!property || property.type !== 'property' || !object) return undefined;
  const start = text.lastIndexOf('\n', property.offset - 1) + 1;
  const after = /^[ \t]*(,?)[ \t]*(\r?\n)/.exec(text.slice(property.offset + property.length));
  if (text.slice(start, property.offset).trim() !== '' || !after) return undefined;
  const end = property.offset + property.length + after[0].length;
  const siblings = object.children ?? [];
  const index = siblings.indexOf(property);
  if (after[1] === ',' || index === 0) return text.slice(0, start) + text.slice(end);
  // The last property: drop the comma that followed the one before it.
  const previous = siblings[index - 1];
  const from = previous.offset + previous.length;
  const comma = text.indexOf(',', from);
  if (comma < 0 || comma > start) return undefined;
  return text.slice(0, comma) + text.slice(comma + 1, start) + text.slice(end);
}
