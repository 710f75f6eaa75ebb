// Types for bench/sampling.mjs.
export type StepKind = 'setup' | 'sample';
export interface SampleFailure {
  setup: string;
  /** 1-based sample number within the set-up. */
  sample: number;
  /** 1-based attempt that failed. */
  attempt: number;
  reason: string;
  /** false for the last attempt (the sample, and the measurement, failed). */
  retried: boolean;
}
export function failureReason(error: unknown): string;
export function sampleWithRetry<T>(options: {
  setup: string;
  index: number;
  take: (attempt: number) => Promise<T>;
  retries?: number;
  /** false: no time for another attempt, the current failure is the last. */
  canRetry?: () => boolean;
  log?: (line: string) => void;
  failures?: SampleFailure[];
}): Promise<T>;
export interface TimeBudget {
  readonly deadline: number;
  left(): number;
  record(kind: StepKind, ms: number): void;
  fits(...kinds: StepKind[]): boolean;
}
export function timeBudget(deadline?: number, options?: { now?: () => number; fallbackMs?: Partial<Record<StepKind, number>> }): TimeBudget;
