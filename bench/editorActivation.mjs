#!/usr/bin/env node
// The activation time code-server itself reports ("Developer: Startup Performance" → Extension
// Activation Stats: Load Code + Call Activate, the figure the Running Extensions view shows).
//
//   node bench/editorActivation.mjs [--vsix rutaapi-connect.vsix] [--runs 9] [--floor-runs 9] [--stock-runs 5] [--retries 2]
//     [--budget-ms 200000] [--artifacts dir] [--json out.json]
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
// A sample that fails is retried (--retries more times, a page reload each) rather than failing the
// set-up; every failed attempt is logged ("sample N (setup) failed: <reason>; retrying") and listed in
// the summary's `failures`; --artifacts keeps a screenshot and the code-server log of each.
// --budget-ms bounds the whole step: it then takes fewer samples, and skips the floor and stock set-ups,
// rather than run past it (the bench passes what is left of its 5 minutes).
// Prints progress to stderr; the summary (JSON) to stdout, or to --json.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  PROJECT_ROOT,
  VSIX,
  ensureCodeServer,
  installExtension,
  killAllStartedSync,
  launchChromium,
  makeInstanceDirs,
  removeShortTmpRoot,
  shortTmpDir,
  startCodeServer,
  waitFor,
  writeUserSettings,
} from '../test/e2e/lib/harness.mjs';
import { Workbench } from '../test/e2e/lib/workbench.mjs';
import { failureReason, sampleWithRetry, timeBudget } from './sampling.mjs';

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
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify(
      {
        name: floor.name,
        displayName: floor.name,
        publisher: FLOOR_PUBLISHER,
        version: '0.0.1',
        private: true,
        engines: { vscode: '^1.96.0' },
        main: './extension.js',
        activationEvents: ['onStartupFinished'],
        contributes: floor.contributes,
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(root, 'extension.js'), floor.main);
  const out = path.join(dir, `${floor.name}.vsix`);
  const r = spawnSync(
    path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
    // A number in both cells (Number('') would be 0: an empty cell must not become a 0 ms sample).
    if (!/^\d+(\.\d+)?$/.test(cells[3]) || !/^\d+(\.\d+)?$/.test(cells[4])) continue;
    const [loadCodeMs, callActivateMs] = [Number(cells[3]), Number(cells[4])];
    out[cells[1].toLowerCase()] = { loadCodeMs, callActivateMs, activationMs: loadCodeMs + callActivateMs };
  }
  return out;
}

/** Developer: Startup Performance, as text (its lines are virtualised in the DOM, so it is copied whole). */
async function readStartupPerformance(wb) {
  const { page } = wb;
  await wb.runCommand('Developer: Startup Performance');
  const text = await waitFor(
    async () => {
      await page.locator('.monaco-editor .view-lines').first().click({ timeout: 2000 });
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Control+C');
      const t = await page.evaluate(() => navigator.clipboard.readText());
      return t.includes('## Extension Activation Stats') ? t : false;
    },
    'the Startup Performance document',
    30_000,
    200,
  );
  await page.keyboard.press('Control+W').catch(() => {});
  return text;
}

/** For a failed attempt: a screenshot of the page and the code-server log so far, into `dir`. */
async function saveArtifacts(dir, name, page, serverLog) {
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), timeout: 10_000 }).catch(() => {});
  try {
    fs.copyFileSync(serverLog, path.join(dir, `${name}.code-server.log`));
  } catch {}
}

/** One code-server, `runs` cold activations; returns per-extension samples. */
async function measure({ csBin, vsix, setup, runs, retries, failures, budget, artifacts, log }) {
  const setupStarted = Date.now();
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
  let samplingMs = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const workbenchUrl = `${server.url}/?${new URLSearchParams({ folder: dirs.workspace })}`;
    let wb;
    for (let i = 0; i < runs; i++) {
      if (i > 0 && !budget.fits('sample')) {
        log(`${setup}: stopping after ${i} of ${runs} samples, ${Math.round(budget.left() / 1000)} s left of the time budget`);
        break;
      }
      const sampleStarted = Date.now();
      const stats = await sampleWithRetry({
        setup,
        index: i + 1,
        retries,
        log,
        failures,
        canRetry: () => budget.fits('sample'),
        take: async (attempt) => {
          const attemptStarted = Date.now();
          // Every sample is a cold extension host: the first loads the page, the others (and every
          // retry) reload it; a page that crashed or was closed is replaced.
          if (!wb || wb.page.isClosed()) {
            wb = new Workbench(await context.newPage());
            await wb.page.goto(workbenchUrl);
          } else if (i > 0 || attempt > 1) {
            await wb.page.reload();
          }
          try {
            await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
            const stats = await waitFor(
              async () => {
                const s = parseActivationStats(await readStartupPerformance(wb));
                return ids.every((id) => s[id]) ? s : false;
              },
              `activation stats of ${ids.join(', ')}`,
              60_000,
              300,
            );
            // What the next sample is expected to take: successful attempts only.
            budget.record('sample', Date.now() - attemptStarted);
            return stats;
          } catch (e) {
            if (artifacts) await saveArtifacts(artifacts, `${setup}-${i + 1}-${attempt}`, wb.page, dirs.log);
            throw e;
          }
        },
      });
      samplingMs += Date.now() - sampleStarted;
      samples.push(Object.fromEntries(ids.map((id) => [id, stats[id]])));
      log(
        `${setup} ${i + 1}/${runs} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${ids.map((id) => `${id} ${stats[id].loadCodeMs}+${stats[id].callActivateMs} ms`).join(', ')}`,
      );
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    // Installing, starting and stopping: what the next set-up will cost besides its samples.
    budget.record('setup', Date.now() - setupStarted - samplingMs);
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
  // Stock: paired per sample, what RutaAPI Connect adds to the empty extension loaded in the same batch.
  const over = setup === 'stock' ? samples.map((s) => s[RUTAAPI_ID].activationMs - s[floorId(FLOORS.empty)].activationMs) : null;
  return {
    setup,
    runs: samples.length,
    plannedRuns: runs,
    summary,
    ...(over ? { overEmptyFloor: { msMedian: median(over), samples: over } } : {}),
    ...(builtins ? { locale: 'en', builtinsLeftOut: builtins.leftOut } : { floors: floors.map(floorId) }),
  };
}

/**
 * The three set-ups in order of importance. `budgetMs` (default none) is the time the whole step may
 * take: samples stop, and the floor and stock set-ups are skipped, when the next would not fit.
 * `partial` (optional) is filled as set-ups complete, for a caller that is stopped half-way.
 */
export async function measureEditorActivation({
  vsix = VSIX,
  runs = 9,
  floorRuns = runs,
  stockRuns = 5,
  retries = 2,
  budgetMs = Infinity,
  artifacts,
  partial = {},
  log = (m) => console.error(m),
} = {}) {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found (npm run package)`);
  const budget = timeBudget(Date.now() + budgetMs);
  const csBin = ensureCodeServer({ log });
  // Every failed attempt of a sample (retried or not): which set-up, which sample, why.
  const failures = [];
  const skipped = [];
  const codeServer = path.basename(path.dirname(path.dirname(path.dirname(csBin))));
  Object.assign(partial, { codeServer, isolated: null, isolatedFloor: null, stock: null, failures, skipped });
  const common = { csBin, vsix, retries, failures, budget, artifacts, log };
  /** The comparison set-ups: skipped when out of time, null (and reported) when they fail. */
  const optional = async (setup, n) => {
    if (n <= 0) return null;
    if (!budget.fits('setup', 'sample')) {
      log(`${setup}: skipped, ${Math.round(budget.left() / 1000)} s left of the time budget`);
      skipped.push({ setup, reason: 'time budget' });
      return null;
    }
    try {
      return await measure({ ...common, setup, runs: n });
    } catch (e) {
      log(`${setup}: failed: ${failureReason(e)}`);
      skipped.push({ setup, reason: failureReason(e) });
      return null;
    }
  };
  try {
    // The figure itself: if this fails (every retry of a sample), the step fails.
    partial.isolated = await measure({ ...common, setup: 'isolated', runs });
    // The same set-up with only the minimal floor extension: what any useful extension is charged there.
    partial.isolatedFloor = await optional('isolated-floor', floorRuns);
    partial.stock = await optional('stock', stockRuns);
    return { ...partial };
  } finally {
    killAllStartedSync();
    removeShortTmpRoot();
  }
}

/** The comparison set-ups a stop cut off (planned, not done), listed like those the time budget skipped. */
function skippedOnStop(partial, planned) {
  for (const [key, setup, runs] of [
    ['isolatedFloor', 'isolated-floor', planned.floorRuns],
    ['stock', 'stock', planned.stockRuns],
  ]) {
    if (runs > 0 && !partial[key] && !partial.skipped.some((s) => s.setup === setup))
      partial.skipped.push({ setup, reason: 'stopped (time limit)' });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Stopped by the bench's time limit (or Ctrl-C): stop code-server and Chromium and exit at once.
  // Without this, Playwright's own SIGTERM handler only closes the browser and keeps the process
  // alive: the sample in progress then waits out its 60 s timeout and the step exits 1 a minute late.
  // The set-ups finished by then are still written to --json (`stoppedBy` says so).
  const argv = process.argv.slice(2);
  const get = (flag, fallback) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const options = {
    vsix: path.resolve(get('--vsix', VSIX)),
    runs: Number(get('--runs', 9)),
    floorRuns: Number(get('--floor-runs', get('--runs', 9))),
    stockRuns: Number(get('--stock-runs', 5)),
    retries: Number(get('--retries', 2)),
    budgetMs: Number(get('--budget-ms', Infinity)),
    artifacts: get('--artifacts') && path.resolve(get('--artifacts')),
  };
  const partial = {};
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
      console.error(`editor activation: ${signal}, stopping code-server and Chromium`);
      killAllStartedSync();
      removeShortTmpRoot();
      if (get('--json') && partial.isolated) {
        skippedOnStop(partial, options);
        fs.writeFileSync(get('--json'), JSON.stringify({ ...partial, stoppedBy: signal }, null, 2) + '\n');
      }
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    });
  }
  const result = await measureEditorActivation({ ...options, partial });
  const json = JSON.stringify(result, null, 2) + '\n';
  if (get('--json')) fs.writeFileSync(get('--json'), json);
  else process.stdout.write(json);
}
