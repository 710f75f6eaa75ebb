// Renders bench/results.json as the Markdown table in CONTRIBUTING.md's "Performance and reliability"
// section: `npx tsx bench/table.ts` prints it, `--write` replaces the text between the
// <!-- bench:start --> and <!-- bench:end --> markers in CONTRIBUTING.md (nothing else is touched).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Results } from './results';

const root = join(__dirname, '..');
const r = JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8')) as Results & {
  details: Record<string, Record<string, unknown> | undefined>;
};

const kb = (n: number | null) => (n === null ? 'n/a' : `${(n / 1024).toFixed(1)} KB`);
const ms = (n: number | null) => (n === null ? 'n/a' : n >= 100 ? `${Math.round(n)} ms` : `${n} ms`);
const meets = (k: string) => (r.meetsGoals[k] === true ? '✓' : r.meetsGoals[k] === false ? '✗ missed' : '—');
const goal = (k: string, fmt: (n: number) => string) => {
  const g = r.goals[k];
  if (!g) return '';
  if (g.min !== undefined && g.max !== undefined) return `${fmt(g.min)}–${fmt(g.max)}`;
  return g.min !== undefined ? `≥ ${fmt(g.min)}` : g.max !== undefined ? `≤ ${fmt(g.max)}` : '';
};
const msGoal = (k: string) => goal(k, (n) => `${n} ms`);

const verdictLabels: Record<string, string> = {
  refused: 'Connection refused',
  dns: 'DNS failure (`.invalid`)',
  unauthorized: '401 bad key',
  forbidden: '403 permission error',
  notFound: '404 wrong path',
  html: 'HTML page with 200',
  redirect: '302 redirect',
  blackhole: `Black hole (deadline ${r.blackholeDeadlineMs / 1000} s)`,
  retryAfter60: '429 with `Retry-After: 60`',
};

const act = r.details.activation as
  { runs?: number; loadMsMedian?: number; activateSyncMsMedian?: number; cpuMsMedian?: number; readyMsMedian?: number | null } | undefined;
type EditorFigure = {
  runs?: number;
  activationMsMedian: number;
  loadCodeMsMedian: number;
  callActivateMsMedian: number;
  min: number;
  max: number;
};
const editor = r.details.editorActivation as
  | {
      codeServer?: string;
      isolated?: EditorFigure;
      isolatedMinimalFloor?: EditorFigure | null;
      stock?: { runs?: number; rutaapi: EditorFigure; emptyFloor: EditorFigure; overEmptyFloorMsMedian?: number } | null;
    }
  | undefined;
const editorRange = (f: EditorFigure | null | undefined) =>
  f ? ` (load ${f.loadCodeMsMedian} + activate ${f.callActivateMsMedian}; ${f.min}–${f.max} ms)` : '';
const lm = r.details.lmStream as
  | {
      firstText?: { oursMsMedian?: number; rawMsMedian?: number; pairs?: number };
      passThrough?: {
        oursChunksPerSecMedian?: number;
        rawChunksPerSecMedian?: number;
        pairs?: number;
        rounds?: number;
        flowRatioMedian?: number;
      };
      heap?: { inStreamGrowthMb?: number };
      cancel?: { maxMs?: number; samplesMs?: number[] };
    }
  | undefined;
/** Results written before the lm section have no lm fields. */
const num = (v: number | null | undefined) => (v === undefined ? null : v);
const ratio = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${v}×`);
const cost = r.details.verifyCost as { engineMsMedian?: number; rawFetchMsMedian?: number; pairs?: number } | undefined;
const rows: string[][] = [
  [
    `Activation: load \`dist/extension.js\` + \`activate()\` (median of ${act?.runs ?? '≥ 20'} fresh processes, \`vscode\` stand-in)`,
    ms(r.activationMs) +
      (act
        ? ` (load ${act.loadMsMedian} + activate ${act.activateSyncMsMedian}${act.cpuMsMedian !== undefined ? `; CPU ${act.cpuMsMedian} ms` : ''})`
        : ''),
    msGoal('activationMs'),
    meets('activationMs'),
  ],
  ['… until the status bar item is shown (host chunk started, one task later)', ms(act?.readyMsMedian ?? null), '', ''],
  [
    `Activation reported by the editor: code-server ${editor?.codeServer ?? ''}, only declarative built-ins, language \`en\` (median of ${editor?.isolated?.runs ?? '?'} cold extension hosts)`,
    ms(r.editorActivationMs) + editorRange(editor?.isolated),
    msGoal('editorActivationMs'),
    r.editorActivationMs === null ? 'not measured' : meets('editorActivationMs'),
  ],
  [
    "… a minimal extension (status bar item + one command) in the same set-up: the editor's floor",
    ms(editor?.isolatedMinimalFloor?.activationMsMedian ?? null) + editorRange(editor?.isolatedMinimalFloor),
    '',
    '',
  ],
  [
    `… stock code-server, next to an empty extension activated in the same batch (median of ${editor?.stock?.runs ?? '?'})`,
    editor?.stock
      ? `${ms(editor.stock.rutaapi.activationMsMedian)} vs ${ms(editor.stock.emptyFloor.activationMsMedian)}: +${editor.stock.overEmptyFloorMsMedian} ms`
      : 'n/a',
    '',
    '',
  ],
  [
    'Extension entry bundle (minified, the bootstrap)',
    kb(r.bundleBytes.extension),
    goal('bundleBytes.extension', (n) => `${n / 1024} KB`),
    meets('bundleBytes.extension'),
  ],
  [
    'Host chunk: status bar, connection state, commands (started right after activation)',
    kb(r.bundleBytes.host ?? null),
    'budget test',
    '',
  ],
  ['Gateway chunk with the `openai` SDK (loaded on first verification)', kb(r.bundleBytes.gateway), 'budget test', ''],
  ['Setup panel chunk with the protocol schemas (loaded when the panel opens)', kb(r.bundleBytes.panel), 'budget test', ''],
  ['Webview bundle', kb(r.bundleBytes.webview), 'budget test', ''],
  ['Language-model provider chunk (VS Code 1.104+; loaded on the first chat request)', kb(num(r.bundleBytes.lm)), 'budget test', ''],
  ['`.vsix`', kb(r.bundleBytes.vsix), '', ''],
  [
    'Verify (models + chat) ÷ the same two requests by raw `fetch`, 50 ms each way',
    r.verifyRatio === null ? 'n/a' : `${r.verifyRatio}×` + (cost ? ` (${cost.engineMsMedian} vs ${cost.rawFetchMsMedian} ms)` : ''),
    '≤ 1.10×',
    meets('verifyRatio'),
  ],
  [
    'TCP connections per verification',
    r.tcpConnectionsPerVerify === null ? 'n/a' : String(r.tcpConnectionsPerVerify),
    '1',
    meets('tcpConnectionsPerVerify'),
  ],
  ...Object.entries(verdictLabels).map(([k, label]) => [
    `Time to verdict: ${label} → \`${r.verdictCodes[k] ?? '?'}\``,
    ms(r.verdictMs[k]),
    msGoal(`verdictMs.${k}`),
    meets(`verdictMs.${k}`),
  ]),
  ['Cancel during a black-holed request', ms(r.cancelMs), msGoal('cancelMs'), meets('cancelMs')],
  [
    'Webview model filter, 10,000 models, per keystroke (median)',
    ms(r.modelFilterMsPerKeystroke),
    msGoal('modelFilterMsPerKeystroke'),
    meets('modelFilterMsPerKeystroke'),
  ],
  [
    'Model picker ready, 10,000 models (`/models` + quick-pick items)',
    ms(r.pickerReadyMs),
    msGoal('pickerReadyMs'),
    meets('pickerReadyMs'),
  ],
  [
    "100,000 models: the panel's filter, p95 per keystroke (input handler through layout, headless Chromium)",
    ms(r.models100k?.filterP95Ms ?? null),
    msGoal('models100k.filterP95Ms'),
    meets('models100k.filterP95Ms'),
  ],
  [
    "100,000 models: the panel's list, `models` message to first paint",
    ms(r.models100k?.firstPaintMs ?? null),
    msGoal('models100k.firstPaintMs'),
    meets('models100k.firstPaintMs'),
  ],
  [
    '100,000 models: model picker ready (`/models` + quick-pick items)',
    ms(r.models100k?.pickerReadyMs ?? null),
    msGoal('models100k.pickerReadyMs'),
    meets('models100k.pickerReadyMs'),
  ],
  [
    "100,000 models: the panel's JavaScript heap (after GC, CDP)",
    r.models100k?.webviewHeapMb == null ? 'n/a' : `${r.models100k.webviewHeapMb} MB`,
    goal('models100k.webviewHeapMb', (n) => `${n} MB`),
    meets('models100k.webviewHeapMb'),
  ],
  [
    `Install to first chat reply, newest editor (UI scenario 14${r.firstChatReply ? `, ${r.firstChatReply.editor}` : ''}): time`,
    r.firstChatReply ? `${r.firstChatReply.seconds} s` : 'n/a',
    goal('firstChatReply.seconds', (n) => `${n} s`),
    meets('firstChatReply.seconds'),
  ],
  [
    'Install to first chat reply: user actions (clicks; typing counts one per field)',
    r.firstChatReply ? String(r.firstChatReply.actions) : 'n/a',
    goal('firstChatReply.actions', (n) => String(n)),
    meets('firstChatReply.actions'),
  ],
  [
    `Language-model stream: first text part ÷ raw \`fetch\` + SSE, 50 ms each way (median of ${lm?.firstText?.pairs ?? '?'} pairs)`,
    ratio(r.lmFirstTextRatio) + (lm?.firstText ? ` (${lm.firstText.oursMsMedian} vs ${lm.firstText.rawMsMedian} ms)` : ''),
    goal('lmFirstTextRatio', (n) => `${n}×`),
    meets('lmFirstTextRatio'),
  ],
  [
    `… 10,000-chunk stream, chunks/s ÷ raw (median of ${lm?.passThrough?.pairs ?? '?'} pairs in ${lm?.passThrough?.rounds ?? '?'} processes)`,
    ratio(r.lmPassThroughRatio) +
      (lm?.passThrough
        ? ` (${Math.round(lm.passThrough.oursChunksPerSecMedian ?? NaN)} vs ${Math.round(lm.passThrough.rawChunksPerSecMedian ?? NaN)} chunks/s; while it flows ${lm.passThrough.flowRatioMedian ?? '?'}×)`
        : ''),
    goal('lmPassThroughRatio', (n) => `${n}×`),
    meets('lmPassThroughRatio'),
  ],
  [
    '… heap held at the end of a 10,000-chunk stream, after GC, over before it',
    (r.lmHeapGrowthMb === null || r.lmHeapGrowthMb === undefined ? 'n/a' : `${r.lmHeapGrowthMb} MB`) +
      (lm?.heap?.inStreamGrowthMb !== undefined ? ` (chunk 1,000 → last: ${lm.heap.inStreamGrowthMb} MB)` : ''),
    goal('lmHeapGrowthMb', (n) => `${n} MB`),
    meets('lmHeapGrowthMb'),
  ],
  [
    '… cancel mid-stream until the gateway sees the disconnect',
    ms(num(r.lmCancelMs)) + (lm?.cancel?.maxMs !== undefined ? ` (max ${lm.cancel.maxMs} ms)` : ''),
    msGoal('lmCancelMs'),
    meets('lmCancelMs'),
  ],
];

const m = r.machine;
const table = [
  `Measured ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.cores} cores, Node ${m.node} (${m.platform})` +
    `${m.loadAverage1m !== undefined ? `, load average ${m.loadAverage1m} while it ran` : ''}; from \`bench/results.json\`.`,
  '',
  '| Metric | Result | Goal | Met |',
  '|---|---|---|---|',
  ...rows.map((row) => `| ${row.join(' | ')} |`),
].join('\n');

/** The document that holds the table (developer documentation; README.md is the Marketplace page). */
const TABLE_DOC = 'CONTRIBUTING.md';

if (process.argv.includes('--write')) {
  const file = join(root, TABLE_DOC);
  const doc = readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${TABLE_DOC} has no <!-- bench:start --> … <!-- bench:end --> markers`);
  writeFileSync(file, `${doc.slice(0, a + start.length)}\n${table}\n${doc.slice(b)}`);
  console.log(`${TABLE_DOC} table updated`);
} else {
  console.log(table);
}
