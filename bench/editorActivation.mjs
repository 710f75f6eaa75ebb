#!/usr/bin/env node
// The activation time code-server itself reports ("Developer: Startup Performance" → Extension
// Activation Stats: Load Code + Call Activate, the figure the Running Extensions view shows).
//
//   node bench/editorActivation.mjs [--vsix rutaapi-connect.vsix] [--runs 9] [--floor-runs 9] [--stock-runs 5] [--json out.json]
//
// Two set-ups, each a fresh code-server whose page is reloaded between samples (every reload starts a
// new extension host, so every sample is a cold activation):
//   isolated: only the declarative built-ins (themes, grammars) and RutaAPI Connect, display language
//             `en` (VS Code's default): the extension's own cost as the editor reports it; then the same
//             with only the minimal floor extension instead, the least any useful extension is charged.
//   stock:    code-server as shipped, RutaAPI Connect next to two floor extensions, an empty one
//             (`activate() {}`) and a minimal one (status bar item + one command). Every
//             `onStartupFinished` extension is loaded in one batch with git, github, emmet, …, and the
//             editor's timer for each includes the others' loading: the empty extension shows that floor.
// Prints progress to stderr; the summary (JSON) to stdout, or to --json.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  PROJECT_ROOT, VSIX, ensureCodeServer, installExtension, killAllStartedSync, launchChromium, makeInstanceDirs,
  removeShortTmpRoot, shortTmpDir, startCodeServer, waitFor, writeUserSettings,
} from '../test/e2e/lib/harness.mjs';
import { Workbench } from '../test/e2e/lib/workbench.mjs';

export const RUTAAPI_ID = 'rutaapi.rutaapi-connect';
const FLOOR_PUBLISHER = 'rutaapi-bench';
const FLOORS = {
  empty: {
    name: 'activation-floor-empty',
    main: 'exports.activate = function () {};\n',
    contributes: {},
  },
  minimal: {
    name: 'activation-floor-minimal',
    main: [
      "const vscode = require('vscode');",
      'exports.activate = function (context) {',
      "  const item = vscode.window.createStatusBarItem('floor.status', vscode.StatusBarAlignment.Right, 100);",
      "  item.text = 'floor';",
      '  item.show();',
      "  context.subscriptions.push(item, vscode.commands.registerCommand('activationFloor.hello', () => undefined));",
      '};',
      '',
    ].join('\n'),
    contributes: { commands: [{ command: 'activationFloor.hello', title: 'Activation floor: hello' }] },
  },
};
const floorId = (floor) => `${FLOOR_PUBLISHER}.${floor.name}`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Packages a floor extension with vsce; returns the .vsix path. */
function packageFloor(floor, dir) {
  const root = path.join(dir, floor.name);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({
    name: floor.name, displayName: floor.name, publisher: FLOOR_PUBLISHER, version: '0.0.1', private: true,
    engines: { vscode: '^1.96.0' }, main: './extension.js', activationEvents: ['onStartupFinished'], contributes: floor.contributes,
  }, null, 2));
  fs.writeFileSync(path.join(root, 'extension.js'), floor.main);
  const out = path.join(dir, `${floor.name}.vsix`);
  const r = spawnSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`vsce package ${floor.name} failed: ${r.stdout}${r.stderr}`);
  return out;
}

/**
 * A built-in extensions folder holding only the declarative built-ins (themes, grammars, language
 * configurations): every built-in that runs code (git, github, emmet, merge-conflict, …) is left out.
 */
function declarativeBuiltins(csBin, dir) {
  const source = path.join(path.dirname(fs.realpathSync(csBin)), '..', '..', 'lib', 'vscode', 'extensions');
  fs.mkdirSync(dir, { recursive: true });
  const leftOut = [];
  for (const name of fs.readdirSync(source)) {
    const manifest = path.join(source, name, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    if (pkg.main || pkg.browser) leftOut.push(name);
    else fs.symlinkSync(path.join(source, name), path.join(dir, name));
  }
  return { dir, leftOut };
}

/**
 * Parses the "Extension Activation Stats" table of Developer: Startup Performance:
 * | Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By |
 */
export function parseActivationStats(text) {
  const out = {};
  const start = text.indexOf('## Extension Activation Stats');
  if (start < 0) return out;
  const end = text.indexOf('\n## ', start + 5);
  for (const line of text.slice(start, end < 0 ? undefined : end).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 7 || !/^[\w-]+\.[\w-]+$/.test(cells[1])) continue;
    const [loadCodeMs, callActivateMs] = [Number(cells[3]), Number(cells[4])];
    if (!Number.isFinite(loadCodeMs) || !Number.isFinite(callActivateMs)) continue;
    out[cells[1].toLowerCase()] = { loadCodeMs, callActivateMs, activationMs: loadCodeMs + callActivateMs };
  }
  return out;
}

/** Developer: Startup Performance, as text (its lines are virtualised in the DOM, so it is copied whole). */
async function readStartupPerformance(wb) {
  const { page } = wb;
  await wb.runCommand('Developer: Startup Performance');
  const text = await waitFor(async () => {
    await page.locator('.monaco-editor .view-lines').first().click({ timeout: 2000 });
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    const t = await page.evaluate(() => navigator.clipboard.readText());
    return t.includes('## Extension Activation Stats') ? t : false;
  }, 'the Startup Performance document', 30_000, 200);
  await page.keyboard.press('Control+W').catch(() => {});
  return text;
}

/** One code-server, `runs` cold activations; returns per-extension samples. */
async function measure({ csBin, vsix, setup, runs, log }) {
  const dirs = makeInstanceDirs(shortTmpDir());
  const extensionsDir = path.join(dirs.dir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const withRutaapi = setup !== 'isolated-floor';
  if (withRutaapi) installExtension(csBin, dirs, extensionsDir, vsix);
  const floors = setup === 'stock' ? [FLOORS.empty, FLOORS.minimal] : setup === 'isolated-floor' ? [FLOORS.minimal] : [];
  for (const floor of floors) installExtension(csBin, dirs, extensionsDir, packageFloor(floor, path.join(dirs.dir, 'floors')));
  const ids = [...(withRutaapi ? [RUTAAPI_ID] : []), ...floors.map(floorId)];
  // No verification on start-up: the figure is activation, and there is no gateway here.
  writeUserSettings(dirs, { 'rutaapi.verifyOnStartup': false });
  const builtins = setup.startsWith('isolated') ? declarativeBuiltins(csBin, path.join(dirs.dir, 'builtin')) : null;
  const extraArgs = builtins ? ['--builtin-extensions-dir', builtins.dir, '--locale', 'en'] : [];
  const server = await startCodeServer(csBin, dirs, { extensionsDir, extraArgs });
  const browser = await launchChromium(dirs);
  const samples = [];
  const t0 = Date.now();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const wb = new Workbench(await context.newPage());
    await wb.page.goto(`${server.url}/?${new URLSearchParams({ folder: dirs.workspace })}`);
    for (let i = 0; i < runs; i++) {
      if (i > 0) await wb.page.reload();
      await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      const stats = await waitFor(async () => {
        const s = parseActivationStats(await readStartupPerformance(wb));
        return ids.every((id) => s[id]) ? s : false;
      }, `activation stats of ${ids.join(', ')}`, 60_000, 300);
      samples.push(Object.fromEntries(ids.map((id) => [id, stats[id]])));
      log(`${setup} ${i + 1}/${runs} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${ids.map((id) => `${id} ${stats[id].loadCodeMs}+${stats[id].callActivateMs} ms`).join(', ')}`);
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  const summary = {};
  for (const id of ids) {
    const values = samples.map((s) => s[id].activationMs);
    summary[id] = {
      activationMsMedian: median(values),
      loadCodeMsMedian: median(samples.map((s) => s[id].loadCodeMs)),
      callActivateMsMedian: median(samples.map((s) => s[id].callActivateMs)),
      min: Math.min(...values),
      max: Math.max(...values),
      samples: values,
    };
  }
  if (setup === 'stock') {
    // Paired per sample: what RutaAPI Connect adds to the empty extension loaded in the same batch.
    const over = samples.map((s) => s[RUTAAPI_ID].activationMs - s[floorId(FLOORS.empty)].activationMs);
    summary.overEmptyFloor = { msMedian: median(over), samples: over };
  }
  return {
    setup, runs: samples.length, summary,
    ...(builtins ? { locale: 'en', builtinsLeftOut: builtins.leftOut } : { floors: floors.map(floorId) }),
  };
}

export async function measureEditorActivation({ vsix = VSIX, runs = 9, floorRuns = runs, stockRuns = 5, log = (m) => console.error(m) } = {}) {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found (npm run package)`);
  const csBin = ensureCodeServer({ log });
  try {
    const isolated = await measure({ csBin, vsix, setup: 'isolated', runs, log });
    // The same set-up with only the minimal floor extension: what any useful extension is charged there.
    const isolatedFloor = await measure({ csBin, vsix, setup: 'isolated-floor', runs: floorRuns, log });
    const stock = stockRuns > 0 ? await measure({ csBin, vsix, setup: 'stock', runs: stockRuns, log }) : null;
    return { codeServer: path.basename(path.dirname(path.dirname(path.dirname(csBin)))), isolated, isolatedFloor, stock };
  } finally {
    killAllStartedSync();
    removeShortTmpRoot();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const get = (flag, fallback) => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : fallback; };
  const result = await measureEditorActivation({
    vsix: path.resolve(get('--vsix', VSIX)), runs: Number(get('--runs', 9)), floorRuns: Number(get('--floor-runs', get('--runs', 9))), stockRuns: Number(get('--stock-runs', 5)),
  });
  const json = JSON.stringify(result, null, 2) + '\n';
  if (get('--json')) fs.writeFileSync(get('--json'), json);
  else process.stdout.write(json);
}
