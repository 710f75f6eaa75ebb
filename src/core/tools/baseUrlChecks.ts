/**
 * A tool's Base URL through the engine's analysis, from the config's text alone. The tools use the
 * text exactly as written, so what the panel corrects silently is a mistake here; and each tool
 * has its own rule for `/v1`: Claude Code adds `/v1/messages` itself (no `/v1` in its Base URL),
 * the others add `/chat/completions` or `/responses` to a root that must end in `/v1`.
 */
import { t } from '../l10n';
import { RUTAAPI_API_HOST } from '../constants';
import { analyzeBaseUrl, withV1 } from '../baseUrl';
import { asTypedSeverity } from '../baseUrlAsTyped';
import { originOf } from './adapter';
import { withoutV1 } from './claudeCode';
import type { ToolFinding, ToolName } from './types';

/** Notes about the panel's own handling (and `/v1`, which has the tool's own finding). */
const NOT_FOR_TOOLS: ReadonlySet<string> = new Set(['used_as_entered', 'local_address', 'uppercase_host', 'empty', 'missing_v1']);

function pathEndsInV1(url: string): boolean {
  try {
    return /\/v1$/i.test(new URL(url).pathname.replace(/\/+$/, ''));
  } catch {
    return false;
  }
}

function v1Finding(tool: ToolName, normalized: string, expected: string): ToolFinding | undefined {
  if (tool === 'claude-code') {
    if (!pathEndsInV1(normalized)) return undefined;
    const fix = withoutV1(normalized);
    return {
      code: 'tool_base_url_has_v1',
      severity: 'error',
      detail: t(
        'Claude Code adds /v1/messages to ANTHROPIC_BASE_URL itself, so a Base URL ending in /v1 asks for /v1/v1/messages. Use {0}.',
        fix,
      ),
      fix,
    };
  }
  if (pathEndsInV1(normalized)) return undefined;
  const fix = withV1(normalized);
  const ours = originOf(normalized) === originOf(expected) || new URL(normalized).hostname === RUTAAPI_API_HOST;
  return {
    code: 'tool_base_url_missing_v1',
    severity: ours ? 'error' : 'warning',
    detail: t(
      'The Base URL has no /v1 at the end, and this tool adds only the endpoint (/chat/completions, /responses) to it. Use {0}.',
      fix,
    ),
    fix,
  };
}

/** The findings on the Base URL text of a tool's config; `expected` is the RutaAPI Base URL checked against. */
export function baseUrlChecks(tool: ToolName, text: string, expected: string): ToolFinding[] {
  // Claude Code's root has no /v1: analyse it as the API root it stands for.
  const analysis = analyzeBaseUrl(tool === 'claude-code' && !pathEndsInV1(text.trim()) ? withV1(text) : text);
  const findings: ToolFinding[] = [];
  for (const f of analysis.findings) {
    if (NOT_FOR_TOOLS.has(f.code)) continue;
    const fix = f.suggestedUrl !== undefined && tool === 'claude-code' ? withoutV1(f.suggestedUrl) : f.suggestedUrl;
    const finding: ToolFinding = { code: f.code, severity: asTypedSeverity(f), detail: f.message };
    findings.push(fix !== undefined ? { ...finding, fix } : finding);
  }
  if (analysis.normalized) {
    const v1 = v1Finding(tool, tool === 'claude-code' ? text.trim() : analysis.normalized, expected);
    if (v1) findings.push(v1);
  }
  return findings;
}
