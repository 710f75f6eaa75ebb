/**
 * Codex's config.toml: parsed with smol-toml (its errors name the line) and edited as text, line by
 * line: a value is replaced where it stands (its trailing comment kept), a missing key goes after
 * the last line of its table, a missing table at the end. Every edit is parsed again and compared
 * with what it should mean; a layout this cannot edit safely (a multi-line value, a table written
 * inline or as dotted keys) is refused, never rewritten.
 */
import { parse, TomlError } from 'smol-toml';
import { t } from '../l10n';
import { ConfigError, isRecord } from './configError';

export function parseToml(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    throw new ConfigError({
      reason: 'syntax',
      line,
      detail: line !== undefined ? t('The TOML is not valid on line {0}.', line) : t('The TOML is not valid.'),
    });
  }
}

export interface TomlChange {
  /** The table's path; [] for the top level. */
  table: readonly string[];
  key: string;
  value: string;
}

const HEADER = /^\s*\[(\[?)\s*(.*?)\s*\]\]?\s*(#.*)?$/;

/** `model_providers."rutaapi"` → ['model_providers', 'rutaapi']. */
function headerPath(inner: string): string[] {
  return (inner.match(/"(?:[^"\\]|\\.)*"|'[^']*'|[^.]+/g) ?? []).map((p) => p.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2'));
}

interface Line {
  text: string;
  eol: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const m of text.matchAll(/([^\r\n]*)(\r\n|\n|$)/g)) {
    if (m[0] === '' && m.index === text.length) break;
    lines.push({ text: m[1], eol: m[2] });
  }
  return lines;
}

/** [start, end) of the section for `table` ([] = top level), or undefined when it has no `[table]` header. */
function sectionOf(lines: readonly Line[], table: readonly string[]): [number, number] | undefined {
  let start = table.length === 0 ? 0 : -1;
  for (let i = 0; i < lines.length; i++) {
    const m = HEADER.exec(lines[i].text);
    if (!m) continue;
    if (start >= 0) return [start, i];
    if (m[1] === '' && headerPath(m[2]).join('\u0000') === table.join('\u0000')) start = i + 1;
  }
  return start >= 0 ? [start, lines.length] : undefined;
}

const escapeKey = (key: string): string => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The end of the value that starts `rest` (a one-line string or a bare value), or undefined for a multi-line one. */
function valueEnd(rest: string): number | undefined {
  if (rest.startsWith('"""') || rest.startsWith("'''")) return undefined;
  if (rest.startsWith('"')) {
    for (let i = 1; i < rest.length; i++) {
      if (rest[i] === '\\') i += 1;
      else if (rest[i] === '"') return i + 1;
    }
    return undefined;
  }
  if (rest.startsWith("'")) {
    const end = rest.indexOf("'", 1);
    return end < 0 ? undefined : end + 1;
  }
  if (rest.startsWith('[') || rest.startsWith('{')) return undefined;
  const hash = rest.indexOf('#');
  return (hash < 0 ? rest : rest.slice(0, hash)).trimEnd().length;
}

function unsafe(): ConfigError {
  return new ConfigError({
    reason: 'shape',
    detail: t(
      'This config is laid out in a way that cannot be edited safely here (a multi-line value, or a table written inline). Edit it by hand.',
    ),
  });
}

/** Replaces the key's value in place, or undefined when the section has no such key. */
function replaceValue(lines: Line[], [from, to]: [number, number], key: string, value: string): boolean {
  const re = new RegExp(`^(\\s*)(${escapeKey(key)}|"${escapeKey(key)}"|'${escapeKey(key)}')(\\s*=\\s*)(.*)$`);
  for (let i = from; i < to; i++) {
    const m = re.exec(lines[i].text);
    if (!m) continue;
    const end = valueEnd(m[4]);
    if (end === undefined) throw unsafe();
    lines[i] = { ...lines[i], text: `${m[1]}${m[2]}${m[3]}${value}${m[4].slice(end)}` };
    return true;
  }
  return false;
}

const isContent = (text: string): boolean => text.trim() !== '' && !text.trim().startsWith('#');

/** Where a new key of the section goes: after its last content line (or, at the top, before a header's own comments). */
function insertAt(lines: readonly Line[], [from, to]: [number, number], topLevel: boolean): number {
  for (let i = to - 1; i >= from; i--) if (isContent(lines[i].text)) return i + 1;
  if (!topLevel) return from;
  for (let i = to - 1; i >= from; i--) if (lines[i].text.trim() === '') return i + 1;
  return from;
}

function applyChange(lines: Line[], change: TomlChange, eol: string): void {
  const literal = JSON.stringify(change.value);
  const section = sectionOf(lines, change.table);
  if (!section) {
    const last = lines[lines.length - 1];
    if (last && last.eol === '') lines[lines.length - 1] = { ...last, eol };
    if (lines.length > 0 && lines[lines.length - 1].text.trim() !== '') lines.push({ text: '', eol });
    lines.push({ text: `[${change.table.join('.')}]`, eol }, { text: `${change.key} = ${literal}`, eol });
    return;
  }
  if (replaceValue(lines, section, change.key, literal)) return;
  const at = insertAt(lines, section, change.table.length === 0);
  if (at > 0 && lines[at - 1].eol === '') lines[at - 1] = { ...lines[at - 1], eol };
  const header = change.table.length === 0 && at < lines.length && HEADER.test(lines[at].text);
  lines.splice(at, 0, { text: `${change.key} = ${literal}`, eol }, ...(header ? [{ text: '', eol }] : []));
}

function setIn(target: Record<string, unknown>, change: TomlChange): void {
  let node = target;
  for (const part of change.table) {
    if (!isRecord(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[change.key] = change.value;
}

/** The value with its keys sorted and dates as text, so two configs compare by meaning, not by order. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical(value[k])]),
  );
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** The text with the changes made; the result is checked to mean exactly the old config plus the changes. */
export function editToml(text: string | undefined, changes: readonly TomlChange[], eol: string): string {
  const source = text ?? '';
  const expected = parseToml(source);
  const lines = splitLines(source);
  for (const change of changes) {
    applyChange(lines, change, eol);
    setIn(expected, change);
  }
  const last = lines[lines.length - 1];
  if (text === undefined && last) lines[lines.length - 1] = { ...last, eol };
  const out = lines.map((l) => l.text + l.eol).join('');
  let actual: Record<string, unknown>;
  try {
    actual = parseToml(out);
  } catch {
    throw unsafe();
  }
  if (!sameValue(actual, expected)) throw unsafe();
  return out;
}
