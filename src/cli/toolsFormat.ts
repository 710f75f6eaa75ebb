// Output of `doctor tools`: the --json contract (docs/DOCTOR-JSON.md, "doctor tools") and the
// human list, one block per tool with its findings. Text from the configs is shown inert; a key
// appears as its prefix at most (the caller scrubs the whole text too).
import { t } from '../core/l10n';
import { inertForTerminal } from '../core/inertText';
import { echoBaseUrlInput } from '../core/inputEcho';
import type { ToolsCheck } from '../core/tools/toolCheck';
import type { ToolFinding, ToolName, ToolState } from '../core/tools/types';
import type { Severity } from '../core/types';
import { escapeJsonInvisibles, type Style } from './format';

interface ToolsJson {
  ok: boolean;
  tools: Array<{
    name: ToolName;
    file: string;
    found: boolean;
    state: ToolState;
    baseUrl: string | null;
    model: string | null;
    findings: Array<{ code: string; severity: Severity; detail: string }>;
  }>;
}

export function toolsJson(check: ToolsCheck): ToolsJson {
  return {
    ok: check.ok,
    tools: check.tools.map(({ read, findings }) => ({
      name: read.tool,
      file: read.file,
      found: read.found,
      state: read.state,
      baseUrl: read.baseUrl !== null ? echoBaseUrlInput(read.baseUrl) : null,
      model: read.model,
      findings: findings.map((f) => ({ code: f.code, severity: f.severity, detail: f.detail })),
    })),
  };
}

export function renderToolsJson(json: ToolsJson): string {
  return escapeJsonInvisibles(JSON.stringify(json, null, 2));
}

const inert = (text: unknown): string => inertForTerminal(text);

const STATE: Record<ToolState, () => string> = {
  rutaapi: () => t('set up for this RutaAPI key and URL'),
  other: () => t('set up for another gateway or key'),
  none: () => t('not set up'),
  unreadable: () => t('config unreadable'),
};

function mark(severity: Severity, style: Style): string {
  return severity === 'error' ? style.bad('✗') : severity === 'warning' ? style.warn('!') : style.dim('i');
}

function findingLines(f: ToolFinding, style: Style): string[] {
  const lines = [`    ${mark(f.severity, style)} ${inert(f.detail)} ${style.dim(`[${inert(f.code)}]`)}`];
  if (f.fix !== undefined) lines.push(`        → ${t('Use')}: ${inert(f.fix)}`);
  return lines;
}

export function renderToolsHuman(check: ToolsCheck, checkedWith: string, style: Style): string {
  const out = [style.bold(t('RutaAPI doctor: other tools')), `  ${t('Checked against')}  ${inert(checkedWith)}`, ''];
  for (const { read, findings } of check.tools) {
    out.push(`${style.bold(read.tool)}  ${read.found ? STATE[read.state]() : t('no config')}`, `    ${inert(read.file)}`);
    if (read.baseUrl !== null) out.push(`    ${t('Base URL')}  ${inert(echoBaseUrlInput(read.baseUrl))}`);
    if (read.model !== null) out.push(`    ${t('Model')}     ${inert(read.model)}`);
    for (const f of findings) out.push(...findingLines(f, style));
    out.push('');
  }
  out.push(
    check.ok
      ? `${style.ok('✓')} ${style.bold(t('No errors in the tools set up here.'))}`
      : `${style.bad('✗')} ${style.bold(t('Fix the lines marked ✗ in those files, then run this again.'))}`,
  );
  return `${out.join('\n')}\n`;
}
