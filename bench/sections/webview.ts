// Scale: the webview's model filter per keystroke with 10,000 models (the sandbox `many` list),
// measured by bench/webviewFilter.ts on the production dist/webview.js in headless Chromium: the
// whole input handler (what the user waits for) and the pure filter's share of it.
import { join } from 'node:path';
import { projectRoot, type ProductionBuild } from '../prodBuild';
import { measureWebviewFilter } from '../webviewFilter';
import { manyModelIds } from '../../src/sandbox/models';
import { bounded, median, round, type BenchContext } from './common';

/** Typed into the filter one character at a time: broad first (nearly all 10,000 match), then narrow. */
const TYPED = 'sandbox-model-0420';

export async function measureModelFilter(ctx: BenchContext, build: ProductionBuild): Promise<void> {
  const ids = manyModelIds();
  const r = await bounded('webview filter', 120_000, () =>
    measureWebviewFilter({ distDir: join(build.dir, 'dist'), projectRoot, ids, typed: TYPED, rounds: 6 }),
  );
  const sorted = [...r.keystrokeMs].sort((a, b) => a - b);
  ctx.results.modelFilterMsPerKeystroke = round(median(r.keystrokeMs), 3);
  ctx.results.details.modelFilter = {
    how: 'production dist/webview.js in the host-generated panel HTML, headless Chromium; input handler (filter + list render) through forced layout',
    browser: r.browser,
    models: ids.length,
    typed: TYPED,
    keystrokes: r.keystrokeMs.length,
    p95Ms: round(sorted[Math.floor(sorted.length * 0.95)], 3),
    maxMs: round(sorted[sorted.length - 1], 3),
    rowsRendered: r.rowsAfterLast,
    // The exported pure filter (src/webview/modelFilter.ts) alone, same page and keystrokes: its share.
    pureFilterMsMedian: r.filterMs.length ? round(median(r.filterMs), 3) : null,
    pureFilterMaxMs: r.filterMs.length ? round(Math.max(...r.filterMs), 3) : null,
  };
}
