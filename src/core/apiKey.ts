// STUB: replaced by the full analysis (engine issue). Signatures are the contract.
import type { KeyAnalysis } from './types';

export function analyzeApiKey(input: string): KeyAnalysis {
  const cleaned = input.trim();
  return { cleaned: cleaned || null, redacted: redactKey(cleaned), findings: [] };
}

export function redactKey(key: string): string {
  return key.length <= 8 ? '…' : `${key.slice(0, 5)}…${key.slice(-4)}`;
}
