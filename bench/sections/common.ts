// What every section of `npm run bench` shares: the results object (bench/results.json), the goals,
// logging, notes and checks, cleanups, and small numeric helpers. bench/run.ts creates one context
// and hands it to each section in turn.
import * as os from 'node:os';
import type { Goal, Results } from '../results';

export const MODEL = 'gpt-4o-mini';
export const BLACKHOLE_DEADLINE_MS = 2_000;
/** The lm section's "memory flat" bound (why 1 MB: bench/sections/lm.ts). */
export const LM_HEAP_FLAT_MB = 1;

export const GOALS = {
  activationMs: { max: 10, unit: 'ms' },
  editorActivationMs: { max: 10, unit: 'ms' },
  'bundleBytes.extension': { max: 80 * 1024, unit: 'B' },
  verifyRatio: { max: 1.1, unit: '×' },
  tcpConnectionsPerVerify: { max: 1, unit: '' },
  'verdictMs.refused': { max: 2000, unit: 'ms' },
  'verdictMs.dns': { max: 2000, unit: 'ms' },
  'verdictMs.unauthorized': { max: 2000, unit: 'ms' },
  'verdictMs.forbidden': { max: 2000, unit: 'ms' },
  'verdictMs.notFound': { max: 2000, unit: 'ms' },
  'verdictMs.html': { max: 2000, unit: 'ms' },
  'verdictMs.redirect': { max: 2000, unit: 'ms' },
  // "Verdict at the configured deadline": not before it, and at most 250 ms after it.
  'verdictMs.blackhole': { min: BLACKHOLE_DEADLINE_MS - 50, max: BLACKHOLE_DEADLINE_MS + 250, unit: 'ms' },
  // "At once": no silent wait for the 60 s Retry-After.
  'verdictMs.retryAfter60': { max: 500, unit: 'ms' },
  cancelMs: { max: 100, unit: 'ms' },
  modelFilterMsPerKeystroke: { max: 16, unit: 'ms' },
  pickerReadyMs: { max: 300, unit: 'ms' },
  // The language-model provider's stream (bench/sections/lm.ts), next to raw fetch + SSE.
  lmFirstTextRatio: { max: 1.05, unit: '×' },
  lmPassThroughRatio: { min: 0.95, unit: '×' },
  lmHeapGrowthMb: { max: LM_HEAP_FLAT_MB, unit: 'MB' },
  lmCancelMs: { max: 100, unit: 'ms' },
  // A gateway listing 100,000 models (bench/sections/models100k.ts).
  'models100k.filterP95Ms': { max: 16, unit: 'ms' },
  'models100k.firstPaintMs': { max: 300, unit: 'ms' },
  'models100k.pickerReadyMs': { max: 1000, unit: 'ms' },
  'models100k.webviewHeapMb': { max: 100, unit: 'MB' },
  // The usage view (bench/sections/usage.ts).
  'usage.render1kMs': { max: 150, unit: 'ms' },
  'usage.open200kMs': { max: 1000, unit: 'ms' },
  'usage.heap200kMb': { max: 80, unit: 'MB' },
  'usage.filterP95Ms': { max: 16, unit: 'ms' },
  // Install to first chat reply in the newest editor (UI scenario 14, test/e2e/scenarios.mjs; carried over by the bench).
  'firstChatReply.seconds': { max: 90, unit: 's' },
  'firstChatReply.actions': { max: 10, unit: '' },
} as const satisfies Record<string, Goal>;

export type GoalName = keyof typeof GOALS;

export function createResults(): Results {
  return {
    generatedAt: new Date().toISOString(),
    activationMs: null,
    editorActivationMs: null,
    bundleBytes: { extension: null, host: null, gateway: null, panel: null, webview: null, vsix: null, lm: null },
    verifyRatio: null,
    tcpConnectionsPerVerify: null,
    verdictMs: {
      refused: null,
      dns: null,
      unauthorized: null,
      forbidden: null,
      notFound: null,
      html: null,
      redirect: null,
      blackhole: null,
      retryAfter60: null,
    },
    verdictCodes: {},
    blackholeDeadlineMs: BLACKHOLE_DEADLINE_MS,
    cancelMs: null,
    modelFilterMsPerKeystroke: null,
    pickerReadyMs: null,
    lmFirstTextRatio: null,
    lmPassThroughRatio: null,
    lmHeapGrowthMb: null,
    lmCancelMs: null,
    models100k: { filterP95Ms: null, firstPaintMs: null, pickerReadyMs: null, webviewHeapMb: null },
    usage: { render1kMs: null, open200kMs: null, heap200kMb: null, filterP95Ms: null },
    firstChatReply: null,
    machine: {
      cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
      cores: os.cpus().length,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      // Other work on the machine inflates wall-clock figures; recorded so readers can judge.
      loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    },
    goals: GOALS,
    meetsGoals: {},
    details: {},
    notes: [],
    checks: [],
  };
}

export interface BenchContext {
  readonly results: Results;
  /** Progress on stderr. */
  log(line: string): void;
  /** A note kept in results.json (why a figure is null, what was retried, …). */
  note(line: string): void;
  /** A pass/fail check kept in results.json; any failure makes the bench exit 1. */
  check(name: string, ok: boolean, detail?: string): void;
  /** Runs at the end of the bench, also when a section throws or the run is stopped. */
  defer(cleanup: () => unknown): void;
  runCleanups(): Promise<void>;
}

export function createContext(results: Results, write: (line: string) => void = (l) => process.stderr.write(l)): BenchContext {
  const cleanups: (() => unknown)[] = [];
  const log = (line: string) => write(`bench: ${line}\n`);
  return {
    results,
    log,
    note(line) {
      results.notes.push(line);
      log(`note: ${line}`);
    },
    check(name, ok, detail) {
      results.checks.push({ name, ok, ...(detail ? { detail } : {}) });
      log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
    async runCleanups() {
      for (const c of cleanups.splice(0).reverse()) {
        try {
          await c();
        } catch {
          /* already closed */
        }
      }
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Runs `fn` but gives up after `ms`, so one stuck measurement can't hang the bench. */
export async function bounded<T>(what: string, ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
