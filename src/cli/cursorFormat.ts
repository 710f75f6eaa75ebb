// Output of `doctor cursor`: the --json contract (docs/DOCTOR-JSON.md, "doctor cursor") and the
// human checklist, one line per finding with its fix. Every string from Cursor's database or the
// network is shown inert; a key appears as its prefix at most.
import { t } from '../core/l10n';
import { keyPrefix } from '../core/apiKey';
import { inertForTerminal } from '../core/inertText';
import { echoBaseUrlInput } from '../core/inputEcho';
import type { CursorCheck } from '../core/cursor/check';
import type { CursorFinding, CursorRead } from '../core/cursor/types';
import type { Severity } from '../core/types';
import { escapeJsonInvisibles, type Style } from './format';

const inert = (text: unknown): string => inertForTerminal(text);

interface CursorJson {
  ok: boolean;
  cursor: {
    stateDb: string;
    readable: boolean;
    useOpenAIKey: boolean | null;
    baseUrl: string | null;
    key: 'plain' | 'encrypted' | 'none' | null;
    keyRedacted: string | null;
    models: string[];
    enabledModels: string[];
  };
  findings: Array<{ code: string; severity: Severity; detail: string; fix?: string }>;
  models: string[];
}

export function cursorJson(stateDb: string, read: CursorRead, check: CursorCheck): CursorJson {
  const s = read.status === 'ok' ? read.settings : undefined;
  return {
    ok: check.ok,
    cursor: {
      stateDb,
      readable: read.status === 'ok',
      useOpenAIKey: s ? s.useOpenAIKey === true : null,
      baseUrl: s?.baseUrl !== undefined ? echoBaseUrlInput(s.baseUrl) : null,
      key: s ? (s.plainKey !== undefined ? 'plain' : s.encryptedKey ? 'encrypted' : 'none') : null,
      keyRedacted: s?.plainKey !== undefined ? keyPrefix(s.plainKey.trim()) : null,
      models: s ? [...s.models] : [],
      enabledModels: s ? [...s.enabledModels] : [],
    },
    findings: check.findings.map((f) => (f.fix === undefined ? { code: f.code, severity: f.severity, detail: f.detail } : { ...f })),
    models: [...check.models],
  };
}

export function renderCursorJson(json: CursorJson): string {
  return escapeJsonInvisibles(JSON.stringify(json, null, 2));
}

function mark(severity: Severity, style: Style): string {
  return severity === 'error' ? style.bad('✗') : severity === 'warning' ? style.warn('!') : style.dim('i');
}

function findingLines(f: CursorFinding, style: Style): string[] {
  const lines = [`  ${mark(f.severity, style)} ${inert(f.detail)} ${style.dim(`[${inert(f.code)}]`)}`];
  if (f.fix !== undefined) lines.push(`      → ${t('Copy into Cursor')}: ${inert(f.fix)}`);
  return lines;
}

function settingsLines(json: CursorJson): string[] {
  const c = json.cursor;
  const none = '—';
  const key = c.key === 'plain' ? `${inert(c.keyRedacted)} (${t('plain text')})` : c.key === 'encrypted' ? t('(encrypted)') : none;
  const enabled = c.models.map((m) => (c.enabledModels.includes(m) ? inert(m) : `${inert(m)} (${t('off')})`));
  return [
    `  ${t('OpenAI API Key switch')}  ${c.useOpenAIKey ? t('on') : t('off')}`,
    `  ${t('Base URL')}   ${c.baseUrl !== null ? inert(c.baseUrl) || none : none}`,
    `  ${t('API key')}    ${key}`,
    `  ${t('Models')}     ${enabled.join(', ') || none}`,
  ];
}

export function renderCursorHuman(json: CursorJson, checkedWith: string, style: Style): string {
  const out = [style.bold(t('RutaAPI doctor: Cursor')), `  ${t('Settings')}   ${inert(json.cursor.stateDb)}`];
  if (json.cursor.readable) out.push(...settingsLines(json));
  out.push(`  ${t('Checked against')}  ${inert(checkedWith)}`, '');
  for (const f of json.findings) out.push(...findingLines(f as CursorFinding, style));
  if (json.findings.length > 0) out.push('');
  out.push(
    json.ok
      ? `${style.ok('✓')} ${style.bold(t("No errors in Cursor's model settings."))}`
      : `${style.bad('✗')} ${style.bold(t('Fix the lines marked ✗ in Cursor Settings → Models, then run this again.'))}`,
  );
  if (json.models.length > 0) out.push(t('Model ids this key can use: {0}', json.models.slice(0, 20).map(inert).join(', ')));
  return `${out.join('\n')}\n`;
}
