/** A config that cannot be read or edited safely: the reason, and the line when a parser names one. */
import type { ConfigProblem } from './types';

export class ConfigError extends Error {
  constructor(
    readonly problem: Omit<ConfigProblem, 'file'>,
    /** The error is in the tool's secrets file (Continue's .env, llm's keys.json), not its config. */
    readonly inSecrets = false,
  ) {
    super(problem.detail);
  }
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** The line ending the file already uses (a new file: \n). */
export function eolOf(text: string | undefined): string {
  return text !== undefined && /\r\n/.test(text) ? '\r\n' : '\n';
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string value, or undefined for anything else. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
