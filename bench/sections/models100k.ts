// Scale: a gateway listing 100,000 models (the sandbox `models100k` scenario). Four figures:
//  - firstPaintMs: the setup panel (production dist/webview.js in the host's panel HTML, headless Chromium) from the
//    host's `models` message with 100,000 ids until the first frame that shows the list has been painted (the message
//    clone, the webview's schema check, the render; measured to the first task after the next animation frame);
//  - filterP95Ms: the panel's filter, p95 per keystroke (the whole input handler through forced style and layout);
//  - webviewHeapMb: the panel's JavaScript heap with the 100,000 ids loaded and filtered (CDP Runtime.getHeapUsage
//    after HeapProfiler.collectGarbage; the larger of used-after-GC and the heap's allocated size is the figure);
//  - pickerReadyMs: the host's real model picker (src/host/commands/modelPicker.ts, quick-pick stand-in) from the
//    command until 100,000 items are set, with the shipped engine fetching /models from the sandbox.
import { join } from 'node:path';
import { projectRoot, type ProductionBuild } from '../prodBuild';
import { withPanelPage } from '../webviewFilter';
import { MODELS_100K, manyModelIds } from '../../src/sandbox/models';
import { bounded, median, round, type BenchContext } from './common';
import type { Verify } from './engine';
import { pickerReadySamples } from './picker';

/** Broad first (all 100,000 match "s"), then narrowing to one id. */
const TYPED = 'sandbox-model-04207';
const PAINT_RUNS = 4; // the first warms up
const FILTER_ROUNDS = 5; // the first warms up

/** In the page: posts the `models` message and resolves after the frame that shows the rows. */
const FIRST_PAINT = `function (n) {
  var ids = window.__ids100k;
  return new Promise(function (resolve) {
    var list = document.getElementById('model-list');
    var t0 = performance.now();
    var seen = false;
    var observer = new MutationObserver(function () {
      if (seen || !list.querySelector('[role=option]')) return;
      seen = true;
      observer.disconnect();
      var rendered = performance.now();
      requestAnimationFrame(function () {
        // The frame with the rows is produced after this callback; the next task runs after it was painted.
        var channel = new MessageChannel();
        channel.port1.onmessage = function () {
          resolve({ ms: performance.now() - t0, renderedMs: rendered - t0, rows: list.querySelectorAll('[role=option]').length,
            count: document.getElementById('model-count').textContent || '', n: n });
        };
        channel.port2.postMessage(0);
      });
    });
    observer.observe(list, { childList: true, subtree: true });
    window.postMessage({ type: 'models', models: ids }, '*');
  });
}`;

/** In the page: types each prefix of `typed` into the Model field; per keystroke, the handler through forced layout. */
const KEYSTROKES = `function (typed, rounds) {
  var input = document.getElementById('model-filter');
  var times = [];
  function type(value) {
    var t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    void document.body.offsetHeight;
    return performance.now() - t0;
  }
  for (var r = 0; r < rounds; r++) {
    for (var i = 1; i <= typed.length; i++) {
      var ms = type(typed.slice(0, i));
      if (r > 0) times.push(ms);
    }
    type('');
  }
  type(typed);
  return { times: times, rows: document.querySelectorAll('#model-list [role=option]').length,
    count: document.getElementById('model-count').textContent || '' };
}`;

const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
};

export async function measureModels100k(ctx: BenchContext, build: ProductionBuild, verify: Verify): Promise<void> {
  const ids = manyModelIds(MODELS_100K);
  const web = await bounded('models100k webview', 150_000, () =>
    withPanelPage({ distDir: join(build.dir, 'dist'), projectRoot }, async ({ page, browser, errors, reload }) => {
      const paints: { ms: number; renderedMs: number; rows: number; count: string }[] = [];
      for (let i = 0; i < PAINT_RUNS; i++) {
        if (i > 0) await reload();
        // The ids are made in the page beforehand (like the host's list before it posts it), not timed.
        await page.evaluate(`window.__ids100k = ${JSON.stringify(ids)}; undefined`);
        paints.push((await page.evaluate(`(${FIRST_PAINT})(${ids.length})`)) as (typeof paints)[number]);
      }
      const keys = (await page.evaluate(`(${KEYSTROKES})(${JSON.stringify(TYPED)}, ${FILTER_ROUNDS})`)) as {
        times: number[];
        rows: number;
        count: string;
      };
      // The page's own copy of the ids (the stand-in for the host's list) is not the webview's: drop it first.
      await page.evaluate('delete window.__ids100k');
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
      const metrics = (await cdp.send('Performance.enable').then(() => cdp.send('Performance.getMetrics'))) as {
        metrics: { name: string; value: number }[];
      };
      const domNodes = metrics.metrics.find((m) => m.name === 'Nodes')?.value ?? null;
      if (errors.length) throw new Error(`webview errors: ${errors.join('; ')}`);
      return { paints: paints.slice(1), keys, heap, domNodes, browser: `Chromium ${browser.version()} (headless)` };
    }),
  );
  const picker = await pickerReadySamples(ctx, verify, { scenario: 'models100k', count: MODELS_100K, samples: 4 });

  const mb = (bytes: number) => round(bytes / (1024 * 1024), 1);
  const heapMb = Math.max(mb(web.heap.usedSize), mb(web.heap.totalSize));
  ctx.results.models100k = {
    filterP95Ms: round(p95(web.keys.times), 2),
    firstPaintMs: round(median(web.paints.map((p) => p.ms)), 1),
    pickerReadyMs: round(median(picker.map((s) => s.readyMs)), 1),
    webviewHeapMb: heapMb,
  };
  ctx.results.details.models100k = {
    how: 'sandbox models100k ids; panel: production dist/webview.js in the host-generated panel HTML, headless Chromium; picker: src/host/commands/modelPicker.ts with a quick-pick stand-in and the shipped engine',
    browser: web.browser,
    models: ids.length,
    firstPaintSamplesMs: web.paints.map((p) => round(p.ms, 1)),
    renderedMs: web.paints.map((p) => round(p.renderedMs, 1)),
    rowsRendered: web.paints[0]?.rows,
    countLine: web.paints[0]?.count,
    typed: TYPED,
    keystrokes: web.keys.times.length,
    filterMedianMs: round(median(web.keys.times), 2),
    filterMaxMs: round(Math.max(...web.keys.times), 2),
    heapUsedAfterGcMb: mb(web.heap.usedSize),
    heapAllocatedMb: mb(web.heap.totalSize),
    domNodes: web.domNodes,
    pickerSamplesMs: picker.map((s) => s.readyMs),
    pickerItems: picker[0]?.items,
  };
}
