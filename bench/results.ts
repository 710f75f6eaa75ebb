// The shape of bench/results.json, shared by the benchmark that writes it and the table in
// CONTRIBUTING.md that reads it. Its field names are a public contract (issue 5): add, never rename.
export type Goal = { min?: number; max: number; unit: string };

export interface Results {
  generatedAt: string;
  activationMs: number | null;
  editorActivationMs: number | null;
  bundleBytes: { extension: number | null; host: number | null; gateway: number | null; panel: number | null; webview: number | null; vsix: number | null };
  verifyRatio: number | null;
  tcpConnectionsPerVerify: number | null;
  verdictMs: Record<string, number | null>;
  verdictCodes: Record<string, string | null>;
  blackholeDeadlineMs: number;
  cancelMs: number | null;
  modelFilterMsPerKeystroke: number | null;
  pickerReadyMs: number | null;
  machine: { cpu: string; cores: number; node: string; platform: string; loadAverage1m: number };
  goals: Record<string, Goal>;
  meetsGoals: Record<string, boolean | null>;
  details: Record<string, unknown>;
  notes: string[];
  checks: { name: string; ok: boolean; detail?: string }[];
}
