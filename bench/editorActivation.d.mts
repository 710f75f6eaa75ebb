// Types for bench/editorActivation.mjs (plain JavaScript, like the e2e harness it drives).
import type { SampleFailure } from './sampling.mjs';

export type { SampleFailure };
export interface ActivationStat {
  loadCodeMs: number;
  callActivateMs: number;
  activationMs: number;
}
export interface ExtensionSummary {
  activationMsMedian: number;
  loadCodeMsMedian: number;
  callActivateMsMedian: number;
  min: number;
  max: number;
  samples: number[];
}
export interface SetupResult {
  setup: 'isolated' | 'isolated-floor' | 'stock';
  runs: number;
  /** Asked for; `runs` is lower when the time budget ran out. */
  plannedRuns: number;
  /** Per extension id. */
  summary: Record<string, ExtensionSummary>;
  /** Stock only: RutaAPI Connect minus the empty extension, paired per sample. */
  overEmptyFloor?: { msMedian: number; samples: number[] };
  locale?: string;
  builtinsLeftOut?: string[];
  floors?: string[];
}
/** What `--json` writes and measureEditorActivation() returns. */
export interface EditorActivationResult {
  codeServer: string;
  isolated: SetupResult;
  /** null: skipped (time budget) or failed, see `skipped`. */
  isolatedFloor: SetupResult | null;
  stock: SetupResult | null;
  /** Every failed attempt of a sample, retried or not. */
  failures: SampleFailure[];
  /** Comparison set-ups not measured, and why. */
  skipped: { setup: string; reason: string }[];
  /** Set when the script was stopped by a signal after the isolated set-up: the rest is missing. */
  stoppedBy?: 'SIGTERM' | 'SIGINT';
}
export const RUTAAPI_ID: string;
export function parseActivationStats(text: string): Record<string, ActivationStat>;
export function measureEditorActivation(options?: {
  vsix?: string;
  runs?: number;
  floorRuns?: number;
  stockRuns?: number;
  /** Extra attempts for a failed sample (default 2). */
  retries?: number;
  /** Time the whole step may take (default: no limit). */
  budgetMs?: number;
  /** A folder for a screenshot and the code-server log of each failed attempt. */
  artifacts?: string;
  /** Filled as set-ups complete. */
  partial?: Partial<EditorActivationResult>;
  log?: (line: string) => void;
}): Promise<EditorActivationResult>;
