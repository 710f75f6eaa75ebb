/**
 * Which variables rutaapi.terminalEnvironment gives the integrated terminals, as one pure rule: the
 * collection (terminalEnvironment.ts) writes them, and a tool's Check (host/tools/toolCheckView.ts)
 * runs in them, so the Check never assumes a variable the terminals do not have.
 */
import type { ModelEndpoints } from '../../core/modelProtocols';

export const TERMINAL_VARIABLES = [
  'OPENAI_BASE_URL',
  'OPENAI_API_KEY',
  'RUTAAPI_BASE_URL',
  'RUTAAPI_API_KEY',
  'ANTHROPIC_BASE_URL',
  'ANTHROPIC_AUTH_TOKEN',
] as const;

export type TerminalVariable = (typeof TERMINAL_VARIABLES)[number];

interface TerminalInputs {
  /** The user's setting rutaapi.terminalEnvironment. */
  enabled: boolean;
  /** The workspace is trusted: an untrusted one gets nothing. */
  trusted: boolean;
  /** The Base URL as the engine normalises it (with /v1); null when it is not usable. */
  normalized: string | null;
  /** The saved key, when the gate grants it for the Base URL's origin without asking. */
  key: string | undefined;
  /** The key's last listed models for this Base URL include one that serves Anthropic Messages. */
  anthropic: boolean;
}

/** ANTHROPIC_BASE_URL: the Base URL without its trailing /v1 (Claude Code appends /v1/messages); a path before it stays. */
function anthropicBase(normalized: string): string {
  return normalized.replace(/\/+$/, '').replace(/\/v1$/i, '');
}

export function servesAnthropic(endpoints: ModelEndpoints | undefined): boolean {
  return Object.values(endpoints ?? {}).some((types) => types.includes('anthropic'));
}

/** The variables and their values, or undefined when the terminals get none. */
export function terminalVariables(i: TerminalInputs): Map<TerminalVariable, string> | undefined {
  if (!i.enabled || !i.trusted || !i.normalized || i.key === undefined) return undefined;
  const env = new Map<TerminalVariable, string>([
    ['OPENAI_BASE_URL', i.normalized],
    ['OPENAI_API_KEY', i.key],
    ['RUTAAPI_BASE_URL', i.normalized],
    ['RUTAAPI_API_KEY', i.key],
  ]);
  if (i.anthropic) {
    env.set('ANTHROPIC_BASE_URL', anthropicBase(i.normalized));
    env.set('ANTHROPIC_AUTH_TOKEN', i.key);
  }
  return env;
}
