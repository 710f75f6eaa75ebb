// The shape of bench/results.json, shared by the benchmark that writes it and the table in
// CONTRIBUTING.md that reads it. Its field names are a public contract (CONTRIBUTING's table and earlier results read them): add, never rename.
/** At most `max`, at least `min`, or between the two. (`max` was the only kind until the lm goals: every earlier goal has it.) */
export type Goal = { min?: number; max?: number; unit: string };

export interface Results {
  generatedAt: string;
  activationMs: number | null;
  editorActivationMs: number | null;
  bundleBytes: {
    extension: number | null;
    host: number | null;
    gateway: number | null;
    panel: number | null;
    webview: number | null;
    vsix: number | null;
    lm: number | null;
  };
  verifyRatio: number | null;
  tcpConnectionsPerVerify: number | null;
  verdictMs: Record<string, number | null>;
  verdictCodes: Record<string, string | null>;
  blackholeDeadlineMs: number;
  cancelMs: number | null;
  modelFilterMsPerKeystroke: number | null;
  pickerReadyMs: number | null;
  /** The language-model provider's stream (bench/sections/lm.ts). Results written before it have none of the lm fields. */
  lmFirstTextRatio: number | null;
  lmPassThroughRatio: number | null;
  lmHeapGrowthMb: number | null;
  lmCancelMs: number | null;
  /** A gateway listing 100,000 models (bench/sections/models100k.ts). Results written before it have none. */
  models100k?: { filterP95Ms: number | null; firstPaintMs: number | null; pickerReadyMs: number | null; webviewHeapMb: number | null };
  /** The usage view with 1000 and 200,000 rows (bench/sections/usage.ts). Results written before it have none. */
  usage?: { render1kMs: number | null; open200kMs: number | null; heap200kMb: number | null; filterP95Ms: number | null };
  /**
   * Install to first chat reply (UI scenario 14 on the newest editor, test/e2e/scenarios.mjs): written by that
   * scenario, carried over by the bench (which does not run the editor's chat itself). Null until it has run.
   */
  firstChatReply?: {
    seconds: number;
    actions: number;
    editor: string;
    measuredAt: string;
    loadAverage1m?: number;
    marksSeconds?: Record<string, number>;
    actionLog?: string[];
  } | null;
  machine: { cpu: string; cores: number; node: string; platform: string; loadAverage1m: number };
  goals: Record<string, Goal>;
  meetsGoals: Record<string, boolean | null>;
  details: Record<string, unknown>;
  notes: string[];
  checks: { name: string; ok: boolean; detail?: string }[];
}
