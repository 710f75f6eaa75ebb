/**
 * Cursor's `openAIBaseUrl` through the engine's Base URL analysis. Cursor uses the text exactly as
 * typed and appends `/chat/completions`, so what the panel corrects silently (a pasted endpoint, a
 * missing `/v1` on RutaAPI's host, a missing scheme, spaces) is a mistake here; and Cursor's
 * servers send the requests, so a local or private address cannot work at all.
 */
import { t } from '../l10n';
import { RUTAAPI_BASE_URL } from '../constants';
import { analyzeBaseUrl, isLoopbackHost, isPrivateHost } from '../baseUrl';
import { diagnosePreflight } from '../diagnosis';
import { asTypedSeverity } from '../baseUrlAsTyped';
import type { BaseUrlFinding, Severity } from '../types';
import type { CursorFinding } from './types';

/** A key-shaped placeholder, so the preflight judges the URL alone. Never sent anywhere. */
const PLACEHOLDER_KEY = { cleaned: 'sk-placeholder-0000000000000000', redacted: '', findings: [] };

/** What those findings mean in Cursor, which changes nothing it was given (the engine's sentences say what the panel did). */
const CURSOR_DETAIL: Partial<Record<BaseUrlFinding['code'], (fix: string) => string>> = {
  endpoint_as_base_url: (fix) =>
    t('Cursor adds /chat/completions to the Base URL itself, so a Base URL that already ends in an endpoint path gets 404. Use {0}.', fix),
  missing_scheme: (fix) => t('The Base URL in Cursor has no https:// in front. Use {0}.', fix),
  whitespace: (fix) => t('The Base URL in Cursor has spaces or line breaks around it. Use {0}.', fix),
  query_or_fragment: (fix) =>
    t('The Base URL in Cursor has a ?query or #fragment, and Cursor adds /chat/completions after it. Use {0}.', fix),
  trailing_slash: (fix) => t('The Base URL in Cursor ends in a slash, so Cursor asks for …//chat/completions. Use {0}.', fix),
  double_slash: (fix) => t('The Base URL in Cursor has a doubled slash. Use {0}.', fix),
};

/** Notes about the panel's own handling that say nothing about Cursor. */
const NOT_FOR_CURSOR: ReadonlySet<string> = new Set(['used_as_entered', 'local_address', 'uppercase_host', 'empty']);

function hostOf(url: string | null): string | undefined {
  try {
    return url ? new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

function localFinding(host: string, expected: string): CursorFinding {
  const local = (h: string | undefined) => h !== undefined && (isLoopbackHost(h) || isPrivateHost(h));
  // A local gateway given as the place to check cannot be the fix: Cursor cannot reach it either.
  if (local(hostOf(analyzeBaseUrl(expected).normalized))) expected = RUTAAPI_BASE_URL;
  return {
    code: 'cursor_local_base_url',
    severity: 'error',
    detail: t(
      "{0} is only reachable from this computer or its network, but Cursor sends model requests from Cursor's servers, which cannot reach it. Use a public https:// Base URL such as {1}.",
      host,
      expected,
    ),
    fix: expected,
  };
}

function severityFor(f: BaseUrlFinding, host: string | undefined): Severity {
  if (f.code === 'missing_v1' && f.suggestedUrl && hostOf(f.suggestedUrl) === host) return 'error';
  return asTypedSeverity(f);
}

/** The findings on Cursor's Base URL text; `expected` is the URL the key was verified with. */
export function baseUrlFindings(text: string | undefined, expected: string): CursorFinding[] {
  if (text === undefined || text.trim() === '') {
    return [
      {
        code: 'cursor_base_url_missing',
        severity: 'error',
        detail: t(
          'Override OpenAI Base URL is empty in Cursor, so Cursor sends your key to OpenAI, which rejects it. Paste {0} there.',
          expected,
        ),
        fix: expected,
      },
    ];
  }
  const analysis = analyzeBaseUrl(text);
  const host = hostOf(analysis.normalized);
  const findings: CursorFinding[] = [];
  const blocking = diagnosePreflight(analysis, PLACEHOLDER_KEY, {});
  if (blocking) {
    findings.push({ code: blocking.code, severity: 'error', detail: blocking.detail, fix: firstValue(blocking.fixes) ?? expected });
  }
  for (const f of analysis.findings) {
    if (NOT_FOR_CURSOR.has(f.code) || (blocking && (f.severity === 'error' || f.code === blocking.code))) continue;
    const fix = f.suggestedUrl ?? (CURSOR_DETAIL[f.code] ? (analysis.normalized ?? undefined) : undefined);
    const detail = fix && CURSOR_DETAIL[f.code] ? CURSOR_DETAIL[f.code]!(fix) : f.message;
    findings.push(
      fix ? { code: f.code, severity: severityFor(f, host), detail, fix } : { code: f.code, severity: severityFor(f, host), detail },
    );
  }
  if (host && (isLoopbackHost(host) || isPrivateHost(host))) findings.push(localFinding(host, expected));
  return findings;
}

function firstValue(fixes: ReadonlyArray<{ kind: string; value?: string }>): string | undefined {
  return fixes.find((f) => f.kind === 'use_url' && f.value)?.value;
}
