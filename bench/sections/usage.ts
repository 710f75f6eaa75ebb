// The usage view (issue 18, item 7), in two honest halves added together:
//  - the host's half in this Node process with the shipped sources: for usage.render1kMs, one gateway
//    answer of 1000 rows shaped as new-api writes them (parseLogAnswer, merged into an empty history,
//    made into the view's message and serialised); for usage.open200kMs, a 200,000-row history read
//    from disk by UsageStore (every tuple checked) and made into the message and serialised;
//  - the view's half in headless Chromium (bench/usageView.ts): the production dist/usageView.js in
//    the host's page, timed from the message's JSON text (parsed in the page, as the editor delivers
//    it) through the schema check, the figures, five uPlot charts and the first 50 table rows to a
//    forced layout; each run in a fresh page, so it includes the script's first-run cost.
// usage.heap200kMb: the page's JavaScript heap with 200,000 rows shown (CDP Runtime.getHeapUsage after a
// forced GC; the larger of used and allocated). usage.filterP95Ms: typing into the view's search
// field over 200,000 rows, each keystroke's input handler (filter + table page) through forced layout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseLogAnswer } from '../../src/core/usage/logRows';
import { mergeEntries } from '../../src/core/usage/merge';
import { toTuple } from '../../src/core/usage/rowTuple';
import type { UsageEntry } from '../../src/core/usage/types';
import { UsageStore } from '../../src/host/usage/usageStore';
import { projectRoot, type ProductionBuild } from '../prodBuild';
import { usageHistory } from '../usageRows';
import { DELIVER_IN_PAGE, withUsagePage, type UsagePage } from '../usageView';
import { bounded, median, round, type BenchContext } from './common';

const USD = { unit: 'USD', quotaPerUnit: 500_000, exchangeRate: 1 };
const RUNS_1K = 5;
const RUNS_200K = 3;
const TYPED = ['claude', 'gemini-2.5', '2025000001'];

/** A history entry as new-api's GET /api/log/token answers it (model/log.go Log, other as a JSON string). */
function asLogRow(e: UsageEntry, i: number): Record<string, unknown> {
  const path =
    { chat: '/v1/chat/completions', responses: '/v1/responses', messages: '/v1/messages' }[e.protocol as string] ?? '/v1/chat/completions';
  const other =
    e.type === 2 ? { cache_tokens: e.cachedTokens, frt: e.firstTokenMs, request_path: path, model_ratio: 1.5, group_ratio: 1 } : {};
  if (e.upstream) Object.assign(other, { is_model_mapped: true, upstream_model_name: e.upstream });
  return {
    id: 1000 - i,
    user_id: 1,
    created_at: e.time,
    type: e.type,
    content: '',
    username: '',
    token_name: 'bench',
    model_name: e.model,
    quota: e.quota,
    prompt_tokens: e.promptTokens,
    completion_tokens: e.completionTokens,
    use_time: e.useTimeS,
    is_stream: e.stream,
    channel: 0,
    channel_name: '',
    token_id: 0,
    group: 'default',
    ip: '',
    request_id: e.id,
    other: JSON.stringify(other),
  };
}

const message = (entries: UsageEntry[], nowS: number) =>
  JSON.stringify({ type: 'data', display: USD, rows: entries.map(toTuple), droppedOld: 0, maxKept: 200_000, nowS });

async function deliver(p: UsagePage, text: string): Promise<{ ms: number; canvases: number; drawn: number; rows: number }> {
  await p.page.evaluate(`window.__sent.length = 0`);
  await p.stage(text);
  return (await p.page.evaluate(`(${DELIVER_IN_PAGE})()`)) as { ms: number; canvases: number; drawn: number; rows: number };
}

/** In the page: each prefix of each typed word into the search field, then the field cleared; ms per keystroke. */
const KEYSTROKES = `function (words, rounds) {
  var input = document.getElementById('filter-text');
  var times = [];
  function type(value) {
    var t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    void document.body.offsetHeight;
    return performance.now() - t0;
  }
  for (var r = 0; r < rounds; r++) {
    for (var w = 0; w < words.length; w++) {
      for (var i = 1; i <= words[w].length; i++) {
        var ms = type(words[w].slice(0, i));
        if (r > 0) times.push(ms);
      }
      type('');
    }
  }
  return { times: times, count: document.getElementById('match-count').textContent };
}`;

function hostHalf1k(nowS: number): { ms: number; text: string } {
  const answer = JSON.stringify({ success: true, message: '', data: usageHistory(1000, nowS).map(asLogRow) });
  const t0 = performance.now();
  const parsed = parseLogAnswer(JSON.parse(answer));
  if (!parsed.ok) throw new Error('bench: the 1000-row answer did not parse');
  const merged = mergeEntries([], parsed.entries, new Set());
  const text = message(merged.entries, nowS);
  return { ms: performance.now() - t0, text };
}

async function hostHalf200k(nowS: number): Promise<{ ms: number; text: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'rutaapi-usage-bench-'));
  const store = new UsageStore(dir);
  const hash = 'a'.repeat(64);
  await store.merge(hash, usageHistory(200_000, nowS), new Set());
  const t0 = performance.now();
  const kept = await store.load(hash);
  const text = message(kept.entries, nowS);
  return { ms: performance.now() - t0, text, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function measureUsage(ctx: BenchContext, build: ProductionBuild): Promise<void> {
  const nowS = Math.floor(Date.now() / 1000);
  const host1k = [hostHalf1k(nowS), hostHalf1k(nowS), hostHalf1k(nowS)];
  const host200k = await hostHalf200k(nowS);
  ctx.defer(host200k.cleanup);
  const web = await bounded('usage view', 150_000, () =>
    withUsagePage({ distDir: join(build.dir, 'dist'), projectRoot }, async (p) => {
      const runs1k = [];
      for (let i = 0; i < RUNS_1K; i++) {
        await p.reload();
        runs1k.push(await deliver(p, host1k[0].text));
      }
      const runs200k = [];
      for (let i = 0; i < RUNS_200K; i++) {
        await p.reload();
        runs200k.push(await deliver(p, host200k.text));
      }
      const cdp = await p.page.context().newCDPSession(p.page);
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
      const keys = (await p.page.evaluate(`(${KEYSTROKES})(${JSON.stringify(TYPED)}, 3)`)) as { times: number[]; count: string };
      const errors = p.errors.filter((e) => !/Failed to load resource/.test(e));
      if (errors.length) throw new Error(`usage view errors: ${errors.join('; ')}`);
      return { runs1k, runs200k, heap, keys, browser: `Chromium ${p.browser.version()} (headless)` };
    }),
  );
  const hostMs1k = median(host1k.map((h) => h.ms));
  const view1k = median(web.runs1k.map((r) => r.ms));
  const view200k = median(web.runs200k.map((r) => r.ms));
  const sorted = [...web.keys.times].sort((a, b) => a - b);
  const mb = (bytes: number) => round(bytes / (1024 * 1024), 1);
  ctx.results.usage = {
    render1kMs: round(hostMs1k + view1k, 1),
    open200kMs: round(host200k.ms + view200k, 1),
    heap200kMb: Math.max(mb(web.heap.usedSize), mb(web.heap.totalSize)),
    filterP95Ms: round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))], 2),
  };
  const drawnAll = [...web.runs1k, ...web.runs200k].every((r) => r.canvases === 5 && r.drawn === 5 && r.rows === 50);
  ctx.check('usage view: five non-empty charts and 50 table rows after each data message', drawnAll);
  ctx.results.details.usage = {
    how: 'host half in Node (shipped sources: parse + merge + message, or UsageStore.load of 200,000 rows + message), view half in headless Chromium (production dist/usageView.js in the host page, from the message JSON text to a forced layout, a fresh page per run); heap after a forced GC; filter: the search field over 200,000 rows',
    browser: web.browser,
    hostMs1k: round(hostMs1k, 1),
    viewMs1kSamples: web.runs1k.map((r) => round(r.ms, 1)),
    hostMs200k: round(host200k.ms, 1),
    viewMs200kSamples: web.runs200k.map((r) => round(r.ms, 1)),
    messageBytes200k: host200k.text.length,
    heapUsedAfterGcMb: mb(web.heap.usedSize),
    heapAllocatedMb: mb(web.heap.totalSize),
    keystrokes: web.keys.times.length,
    filterMedianMs: round(median(web.keys.times), 2),
    filterMaxMs: round(sorted[sorted.length - 1], 2),
    lastCountLine: web.keys.count,
  };
}
