// STUB: replaced by the full analysis (engine issue). Signature is the contract.
import type { BaseUrlAnalysis } from './types';

export interface AnalyzeBaseUrlOptions {
  asEntered?: boolean;
}

export function analyzeBaseUrl(input: string, options: AnalyzeBaseUrlOptions = {}): BaseUrlAnalysis {
  const trimmed = input.trim().replace(/\/+$/, '');
  return { input, normalized: trimmed || null, findings: [], asEntered: options.asEntered === true };
}

/** True for 127.0.0.0/8, ::1, localhost and other addresses only this machine can reach. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.startsWith('127.') || hostname === '[::1]';
}
