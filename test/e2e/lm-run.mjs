#!/usr/bin/env node
// The in-editor suite's language model tests (test/editor/lm.test.ts) on one or more editors, without packaging or the
// UI scenarios, and without touching what test/e2e/run.mjs builds (so it can run next to it):
//
//   node test/e2e/lm-run.mjs [--editor NAME[,NAME…]|all] [--grep PATTERN] [--build] [--keep]
//
// Default --editor lm,newest and --grep "language model". Uses the product in dist/ as it is (`--build` runs
// `node esbuild.mjs` first), bundles test/editor/index.ts to out/editor-tests-lm/index.js (inside the extension folder:
// the suite shares the product's `vscode` API object, see test/editor/probes.ts), starts its own sandbox gateway, and
// runs the suite in code-server exactly as test/e2e/run.mjs's runEditorSuite() does (development extension +
// extensionTestsPath through the workbench's developmentOptions; the fixture extension in the extensions dir).
// `npm run test:e2e -- --editor lm --no-ui --grep "language model"` runs the same tests through the main harness.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { format } from 'node:util';
import {
  CHROMIUM,
  EDITOR_FIXTURE,
  PROJECT_ROOT,
  addDevelopmentOptions,
  ensureEditorInstalled,
  forgetShortTmpRoot,
  killAllStartedSync,
  launchChromium,
  makeInstanceDirs,
  removeShortTmpRoot,
  shortTmpRootDir,
  sleep,
  startCodeServer,
  writeUserSettings,
} from './lib/harness.mjs';
import { resolveEditors, takeEditorArg } from './lib/editors.mjs';

const requireFromProject = createRequire(path.join(PROJECT_ROOT, 'package.json'));
const esbuild = requireFromProject('esbuild');

let editorSpec;
let argv;
try {
  ({ editor: editorSpec, rest: argv } = takeEditorArg(process.argv.slice(2), 'lm,newest'));
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
const opt = { grep: 'language model', keep: false, build: false, settings: {} };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--grep' || a === '-g') opt.grep = argv[++i];
  else if (a.startsWith('--grep=')) opt.grep = a.slice(7);
  else if (a === '--keep') opt.keep = true;
  else if (a === '--build') opt.build = true;
  else if (a.startsWith('--setting=')) {
    const [k, v] = a.slice(10).split('=');
    opt.settings[k] = JSON.parse(v);
  } else {
    console.error(
      `unknown argument: ${a}\nusage: node test/e2e/lm-run.mjs [--editor NAMES] [--grep PATTERN] [--build] [--keep] [--setting=key=json]`,
    );
    process.exit(2);
  }
}
const editors = resolveEditors(editorSpec);
const T0 = Date.now();
const log = (...a) => console.log(`[lm-run +${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s] ${format(...a)}`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
const runDir = path.join(PROJECT_ROOT, 'test-results', `lm-${stamp}`);
fs.mkdirSync(runDir, { recursive: true });
const SUITE_BUNDLE = path.join(PROJECT_ROOT, 'out', 'editor-tests-lm', 'index.js');

if (!fs.existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}`);
  process.exit(2);
}
if (opt.build) {
  log('node esbuild.mjs');
  const r = spawnSync('node', ['esbuild.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
for (const f of ['extension.js', 'host.js', 'lm.js', 'gateway.js']) {
  if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', f))) {
    console.error(`dist/${f} is missing: run with --build`);
    process.exit(2);
  }
}
await esbuild.build({
  entryPoints: [path.join(PROJECT_ROOT, 'test/editor/index.ts')],
  outfile: SUITE_BUNDLE,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'error',
});
const sandboxFile = path.join(PROJECT_ROOT, '.cache', 'e2e', 'sandbox-lm.cjs');
await esbuild.build({
  stdin: { contents: "export * from './src/sandbox/server';", resolveDir: PROJECT_ROOT, loader: 'ts' },
  outfile: sandboxFile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'error',
});
const streams = [];
const sandbox = await createRequire(sandboxFile)(sandboxFile).startSandbox({ port: 0, onStream: (r) => streams.push(r) });
log(
  `sandbox ${sandbox.baseUrl}; suite ${path.relative(PROJECT_ROOT, SUITE_BUNDLE)} (grep ${JSON.stringify(opt.grep)}); run folder ${path.relative(PROJECT_ROOT, runDir)}`,
);

let browser;
const results = [];
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    killAllStartedSync();
    process.exit(130);
  });
process.on('exit', killAllStartedSync);

for (const entry of editors) {
  const t0 = Date.now();
  const edDir = path.join(runDir, entry.name);
  const result = { editor: entry.name, vscode: entry.vscode, passed: 0, failed: 0, skipped: 0, failures: [], exitCode: null, ms: 0 };
  log(`━━ ${entry.name}: VS Code ${entry.vscode} (code-server ${entry.codeServerVersion}, Node ${entry.nodeMajor})`);
  forgetShortTmpRoot();
  const consoleLines = [];
  let server;
  let context;
  try {
    const cs = ensureEditorInstalled(entry.name, { log });
    browser = await launchChromium(makeInstanceDirs(path.join(edDir, 'browser')));
    const dirs = makeInstanceDirs(path.join(edDir, 'editor-suite'));
    writeUserSettings(dirs, opt.settings);
    const extensionsDir = path.join(dirs.dir, 'extensions');
    fs.mkdirSync(extensionsDir, { recursive: true });
    fs.cpSync(EDITOR_FIXTURE, path.join(extensionsDir, 'rutaapi-tests.editor-tests-fixture-0.0.0'), { recursive: true });
    fs.writeFileSync(path.join(dirs.workspace, 'README.md'), '# in-editor suite workspace\n');
    const resultFile = path.join(dirs.dir, 'editor-suite-result.json');
    server = await startCodeServer(cs, dirs, {
      extensionsDir,
      env: {
        RUTAAPI_SANDBOX_BASE_URL: sandbox.baseUrl,
        RUTAAPI_TEST_GREP: opt.grep || '',
        RUTAAPI_TEST_RESULT_FILE: resultFile,
        RUTAAPI_TEST_LOGS_DIR: path.join(dirs.userData, 'logs'),
      },
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
    await context.route(/\/_static\/out\/browser\/serviceWorker\.js/, (route) => route.abort());
    await addDevelopmentOptions(context, { extensionPaths: [PROJECT_ROOT], extensionTestsPath: SUITE_BUNDLE });
    const page = await context.newPage();
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      consoleLines.push(`[exthost ${type}] ${line}`);
      for (const l of line.split('\n')) {
        if (/^\s+at /.test(l) || !l.trim()) continue;
        if (/^\[lm\]|^\[in-editor suite\]/.test(l) || /^\s*(✔|✓|\d+\)|[0-9]+ (passing|failing|pending)|- )|^\s{2,}\S/.test(l))
          console.log(`    ${l}`);
      }
    });
    await page.goto(`${server.url}/?${new URLSearchParams({ folder: dirs.workspace })}`);
    const code = await Promise.race([exit, sleep(6 * 60_000).then(() => 'timeout')]);
    result.exitCode = code;
    if (fs.existsSync(resultFile)) Object.assign(result, JSON.parse(fs.readFileSync(resultFile, 'utf8')));
    if (code !== 0 && result.failed === 0) {
      result.failed = 1;
      result.failures.push({ title: 'in-editor suite', error: `extension host test run ended with ${code}` });
    }
    if (code !== 0) await page.screenshot({ path: path.join(edDir, 'failure.png') }).catch(() => {});
  } catch (e) {
    result.failed += 1;
    result.failures.push({ title: 'lm-run (harness)', error: String(e?.stack || e) });
  } finally {
    fs.mkdirSync(edDir, { recursive: true });
    fs.writeFileSync(path.join(edDir, 'browser-console.log'), consoleLines.join('\n'));
    await context?.close().catch(() => {});
    await server?.stop();
    await browser?.close().catch(() => {});
    killAllStartedSync();
  }
  result.ms = Date.now() - t0;
  results.push(result);
  log(
    `${result.failed ? '✘' : '✔'} ${entry.name} (VS Code ${entry.vscode}): ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped — ${(result.ms / 1000).toFixed(1)} s`,
  );
  for (const f of result.failures) log(`    ✘ ${f.title}: ${String(f.error).split('\n').slice(0, 8).join('\n      ')}`);
  if (!opt.keep && result.failed === 0) {
    fs.rmSync(path.join(edDir, 'editor-suite'), { recursive: true, force: true });
    fs.rmSync(path.join(edDir, 'browser'), { recursive: true, force: true });
    removeShortTmpRoot();
  } else if (shortTmpRootDir()) log(`kept ${path.relative(PROJECT_ROOT, edDir)} (TMPDIRs in ${shortTmpRootDir()})`);
}
await sandbox.close();
fs.writeFileSync(path.join(runDir, 'results.json'), JSON.stringify({ results, sandboxStreams: streams }, null, 2));
const failed = results.reduce((n, r) => n + r.failed, 0);
const passed = results.reduce((n, r) => n + r.passed, 0);
log(
  `${passed} passed, ${failed} failed — ${((Date.now() - T0) / 1000).toFixed(1)} s; ${path.relative(PROJECT_ROOT, path.join(runDir, 'results.json'))}`,
);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
