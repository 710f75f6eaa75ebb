// Types for bench/editorActivation.mjs (plain JavaScript, like the e2e harness it drives).
export interface ActivationStat {
  loadCodeMs: number;
  callActivateMs: number;
  activationMs: number;
}
export const RUTAAPI_ID: string;
export function parseActivationStats(text: string): Record<string, ActivationStat>;
export function measureEditorActivation(options?: {
  vsix?: string;
  runs?: number;
  floorRuns?: number;
  stockRuns?: number;
  log?: (line: string) => void;
}): Promise<unknown>;
