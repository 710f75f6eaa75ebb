/**
 * The engine's Base URL findings for a client that uses the text exactly as typed (Cursor's
 * `openAIBaseUrl`, the other tools' config files): what the panel corrects silently breaks there.
 */
import type { BaseUrlFinding, Severity } from './types';

/** Findings the panel fixes silently that break a client using the text as typed, with the severity they have there. */
const AS_TYPED_SEVERITY: Partial<Record<BaseUrlFinding['code'], Severity>> = {
  endpoint_as_base_url: 'error',
  missing_scheme: 'error',
  whitespace: 'warning',
  query_or_fragment: 'warning',
  trailing_slash: 'warning',
  double_slash: 'warning',
};

/** The severity of an engine finding where the Base URL is used as typed; the engine's own otherwise. */
export function asTypedSeverity(f: BaseUrlFinding): Severity {
  return AS_TYPED_SEVERITY[f.code] ?? f.severity;
}
