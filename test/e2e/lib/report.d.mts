// Types for report.mjs.
export interface EditorSummaryRow {
  name: string;
  vscode: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number | null;
  happyWallS: number | null;
  activationMs: number | null;
  failedTests: string[];
}
export function editorSummaryRow(ed: Record<string, any>): EditorSummaryRow;
export function formatEditorTable(rows: EditorSummaryRow[]): string;
