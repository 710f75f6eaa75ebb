// The webview's model filter per keystroke, measured in a real browser: the production
// dist/webview.js runs in Debian's Chromium (playwright-core, headless) inside the panel HTML the
// host generates (src/host/panel/panelHtml.ts, same CSP), with a stand-in for acquireVsCodeApi. The host
// side is played by posting the same `init` and `models` messages the host sends. Two figures per
// keystroke, same page, same ids:
//  - filterMs: the exported pure filter itself, `filterModels` from src/webview/modelFilter.ts
//    (bundled for the browser here and called directly in the page);
//  - keystrokeMs: the whole `input` handler, timed from setting the input's value through the
//    handler (filter + list render, capped at the webview's own row limit) to a forced style +
//    layout, so it includes the DOM work the user waits for.
// The bench reports keystrokeMs as modelFilterMsPerKeystroke (what the user waits for); filterMs
// is the filter's own share of it.
import * as http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { panelHtml } from '../src/host/panel/panelHtml';
import { createNonce } from '../src/host/shared/webviewPage';
import { webviewStrings } from '../src/host/panel/webviewStrings';
import { RUTAAPI_BASE_URL } from '../src/core/constants';

export interface WebviewFilterResult {
  /** Per keystroke: the input handler (filter + list render) through forced layout. */
  keystrokeMs: number[];
  /** Per keystroke: the exported `filterModels(ids, typed)` alone, in the same page. */
  filterMs: number[];
  /** Rows rendered after the last keystroke and the total number of matches the panel reported. */
  rowsAfterLast: number;
  countText: string;
  browser: string;
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | null {
  const env = process.env.RUTAAPI_CHROMIUM || process.env.CHROMIUM;
  if (env && existsSync(env)) return env;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** The global the bundled src/webview/modelFilter.ts is exposed under in the page. */
const FILTER_GLOBAL = '__rutaModelFilter';

/** src/webview/modelFilter.ts for the browser (minified like the production build). */
async function filterModuleScript(projectRoot: string): Promise<string> {
  const out = await build({
    entryPoints: [join(projectRoot, 'src/webview/modelFilter.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    globalName: FILTER_GLOBAL,
    minify: true,
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

/**
 * Runs in the page: times the exported filter on each prefix of `typed`, then types each prefix
 * into the Model field, timing the input handler + forced layout. Round 0 of each warms the JIT.
 */
const IN_PAGE = `function (ids, typed, rounds) {
  var filterModels = window.${FILTER_GLOBAL}.filterModels;
  var filterTimes = [];
  var sink = 0;
  for (var r = 0; r < rounds; r++) {
    for (var i = 1; i <= typed.length; i++) {
      var t0 = performance.now();
      sink += filterModels(ids, typed.slice(0, i)).length;
      if (r > 0) filterTimes.push(performance.now() - t0);
    }
  }
  var input = document.getElementById('model-filter');
  var times = [];
  function type(value) {
    var t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    void document.body.offsetHeight; // force style and layout of the new list
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
  return {
    times: times,
    filterTimes: filterTimes,
    sink: sink,
    rows: document.querySelectorAll('#model-list [role=option]').length,
    count: document.getElementById('model-count').textContent || '',
  };
}`;

/** The panel page in headless Chromium: the production webview in the host's HTML, `init` already posted. */
export interface PanelPage {
  page: import('playwright-core').Page;
  browser: import('playwright-core').Browser;
  /** Page errors so far. */
  errors: string[];
  /** Loads the panel again (a fresh page state, same browser), waits for `ready` and posts `init`. */
  reload(): Promise<void>;
}

/**
 * Serves the production dist/webview.js inside the panel HTML the host generates (same CSP), with a
 * stand-in for acquireVsCodeApi and the exported filter module, and opens it in headless Chromium;
 * runs `fn` and closes everything.
 */
export async function withPanelPage<T>(options: { distDir: string; projectRoot: string }, fn: (p: PanelPage) => Promise<T>): Promise<T> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium found (node scripts/systemPackages.mjs --install bench, or set CHROMIUM=/path)');
  const { chromium } = (await import('playwright-core')) as typeof import('playwright-core');

  const nonce = createNonce();
  const filterScript = await filterModuleScript(options.projectRoot);
  const files: Record<string, [string, string]> = {
    '/webview.js': [join(options.distDir, 'webview.js'), 'text/javascript'],
    '/panel.css': [join(options.projectRoot, 'media/panel.css'), 'text/css'],
    '/codicon.css': [join(options.distDir, 'codicons/codicon.css'), 'text/css'],
    '/codicon.ttf': [join(options.distDir, 'codicons/codicon.ttf'), 'font/ttf'],
  };
  let origin = '';
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      const html = panelHtml({
        cspSource: origin,
        scriptUri: `${origin}/webview.js`,
        styleUri: `${origin}/panel.css`,
        codiconUri: `${origin}/codicon.css`,
        strings: webviewStrings(),
        nonce,
      });
      // The webview API stand-in, before the panel script (same nonce, so the CSP admits it).
      const standIn = `<script nonce="${nonce}">window.__sent=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__sent.push(m),getState:()=>undefined,setState:()=>{}});</script>`;
      // The exported filter, for timing it on its own (the panel script does not expose it).
      const filter = `<script nonce="${nonce}">${filterScript.replace(/<\/script/gi, '<\\/script')}</script>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html.replace('<head>', () => `<head>\n${standIn}\n${filter}`));
      return;
    }
    const file = files[path];
    if (file && existsSync(file[0])) {
      res.writeHead(200, { 'content-type': file[1] });
      res.end(readFileSync(file[0]));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const reload = async () => {
      await page.goto(origin, { timeout: 30_000 });
      await page.waitForFunction(`window.__sent.some(function (m) { return m.type === 'ready'; })`, undefined, { timeout: 15_000 });
      await page.evaluate(`window.postMessage(${JSON.stringify(initMessage())}, '*')`);
    };
    await reload();
    return await fn({ page, browser, errors, reload });
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The `init` message the host sends a panel with a saved key. */
function initMessage() {
  return {
    type: 'init',
    strings: webviewStrings(),
    state: {
      baseUrl: RUTAAPI_BASE_URL,
      defaultBaseUrl: RUTAAPI_BASE_URL,
      model: '',
      hasKey: true,
      keyRedacted: 'sk-ru…abcd',
      isCursor: false,
      hasWorkspace: true,
      useBaseUrlAsEntered: false,
    },
  };
}

export async function measureWebviewFilter(options: {
  distDir: string;
  projectRoot: string;
  ids: string[];
  typed: string;
  rounds: number;
}): Promise<WebviewFilterResult> {
  return withPanelPage(options, async ({ page, browser, errors }) => {
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'models', models: options.ids })}, '*')`);
    await page.waitForFunction(`document.querySelectorAll('#model-list [role=option]').length > 0`, undefined, { timeout: 15_000 });
    if (errors.length) throw new Error(`webview errors: ${errors.join('; ')}`);

    // Passed as source text: tsx's transform would otherwise inject helpers the page lacks.
    const out = (await page.evaluate(
      `(${IN_PAGE})(${JSON.stringify(options.ids)}, ${JSON.stringify(options.typed)}, ${options.rounds})`,
    )) as { times: number[]; filterTimes: number[]; rows: number; count: string };
    return {
      keystrokeMs: out.times,
      filterMs: out.filterTimes,
      rowsAfterLast: out.rows,
      countText: out.count,
      browser: `Chromium ${browser.version()} (headless)`,
    };
  });
}
