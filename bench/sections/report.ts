// The end of a run: goals met or not, the table on stdout, bench/results.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Goal, Results } from '../results';
import { GOALS, createResults, type GoalName } from './common';

function get(results: Results, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), results);
}

export function evaluateGoals(results: Results): void {
  for (const [name, goal] of Object.entries(GOALS) as [GoalName, Goal][]) {
    const v = get(results, name);
    results.meetsGoals[name] =
      typeof v === 'number' ? (goal.max === undefined || v <= goal.max) && (goal.min === undefined || v >= goal.min) : null;
  }
  results.meetsGoals.checks = results.checks.every((c) => c.ok);
}

const mark = (v: boolean | null | undefined) => (v === true ? 'yes' : v === false ? 'NO' : 'n/a');

export function printTable(results: Results): void {
  const rows: [string, string, string, string][] = [['metric', 'value', 'goal', 'meets']];
  const fmt = (v: unknown, unit = '') => (v === null || v === undefined ? 'n/a' : `${v}${unit ? ' ' + unit : ''}`);
  const m = results.meetsGoals;
  rows.push(['activationMs (median, stand-in)', fmt(results.activationMs, 'ms'), '≤ 10 ms', mark(m.activationMs)]);
  rows.push(['editorActivationMs (code-server, isolated)', fmt(results.editorActivationMs, 'ms'), '≤ 10 ms', mark(m.editorActivationMs)]);
  for (const k of ['extension', 'host', 'gateway', 'panel', 'webview', 'lm', 'vsix'] as const) {
    const goal = k === 'extension' ? '≤ 81920 B' : '';
    rows.push([`bundleBytes.${k}`, fmt(results.bundleBytes[k], 'B'), goal, k === 'extension' ? mark(m['bundleBytes.extension']) : '']);
  }
  rows.push(['verifyRatio (engine ÷ raw fetch)', fmt(results.verifyRatio, '×'), '≤ 1.10', mark(m.verifyRatio)]);
  rows.push(['tcpConnectionsPerVerify', fmt(results.tcpConnectionsPerVerify), '1', mark(m.tcpConnectionsPerVerify)]);
  for (const [k, v] of Object.entries(results.verdictMs)) {
    const g = GOALS[`verdictMs.${k}` as GoalName] as Goal;
    const goal = g.min !== undefined ? `${g.min}–${g.max} ms` : `≤ ${g.max} ms`;
    rows.push([`verdictMs.${k} (${results.verdictCodes[k] ?? '?'})`, fmt(v, 'ms'), goal, mark(m[`verdictMs.${k}`])]);
  }
  rows.push(['cancelMs', fmt(results.cancelMs, 'ms'), '≤ 100 ms', mark(m.cancelMs)]);
  rows.push([
    'modelFilterMsPerKeystroke (10k)',
    fmt(results.modelFilterMsPerKeystroke, 'ms'),
    '≤ 16 ms',
    mark(m.modelFilterMsPerKeystroke),
  ]);
  rows.push(['pickerReadyMs (10k)', fmt(results.pickerReadyMs, 'ms'), '≤ 300 ms', mark(m.pickerReadyMs)]);
  rows.push(['lmFirstTextRatio (lm ÷ raw SSE, 50 ms)', fmt(results.lmFirstTextRatio, '×'), '≤ 1.05', mark(m.lmFirstTextRatio)]);
  rows.push(['lmPassThroughRatio (10k chunks/s ÷ raw)', fmt(results.lmPassThroughRatio, '×'), '≥ 0.95', mark(m.lmPassThroughRatio)]);
  rows.push([
    'lmHeapGrowthMb (10k-chunk streams)',
    fmt(results.lmHeapGrowthMb, 'MB'),
    `≤ ${GOALS.lmHeapGrowthMb.max} MB`,
    mark(m.lmHeapGrowthMb),
  ]);
  rows.push(['lmCancelMs (abort → sandbox sees it)', fmt(results.lmCancelMs, 'ms'), '≤ 100 ms', mark(m.lmCancelMs)]);
  const k = results.models100k;
  rows.push(['models100k.filterP95Ms (panel, per keystroke)', fmt(k?.filterP95Ms, 'ms'), '≤ 16 ms', mark(m['models100k.filterP95Ms'])]);
  rows.push(['models100k.firstPaintMs (panel list)', fmt(k?.firstPaintMs, 'ms'), '≤ 300 ms', mark(m['models100k.firstPaintMs'])]);
  rows.push(['models100k.pickerReadyMs (quick pick)', fmt(k?.pickerReadyMs, 'ms'), '≤ 1000 ms', mark(m['models100k.pickerReadyMs'])]);
  rows.push(['models100k.webviewHeapMb (panel heap)', fmt(k?.webviewHeapMb, 'MB'), '≤ 100 MB', mark(m['models100k.webviewHeapMb'])]);
  const u = results.usage;
  rows.push(['usage.render1kMs (1000 rows, gateway → drawn view)', fmt(u?.render1kMs, 'ms'), '≤ 150 ms', mark(m['usage.render1kMs'])]);
  rows.push(['usage.open200kMs (200,000 kept rows → drawn view)', fmt(u?.open200kMs, 'ms'), '≤ 1000 ms', mark(m['usage.open200kMs'])]);
  rows.push(['usage.heap200kMb (view heap, 200,000 rows)', fmt(u?.heap200kMb, 'MB'), '≤ 80 MB', mark(m['usage.heap200kMb'])]);
  rows.push(['usage.filterP95Ms (search over 200,000 rows)', fmt(u?.filterP95Ms, 'ms'), '≤ 16 ms', mark(m['usage.filterP95Ms'])]);
  const c = results.firstChatReply;
  rows.push(['firstChatReply.seconds (e2e scenario 14)', fmt(c?.seconds, 's'), '≤ 90 s', mark(m['firstChatReply.seconds'])]);
  rows.push(['firstChatReply.actions (e2e scenario 14)', fmt(c?.actions), '≤ 10', mark(m['firstChatReply.actions'])]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\nRutaAPI Connect benchmark — ${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}\n`);
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log('\nchecks:');
  for (const c of results.checks) console.log(`  ${c.ok ? '✓' : '✗'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}`);
  if (results.notes.length) {
    console.log('\nnotes:');
    for (const n of results.notes) console.log(`  - ${n.split('\n')[0]}`);
  }
}

/**
 * A partial run (`--only … --merge`): the figures these sections measured replace the same ones in
 * `file`, everything else there stays; goals are evaluated again over the merged results.
 */
export function mergeResults(results: Results, file: string, sections: string[]): Results {
  const fresh = createResults();
  const old = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Results) : fresh;
  const own = new Set(['generatedAt', 'machine', 'goals', 'meetsGoals', 'details', 'notes', 'checks']);
  const merged = { ...old } as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(results)) {
    if (own.has(key) || JSON.stringify(value) === JSON.stringify((fresh as unknown as Record<string, unknown>)[key])) continue;
    merged[key] = value;
  }
  const out = merged as unknown as Results;
  out.goals = GOALS;
  out.details = { ...old.details, ...results.details };
  out.notes = [...old.notes, ...results.notes];
  out.checks = [...old.checks.filter((c) => !results.checks.some((n) => n.name === c.name)), ...results.checks];
  const partial = (out.details.partialRuns as unknown[] | undefined) ?? [];
  out.details.partialRuns = [...partial, { sections, at: results.generatedAt, machine: results.machine }].slice(-10);
  evaluateGoals(out);
  return out;
}

/** Figures other tools write into the results file (the e2e scenario's firstChatReply), kept by a full run. */
export function carryOver(results: Results, file: string | null): void {
  if (!file || !existsSync(file) || results.firstChatReply) return;
  try {
    const old = JSON.parse(readFileSync(file, 'utf8')) as Results;
    if (old.firstChatReply) results.firstChatReply = old.firstChatReply;
  } catch {
    /* an unreadable old file: nothing to keep */
  }
}

/** Writes the results to `file`, or (file null: a partial run) prints the details instead. */
export function writeResults(results: Results, file: string | null, shownAs = file): void {
  if (!file) {
    console.log(JSON.stringify(results.details, null, 1).slice(0, 4000));
    console.log('\n(partial run: bench/results.json not written)');
    return;
  }
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote ${shownAs}`);
}
