// Per-editor summaries of an e2e run (results.json `editors[]`): one row per editor, and the table the matrix prints.
import { summaryLine } from './editors.mjs';

const secs = (ms) => (ms == null ? null : Math.round(ms / 100) / 10);

/** One editor's result → { name, vscode, passed, failed, skipped, seconds, happyWallS, activationMs, failedTests }. */
export function editorSummaryRow(ed) {
  const failedTests = [
    ...(ed.error ? [`harness: ${String(ed.error).split('\n')[0]}`] : []),
    ...(ed.editorSuite?.failures ?? []).map((f) => `in-editor: ${f.title}`),
    ...(ed.scenarios ?? []).filter((s) => !s.ok).map((s) => `scenario ${s.id}: ${s.name}`),
  ];
  return {
    name: ed.name,
    vscode: ed.vscode,
    passed: ed.totals?.passed ?? 0,
    failed: ed.totals?.failed ?? 0,
    skipped: ed.totals?.skipped ?? 0,
    seconds: secs(ed.ms),
    happyWallS: secs(ed.happyPath?.wallTimeMs),
    activationMs: ed.happyPath?.editorActivationMs ?? null,
    failedTests,
  };
}

/** A fixed-width table of editorSummaryRow()s, ending with the `N passed, N failed` total line. */
export function formatEditorTable(rows) {
  const head = ['editor', 'VS Code', 'passed', 'failed', 'skipped', 'time s', 'happy path s', 'activation ms'];
  const body = rows.map((r) =>
    [r.name, r.vscode, r.passed, r.failed, r.skipped, r.seconds ?? '-', r.happyWallS ?? '-', r.activationMs ?? '-'].map(String),
  );
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  const out = [line(head), line(w.map((n) => '-'.repeat(n))), ...body.map(line)];
  for (const r of rows) for (const f of r.failedTests) out.push(`  ✘ ${r.name}: ${f}`);
  const total = rows.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed }), { passed: 0, failed: 0 });
  out.push(summaryLine(total));
  return out.join('\n');
}
