// The usage view in a real browser: the production dist/usageView.js runs in Debian's Chromium
// (playwright-core, headless) inside the page the host generates (src/host/usage/usageHtml.ts, same
// CSP), with a stand-in for acquireVsCodeApi. The host's side is played by handing the page the
// same messages the host posts (as JSON text, parsed in the page: the editor carries webview
// messages as JSON), so a timing runs from the message's text to a drawn, laid-out view.
import * as http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createNonce } from '../src/host/shared/webviewPage';
import { usageHtml } from '../src/host/usage/usageHtml';
import { usageStrings } from '../src/host/usage/usageStrings';
import { findChromium } from './webviewFilter';

export interface UsagePage {
  page: import('playwright-core').Page;
  browser: import('playwright-core').Browser;
  errors: string[];
  /** Puts a message's JSON text in the page (window.__text), for DELIVER_IN_PAGE. */
  stage(text: string): Promise<void>;
  reload(): Promise<void>;
}

/** In the page: times JSON.parse of the staged text + the view's handler + uPlot's draw + layout. */
export const DELIVER_IN_PAGE = `async function () {
  var text = window.__text;
  window.__text = null;
  var t0 = performance.now();
  window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(text) }));
  text = null;
  await Promise.resolve();
  await Promise.resolve();
  void document.body.offsetHeight;
  var ms = performance.now() - t0;
  var canvases = Array.prototype.slice.call(document.querySelectorAll('.plot canvas'));
  var drawn = canvases.filter(function (c) {
    var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (var i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
    return false;
  }).length;
  return { ms: ms, canvases: canvases.length, drawn: drawn, rows: document.querySelectorAll('#requests-table tbody tr').length };
}`;

export async function withUsagePage<T>(options: { distDir: string; projectRoot: string }, fn: (p: UsagePage) => Promise<T>): Promise<T> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium found (node scripts/systemPackages.mjs --install bench, or set CHROMIUM=/path)');
  const { chromium } = (await import('playwright-core')) as typeof import('playwright-core');
  const nonce = createNonce();
  const files: Record<string, [string, string]> = {
    '/usageView.js': [join(options.distDir, 'usageView.js'), 'text/javascript'],
    '/usageView.css': [join(options.distDir, 'usageView.css'), 'text/css'],
    '/panel.css': [join(options.projectRoot, 'media/panel.css'), 'text/css'],
    '/usage.css': [join(options.projectRoot, 'media/usage.css'), 'text/css'],
  };
  let origin = '';
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      const html = usageHtml({
        cspSource: origin,
        scriptUri: `${origin}/usageView.js`,
        chartStyleUri: `${origin}/usageView.css`,
        styleUris: [`${origin}/panel.css`, `${origin}/usage.css`],
        strings: usageStrings(),
        nonce,
      });
      const standIn = `<script nonce="${nonce}">window.__sent=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__sent.push(m),getState:()=>undefined,setState:()=>{}});</script>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html.replace('<head>', () => `<head>\n${standIn}`));
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
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const reload = async () => {
      await page.goto(origin, { timeout: 30_000 });
      await page.waitForFunction(`window.__sent.some(function (m) { return m.type === 'ready'; })`, undefined, { timeout: 15_000 });
      await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'strings', strings: usageStrings() })}, '*')`);
    };
    await reload();
    // A string expression: tsx's transform would otherwise inject helpers the page lacks.
    const stage = async (text: string) => void (await page.evaluate(`window.__text = ${JSON.stringify(text)}; 0`));
    return await fn({ page, browser, errors, stage, reload });
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
