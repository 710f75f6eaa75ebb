#!/usr/bin/env node
// End-to-end tests of the packaged extension in a real VS Code (code-server) driven by playwright-core + Debian Chromium.
//
//   node test/e2e/run.mjs [--editor NAME|all] [--grep PATTERN] [--keep] [--list] [--no-editor-suite] [--no-ui]
//   npm run test:e2e -- --grep canary
//   npm run test:e2e -- --editor newest        (editors: node test/e2e/editors.mjs --list; default: `default`)
//
// 1. builds + packages rutaapi-connect.vsix, bundles the in-editor suite, starts the sandbox gateway on 127.0.0.1;
// then for each editor (one at a time):
// 2. installs that editor into .cache/ on first use (code-server, and its Node from npm where needed);
// 3. runs the in-editor mocha suite (test/editor) inside the extension host (development extension + extensionTestsPath
//    given to the workbench as developmentOptions);
// 4. installs the .vsix into an isolated extensions dir and runs the UI scenarios (test/e2e/scenarios.mjs),
//    each with its own code-server (user-data-dir, workspace, HOME, XDG, TMPDIR) and a fresh browser context.
// Writes test-results/e2e-<stamp>/results.json (per editor: version, every test's result and time, the happy path's
// wall time and the editor-reported activation; a scenario returning { skipped } counts as skipped) and {passed, failed, skipped} to $RUTAAPI_TEST_SUMMARY.
// Failing scenarios keep their folder (user data, code-server.log, browser-console.log) and a screenshot.
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import {
  CHROMIUM,
  EDITOR_FIXTURE,
  EDITOR_SUITE_BUNDLE,
  PROJECT_ROOT,
  VSIX,
  buildAndPackage,
  buildEditorSuite,
  ensureEditorInstalled,
  installExtension,
  killAllStartedSync,
  launchChromium,
  loadSandboxModule,
  makeInstanceDirs,
  removeShortTmpRoot,
  addDevelopmentOptions,
  forgetShortTmpRoot,
  shortTmpRootDir,
  sleep,
  startCodeServer,
  writeUserSettings,
} from './lib/harness.mjs';
import { EDITOR_NAMES, resolveEditors, takeEditorArg } from './lib/editors.mjs';
import { editorSummaryRow, formatEditorTable } from './lib/report.mjs';
import { Actions, TIMEOUT, Workbench } from './lib/workbench.mjs';
import { scenarios } from './scenarios.mjs';
import { ensureOrExit } from '../../scripts/systemPackages.mjs';

// ---------- arguments ----------
const usage = 'usage: node test/e2e/run.mjs [--editor NAME|all] [--grep PATTERN] [--keep] [--list] [--no-editor-suite] [--no-ui]';
let editorSpec;
let argv;
try {
  ({ editor: editorSpec, rest: argv } = takeEditorArg(process.argv.slice(2), process.env.RUTAAPI_E2E_EDITOR || 'default'));
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
const opt = { grep: null, keep: !!process.env.KEEP, list: false, editorSuite: true, ui: true };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--grep' || a === '-g') opt.grep = argv[++i];
  else if (a.startsWith('--grep=')) opt.grep = a.slice(7);
  else if (a === '--keep') opt.keep = true;
  else if (a === '--list') opt.list = true;
  else if (a === '--no-editor-suite') opt.editorSuite = false;
  else if (a === '--no-ui') opt.ui = false;
  else if (a === '--help' || a === '-h') {
    console.log(usage);
    console.log(`editors: ${EDITOR_NAMES.join(', ')}, all (node test/e2e/editors.mjs --list)`);
    process.exit(0);
  } else {
    console.error(`unknown argument: ${a}\n${usage}`);
    process.exit(2);
  }
}
let editors;
try {
  editors = resolveEditors(editorSpec);
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
const grepRe = opt.grep ? new RegExp(opt.grep, 'i') : null;
const scenarioTitle = (s) => `scenario ${s.id}: ${s.name}`;
// Short folder names: code-server puts a unix socket (107-byte path limit) into its user-data-dir.
const scenarioSlug = (s) =>
  `${String(s.id).padStart(2, '0')}-${s.name
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase()
    .slice(0, 14)
    .replace(/-$/, '')}`;
const selected = scenarios.filter((s) => !grepRe || grepRe.test(scenarioTitle(s)));
if (opt.list) {
  for (const s of scenarios) console.log(`${selected.includes(s) ? '*' : ' '} ${scenarioTitle(s)}`);
  console.log('  in-editor suite: test/editor/*.test.ts (filtered by the same --grep inside mocha)');
  console.log(`  on: ${editors.map((e) => `${e.name} (VS Code ${e.vscode})`).join(', ')}`);
  process.exit(0);
}

// ---------- what the machine needs (Chromium and fonts; a toolchain and rg while an editor is not installed) ----------
await ensureOrExit(editors.length > 1 ? 'matrix' : 'e2e', editors);

// ---------- run folder, progress, summary ----------
const T0 = Date.now();
const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
const runDir = path.join(PROJECT_ROOT, 'test-results', `e2e-${stamp}`);
fs.mkdirSync(runDir, { recursive: true });
// Keep the 10 newest e2e run folders; older ones go (test-results/ is git-ignored scratch space).
{
  const base = path.join(PROJECT_ROOT, 'test-results');
  const old = fs
    .readdirSync(base)
    .filter((n) => /^e2e-\d{4}-/.test(n))
    .sort()
    .reverse()
    .slice(10);
  for (const n of old) fs.rmSync(path.join(base, n), { recursive: true, force: true });
}
let logTag = '';
const log = (...a) => console.log(`[e2e${logTag} +${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s] ${format(...a)}`);
const keys = new Set(); // every API key typed in this run: scrubbed from results, searched by the canary
const scrub = (s) => {
  let out = String(s);
  for (const k of keys) out = out.split(k).join('<api-key>');
  return out;
};
const results = {
  startedAt: new Date(T0).toISOString(),
  runDir: path.relative(PROJECT_ROOT, runDir),
  grep: opt.grep,
  editorsRequested: editorSpec,
  timings: {},
  editors: [],
  totals: { passed: 0, failed: 0, skipped: 0 },
};
const totals = results.totals;

function writeResults() {
  results.timings.totalMs = Date.now() - T0;
  // One editor: its results are also at the top level (the layout before the editor matrix).
  if (editors.length === 1 && results.editors.length === 1) {
    const e = results.editors[0];
    Object.assign(results, { codeServer: e.codeServer, editorSuite: e.editorSuite, scenarios: e.scenarios });
  }
  fs.writeFileSync(path.join(runDir, 'results.json'), scrub(JSON.stringify(results, null, 2)));
  if (process.env.RUTAAPI_TEST_SUMMARY) {
    fs.writeFileSync(
      process.env.RUTAAPI_TEST_SUMMARY,
      JSON.stringify({ passed: totals.passed, failed: totals.failed, skipped: totals.skipped }),
    );
  }
}

let browser;
let sandbox;
let interrupted = false;
async function shutdown() {
  try {
    await browser?.close();
  } catch {}
  try {
    await sandbox?.close();
  } catch {}
  killAllStartedSync();
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${sig}: stopping code-server, Chromium and the sandbox; keeping ${path.relative(PROJECT_ROOT, runDir)}`);
    totals.failed += 1;
    writeResults();
    shutdown().finally(() => process.exit(130));
  });
}
process.on('exit', killAllStartedSync);

// code-server registers a PWA service worker (/_static/out/browser/serviceWorker.js) on the same origin as the
// webviews. When it wins the race for a webview frame, VS Code's webview bootstrap logs "Found unexpected service
// worker controller" and reloads the frame, which can reset the panel mid-test (seen once under load). The PWA worker
// is code-server packaging, not VS Code or the product: the harness does not let it load.
async function blockCodeServerPwaWorker(context) {
  await context.route(/\/_static\/out\/browser\/serviceWorker\.js/, (route) => route.abort());
}

const rand = () => Math.random().toString(36).slice(2, 10) + Date.now().toString(36).slice(-4);

// ---------- 0. prerequisites and build (once for all editors) ----------
async function prepare() {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: node scripts/systemPackages.mjs --install e2e (or set CHROMIUM=/path)`);
  const t = Date.now();
  buildAndPackage({ log });
  await buildEditorSuite({ log });
  results.timings.buildMs = Date.now() - t;
  const mod = await loadSandboxModule();
  sandbox = await mod.startSandbox({ port: 0 });
  log(`sandbox gateway on ${sandbox.baseUrl}`);
}

// ---------- 1. in-editor suite (mocha inside the extension host) ----------
async function runEditorSuite(cs, edDir, artifacts) {
  const t = Date.now();
  const dirs = makeInstanceDirs(path.join(edDir, 'editor-suite'));
  writeUserSettings(dirs);
  const extensionsDir = path.join(dirs.dir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  // code-server honours only one extension in development (the product): the suite's helper extension, which hands the
  // suite an ExtensionContext for the raw SecretStorage tests, is placed in the extensions dir instead.
  fs.cpSync(EDITOR_FIXTURE, path.join(extensionsDir, 'rutaapi-tests.editor-tests-fixture-0.0.0'), { recursive: true });
  fs.writeFileSync(path.join(dirs.workspace, 'README.md'), '# in-editor suite workspace\n');
  const suiteResult = { passed: 0, failed: 0, skipped: 0, failures: [], ms: 0 };
  const consoleLines = [];
  const server = await startCodeServer(cs, dirs, {
    extensionsDir,
    env: {
      RUTAAPI_SANDBOX_BASE_URL: sandbox.baseUrl,
      RUTAAPI_TEST_GREP: opt.grep || '',
      RUTAAPI_TEST_RESULT_FILE: path.join(dirs.dir, 'editor-suite-result.json'),
      RUTAAPI_TEST_LOGS_DIR: path.join(dirs.userData, 'logs'),
    },
  });
  let context;
  try {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
    await blockCodeServerPwaWorker(context);
    // The product in development and the suite, as the workbench's developmentOptions (see withDevelopmentOptions).
    await addDevelopmentOptions(context, { extensionPaths: [PROJECT_ROOT], extensionTestsPath: EDITOR_SUITE_BUNDLE });
    const page = await context.newPage();
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      consoleLines.push(`[exthost ${type}] ${line}`);
      if (/^\s*(✔|✓|\d+\)|[0-9]+ (passing|failing|pending)|- )|^\s{2,}\S/.test(line) && !/^\s*at /.test(line)) {
        for (const l of line.split('\n')) if (l.trim() && !/^\s+at /.test(l)) console.log(`    ${scrub(l)}`);
      }
    });
    const params = new URLSearchParams({ folder: dirs.workspace });
    await page.goto(`${server.url}/?${params}`);
    const code = await Promise.race([exit, sleep(5 * 60_000).then(() => 'timeout')]);
    const file = path.join(dirs.dir, 'editor-suite-result.json');
    if (fs.existsSync(file)) Object.assign(suiteResult, JSON.parse(fs.readFileSync(file, 'utf8')));
    suiteResult.exitCode = code;
    if (code !== 0 && suiteResult.failed === 0) {
      suiteResult.failed = 1;
      suiteResult.failures.push({ title: 'in-editor suite', error: `extension host test run ended with ${code}` });
      await page.screenshot({ path: path.join(artifacts, 'editor-suite-failure.png') }).catch(() => {});
    }
  } catch (e) {
    suiteResult.failed += 1;
    suiteResult.failures.push({ title: 'in-editor suite (harness)', error: String(e?.stack || e) });
  } finally {
    fs.writeFileSync(path.join(dirs.dir, 'browser-console.log'), scrub(consoleLines.join('\n')));
    await context?.close().catch(() => {});
    await server.stop();
  }
  suiteResult.ms = Date.now() - t;
  suiteResult.kept = suiteResult.failed > 0;
  return suiteResult;
}

// ---------- 2. UI scenarios ----------
async function runScenarios(cs, edDir, artifacts, ed, edTotals) {
  const extensionsDir = path.join(edDir, 'extensions');
  const installDirs = makeInstanceDirs(path.join(edDir, 'install'));
  let t = Date.now();
  installExtension(cs, installDirs, extensionsDir, VSIX);
  log(`installed ${path.basename(VSIX)} into ${path.relative(PROJECT_ROOT, extensionsDir)} (${Date.now() - t} ms)`);
  const out = ed.scenarios;
  for (const s of selected) {
    if (interrupted) break;
    const title = scenarioTitle(s);
    const slug = scenarioSlug(s);
    const dirs = makeInstanceDirs(path.join(edDir, 'scenarios', slug));
    writeUserSettings(dirs);
    fs.writeFileSync(path.join(dirs.workspace, 'README.md'), `# ${title}\n`);
    const consoleLines = [];
    const record = { id: s.id, name: s.name, ok: false, ms: 0, data: {} };
    log(`▶ ${title}`);
    t = Date.now();
    let server;
    let context;
    let scenarioExtensionsDir;
    const pages = [];
    try {
      // A scenario that installs the .vsix itself starts from an editor without it (its own, empty extensions dir).
      scenarioExtensionsDir = s.withoutVsix ? path.join(dirs.dir, 'extensions') : extensionsDir;
      fs.mkdirSync(scenarioExtensionsDir, { recursive: true });
      // A scenario may start its editor with its own environment (e.g. 18: the usage log's test interval).
      server = await startCodeServer(cs, dirs, { extensionsDir: scenarioExtensionsDir, env: s.env });
      context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await blockCodeServerPwaWorker(context);
      context.setDefaultTimeout(TIMEOUT);
      const ctx = {
        sandbox,
        dirs,
        server,
        runDir: edDir,
        extensionsDir: scenarioExtensionsDir,
        vsix: VSIX,
        artifacts,
        keys,
        rand,
        editor: { name: ed.name, vscode: ed.vscode, codeServerVersion: ed.codeServerVersion },
        // The scenario's browser context, for what must be in place before the first page (lib/cursorDress.mjs).
        browserContext: context,
        log: (...a) => log(`  ${format(...a)}`),
        record: (o) => Object.assign(record.data, o),
        newKey: (scenario) => {
          const k = `sk-ruta-sandbox-${scenario}-e2e${rand()}`;
          keys.add(k);
          return k;
        },
        openWorkbench: async ({ waitForExtension = true } = {}) => {
          const wb = await Workbench.open(context, server.url, dirs.workspace, { consoleLines, actions: new Actions(), waitForExtension });
          pages.push(wb.page);
          return wb;
        },
        shot: (wb, name) => wb.screenshot(path.join(artifacts, `${name}.png`)),
        flushLogs: async () => fs.writeFileSync(path.join(dirs.dir, 'browser-console.log'), consoleLines.join('\n')),
      };
      // A scenario that does not apply to this editor returns { skipped: 'reason' }: counted as skipped, not passed.
      const outcome = await s.run(ctx);
      if (outcome && typeof outcome.skipped === 'string') record.skipped = outcome.skipped;
      record.ok = true;
    } catch (e) {
      record.error = scrub(e?.stack || e);
      for (const [i, p] of (context?.pages() ?? pages).entries()) {
        await p.screenshot({ path: path.join(artifacts, `FAILED-${slug}${i ? `-${i}` : ''}.png`) }).catch(() => {});
      }
    } finally {
      fs.writeFileSync(path.join(dirs.dir, 'browser-console.log'), scrub(consoleLines.join('\n')));
      await context?.close().catch(() => {});
      await server?.stop();
    }
    record.ms = Date.now() - t;
    record.kept = !record.ok;
    if (record.ok && record.skipped) {
      totals.skipped++;
      edTotals.skipped++;
      log(`- ${title}: skipped (${record.skipped})`);
    } else if (record.ok) {
      totals.passed++;
      edTotals.passed++;
      log(`✔ ${title} (${(record.ms / 1000).toFixed(1)} s)`);
    } else {
      totals.failed++;
      edTotals.failed++;
      log(
        `✘ ${title} (${(record.ms / 1000).toFixed(1)} s)\n${record.error
          .split('\n')
          .slice(0, 12)
          .map((l) => `      ${l}`)
          .join('\n')}`,
      );
      log(
        `  kept: ${path.relative(PROJECT_ROOT, dirs.dir)} (code-server.log, browser-console.log, user-data) and ${path.relative(PROJECT_ROOT, artifacts)}/FAILED-${slug}.png`,
      );
    }
    out.push(record);
    writeResults();
  }
  return out;
}

// ---------- 3. one editor ----------
async function runEditor(entry) {
  const t0 = Date.now();
  logTag = ` ${entry.name}`;
  // Always a sub-folder per editor, so one run can hold the whole matrix.
  const edDir = path.join(runDir, entry.name);
  const artifacts = path.join(edDir, 'artifacts');
  fs.mkdirSync(artifacts, { recursive: true });
  const ed = {
    name: entry.name,
    vscode: entry.vscode,
    codeServerVersion: entry.codeServerVersion,
    nodeMajor: entry.nodeMajor,
    codeServer: null,
    node: null,
    versionLine: null,
    installMs: 0,
    ms: 0,
    totals: { passed: 0, failed: 0, skipped: 0 },
    editorSuite: null,
    scenarios: [],
    happyPath: null,
    error: null,
    dir: path.relative(PROJECT_ROOT, edDir),
  };
  results.editors.push(ed);
  const edTotals = ed.totals;
  log(`━━ editor ${entry.name}: VS Code ${entry.vscode} (code-server ${entry.codeServerVersion}, Node ${entry.nodeMajor})`);
  try {
    let t = Date.now();
    const cs = ensureEditorInstalled(entry.name, { log });
    ed.installMs = Date.now() - t;
    Object.assign(ed, { codeServer: cs.codeServer, node: cs.node });
    try {
      ed.versionLine = fs.readFileSync(path.join(cs.home, '.complete'), 'utf8').split('\n')[0];
    } catch {}
    // A fresh TMPDIR root and Chromium per editor: an editor that passes leaves nothing behind for the next one.
    forgetShortTmpRoot();
    const browserDirs = makeInstanceDirs(path.join(edDir, 'browser'));
    t = Date.now();
    browser = await launchChromium(browserDirs);
    log(`Chromium ${browser.version()} headless (${Date.now() - t} ms)`);
    if (opt.editorSuite) {
      log('▶ in-editor suite (mocha in the extension host via extensionTestsPath)');
      const r = await runEditorSuite(cs, edDir, artifacts);
      ed.editorSuite = r;
      for (const k of ['passed', 'failed', 'skipped']) {
        totals[k] += r[k];
        edTotals[k] += r[k];
      }
      log(
        `${r.failed ? '✘' : '✔'} in-editor suite: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${(r.ms / 1000).toFixed(1)} s)`,
      );
      for (const f of r.failures) log(`    ✘ ${scrub(f.title)}: ${scrub(f.error).split('\n').slice(0, 6).join('\n      ')}`);
      writeResults();
    }
    if (opt.ui) {
      if (selected.length === 0) log(`no UI scenario matches --grep ${opt.grep}`);
      else await runScenarios(cs, edDir, artifacts, ed, edTotals);
      const skipped = scenarios.length - selected.length;
      totals.skipped += skipped;
      edTotals.skipped += skipped;
    }
  } catch (e) {
    totals.failed += 1;
    edTotals.failed += 1;
    ed.error = scrub(e?.stack || e);
    log(`✘ ${entry.name}: ${ed.error}`);
  } finally {
    try {
      await browser?.close();
    } catch {}
    browser = undefined;
    killAllStartedSync();
  }
  const happy = ed.scenarios.find((r) => r.id === 1);
  if (happy) {
    ed.happyPath = {
      ok: happy.ok,
      ms: happy.ms,
      wallTimeMs: happy.data?.newcomer?.wallTimeMs ?? null,
      wallTimeFromPageLoadMs: happy.data?.newcomer?.wallTimeFromPageLoadMs ?? null,
      userActions: happy.data?.newcomer?.userActions ?? null,
      editorActivationMs: happy.data?.editorActivationMs ?? null,
    };
  }
  ed.ms = Date.now() - t0;
  writeResults();
  // Passing parts keep only results.json and artifacts/ (screenshots); failing parts keep everything.
  if (!opt.keep && !interrupted) {
    const keepEditor = ed.editorSuite?.kept;
    for (const d of ['install', 'browser', 'extensions', ...(keepEditor ? [] : ['editor-suite'])]) {
      fs.rmSync(path.join(edDir, d), { recursive: true, force: true });
    }
    for (const r of ed.scenarios) {
      if (r.ok) fs.rmSync(path.join(edDir, 'scenarios', scenarioSlug(r)), { recursive: true, force: true });
    }
    try {
      fs.rmdirSync(path.join(edDir, 'scenarios'));
    } catch {} // only when empty
  }
  // TMPDIRs live in a short folder under /tmp (unix socket path limit); kept with the run folder when something failed.
  if (!opt.keep && edTotals.failed === 0) removeShortTmpRoot();
  else if (shortTmpRootDir()) {
    ed.tmpKept = shortTmpRootDir();
    log(`TMPDIRs of ${entry.name} kept in ${shortTmpRootDir()} (linked as tmp/ from each instance folder)`);
  }
  const row = editorSummaryRow(ed);
  log(
    `${edTotals.failed ? '✘' : '✔'} ${entry.name} (VS Code ${entry.vscode}): ${row.passed} passed, ${row.failed} failed, ${row.skipped} skipped — ${(ed.ms / 1000).toFixed(1)} s` +
      `${row.happyWallS != null ? `; happy path ${row.happyWallS} s` : ''}${row.activationMs != null ? `; activation ${row.activationMs} ms` : ''}`,
  );
  logTag = '';
  return ed;
}

// ---------- main ----------
let exitCode = 1;
try {
  log(
    `run folder ${path.relative(PROJECT_ROOT, runDir)}${opt.grep ? ` (grep: ${opt.grep})` : ''}; editors: ${editors.map((e) => e.name).join(', ')}`,
  );
  await prepare();
  for (const entry of editors) {
    if (interrupted) break;
    await runEditor(entry);
    forgetShortTmpRoot(); // kept (something failed) or removed: the next editor starts its own
  }
  exitCode = totals.failed === 0 && totals.passed > 0 ? 0 : 1;
} catch (e) {
  totals.failed += 1;
  results.error = scrub(e?.stack || e);
  log(`✘ harness error: ${results.error}`);
} finally {
  await shutdown();
  results.sandboxStats = sandbox?.stats;
  writeResults();
  if (results.editors.length > 1) {
    console.log(`\n${formatEditorTable(results.editors.map(editorSummaryRow))}\n`);
  }
  log(
    `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped — ${((Date.now() - T0) / 1000).toFixed(1)} s; results: ${path.relative(PROJECT_ROOT, path.join(runDir, 'results.json'))}`,
  );
  if (process.env.RUTAAPI_E2E_RESULTS_FILE_OUT)
    fs.writeFileSync(process.env.RUTAAPI_E2E_RESULTS_FILE_OUT, path.join(runDir, 'results.json'));
  process.exit(exitCode);
}
