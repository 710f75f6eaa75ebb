// Building blocks of the end-to-end harness and of `npm run demo`: build + package, the sandbox gateway,
// isolated code-server instances, a hermetic headless Chromium, process-group teardown and the canary grep.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PROJECT_ROOT, ensureCodeServer, ensureEditorInstalled } from './codeServer.mjs';
import { withDevelopmentOptions } from './devOptions.mjs';

export { PROJECT_ROOT, ensureCodeServer, ensureEditorInstalled, withDevelopmentOptions };
export const EXTENSION_ID = 'rutaapi.rutaapi-connect';
export const STATUS_ITEM_DOM_ID = `${EXTENSION_ID}.rutaapi.status`;
export const VSIX = path.join(PROJECT_ROOT, 'rutaapi-connect.vsix');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const EDITOR_FIXTURE = path.join(PROJECT_ROOT, 'test', 'editor', 'fixture');
export const EDITOR_SUITE_BUNDLE = path.join(PROJECT_ROOT, 'out', 'editor-tests', 'index.js');
const requireFromProject = createRequire(path.join(PROJECT_ROOT, 'package.json'));

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor(fn, what, timeout = 60_000, every = 100) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(every);
  }
  throw new Error(`timeout after ${timeout} ms waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
}

function run(cmd, args, { quiet = false, env = process.env } = {}) {
  const r = spawnSync(cmd, args, {
    cwd: PROJECT_ROOT,
    env,
    encoding: 'utf8',
    // vsce asks [y/N] questions when stdin is a TTY: keep stdin closed.
    stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
  });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})${quiet ? `\n${r.stdout}\n${r.stderr}` : ''}`);
  }
  return r;
}

/** `npm run package`: production build + `vsce package --no-dependencies` → rutaapi-connect.vsix. */
export function buildAndPackage({ log = console.log } = {}) {
  const t = Date.now();
  log('building and packaging the extension (npm run package)');
  run('npm', ['run', '--silent', 'package'], { quiet: true });
  if (!fs.existsSync(VSIX)) throw new Error(`npm run package did not produce ${VSIX}`);
  log(`packaged ${path.basename(VSIX)} (${Math.round(fs.statSync(VSIX).size / 1024)} KiB) in ${Date.now() - t} ms`);
  return VSIX;
}

/** Bundles the in-editor mocha suite (test/editor) into one CommonJS file that exports run(). */
export async function buildEditorSuite({ log = console.log } = {}) {
  const esbuild = requireFromProject('esbuild');
  await esbuild.build({
    entryPoints: [path.join(PROJECT_ROOT, 'test/editor/index.ts')],
    outfile: EDITOR_SUITE_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    // vscode comes from the extension host; mocha resolves from the project's node_modules.
    external: ['vscode', 'mocha'],
    logLevel: 'error',
  });
  log(`bundled the in-editor suite → ${path.relative(PROJECT_ROOT, EDITOR_SUITE_BUNDLE)}`);
  return EDITOR_SUITE_BUNDLE;
}

/** Loads the sandbox gateway module (src/sandbox/server.ts + models.ts) bundled to CommonJS. */
export async function loadSandboxModule() {
  const esbuild = requireFromProject('esbuild');
  const out = path.join(PROJECT_ROOT, '.cache', 'e2e', 'sandbox.cjs');
  await esbuild.build({
    stdin: {
      contents: "export * from './src/sandbox/server';\nexport * from './src/sandbox/models';\n",
      resolveDir: PROJECT_ROOT,
      loader: 'ts',
    },
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
  delete requireFromProject.cache?.[out];
  return createRequire(out)(out);
}

// Unix socket paths are limited to 107 bytes: the extension host's vscode-ipc-<uuid>.sock and Chromium's
// SingletonSocket live in TMPDIR, so every TMPDIR is a short folder under the machine's temp dir (one root per run,
// removed at the end) with a `tmp` symlink to it from the instance folder.
const SYSTEM_TMP = os.tmpdir();
let shortTmpRoot;
let shortTmpCount = 0;
export function shortTmpDir() {
  shortTmpRoot ??= fs.mkdtempSync(path.join(SYSTEM_TMP, 'rutaapi-e2e-'));
  const d = path.join(shortTmpRoot, String(++shortTmpCount));
  fs.mkdirSync(d, { recursive: true });
  return d;
}
export function shortTmpRootDir() {
  return shortTmpRoot;
}
export function removeShortTmpRoot() {
  if (shortTmpRoot) fs.rmSync(shortTmpRoot, { recursive: true, force: true });
  shortTmpRoot = undefined;
}

/** An isolated directory tree for one code-server instance (user data, workspace, XDG, TMPDIR, HOME). */
export function makeInstanceDirs(dir) {
  const tmp = shortTmpDir();
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.symlinkSync(tmp, path.join(dir, 'tmp'));
  } catch {}
  const d = {
    dir,
    userData: path.join(dir, 'user-data'),
    workspace: path.join(dir, 'workspace'),
    home: path.join(dir, 'home'),
    tmp,
    xdgConfig: path.join(dir, 'xdg', 'config'),
    xdgData: path.join(dir, 'xdg', 'data'),
    xdgCache: path.join(dir, 'xdg', 'cache'),
    log: path.join(dir, 'code-server.log'),
  };
  for (const p of [path.join(d.userData, 'User'), d.workspace, d.home, d.tmp, d.xdgConfig, d.xdgData, d.xdgCache]) {
    fs.mkdirSync(p, { recursive: true });
  }
  return d;
}

export const BASE_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

export function writeUserSettings(dirs, extra = {}) {
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_USER_SETTINGS, ...extra }, null, 2));
}

export function readUserSettings(dirs) {
  return JSON.parse(fs.readFileSync(path.join(dirs.userData, 'User', 'settings.json'), 'utf8'));
}

export function isolatedEnv(dirs, extra = {}) {
  const env = {
    ...process.env,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    ...extra,
  };
  // Keep npm's lifecycle variables and proxies out of the editor: the extension host must see a clean machine.
  for (const k of Object.keys(env)) if (/^(npm_|INIT_CWD$)/.test(k)) delete env[k];
  for (const k of ['VSCODE_IPC_HOOK_CLI', 'VSCODE_CWD', 'ELECTRON_RUN_AS_NODE', 'VSCODE_PID']) delete env[k];
  return env;
}

/** Processes this harness started, killed by process group at the end (also on failure and on Ctrl-C). */
const started = new Set();
export function trackProcess(child) {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

export async function killGroup(child, graceMs = 5000, log) {
  if (!child || !child.pid) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {}
  const ok = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  // The group may outlive its leader (extension hosts): always finish with SIGKILL to the group.
  if (!ok) log?.(`process group ${child.pid} ignored SIGTERM for ${graceMs} ms: SIGKILL`);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {}
  started.delete(child);
}

export function killAllStartedSync() {
  for (const child of started) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
  started.clear();
}

/**
 * How to run a code-server: `cs` is either a binary path (run by its `#!/usr/bin/env node`, i.e. the PATH's Node) or
 * an editor from ensureEditorInstalled() ({ codeServer, node }), run explicitly on its own Node, with that Node first
 * on PATH so that anything the server or the extension host starts as `node` is the same one.
 */
export function codeServerCommand(cs) {
  if (typeof cs === 'string') return { cmd: cs, pre: [], env: {} };
  if (!cs?.codeServer || !cs?.node) throw new Error('codeServerCommand: expected a binary path or { codeServer, node }');
  return { cmd: cs.node, pre: [cs.codeServer], env: { PATH: `${path.dirname(cs.node)}${path.delimiter}${process.env.PATH || ''}` } };
}

export function installExtension(cs, dirs, extensionsDir, vsix) {
  const c = codeServerCommand(cs);
  const r = spawnSync(
    c.cmd,
    [...c.pre, '--user-data-dir', dirs.userData, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    {
      env: isolatedEnv(dirs, c.env),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout)) {
    throw new Error(`code-server --install-extension failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

/**
 * Starts code-server on 127.0.0.1:<free port> in its own process group. Returns { url, port, child, stop }.
 * `env` is added to the isolated environment; the extension host inherits it.
 */
export async function startCodeServer(cs, dirs, { extensionsDir, env = {}, port: wantedPort, timeoutMs = 60_000, extraArgs = [] } = {}) {
  const c = codeServerCommand(cs);
  for (let attempt = 1; ; attempt++) {
    const port = wantedPort || (await freePort());
    const logFd = fs.openSync(dirs.log, 'a');
    const child = trackProcess(
      spawn(
        c.cmd,
        [
          ...c.pre,
          '--bind-addr',
          `127.0.0.1:${port}`,
          '--auth',
          'none',
          '--user-data-dir',
          dirs.userData,
          '--extensions-dir',
          extensionsDir,
          '--disable-telemetry',
          '--disable-update-check',
          '--disable-workspace-trust',
          '--disable-getting-started-override',
          '--ignore-last-opened',
          '--disable-file-downloads',
          ...extraArgs,
        ],
        { cwd: dirs.workspace, env: isolatedEnv(dirs, { ...c.env, ...env }), detached: true, stdio: ['ignore', logFd, logFd] },
      ),
    );
    fs.closeSync(logFd);
    const url = `http://127.0.0.1:${port}`;
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    try {
      await waitFor(
        async () => {
          if (exited) throw new Error('code-server exited during start-up');
          return (await fetch(`${url}/healthz`).catch(() => null))?.ok;
        },
        'code-server /healthz',
        timeoutMs,
        50,
      );
      return { url, port, child, stop: () => killGroup(child) };
    } catch (e) {
      await killGroup(child);
      const tail = fs.existsSync(dirs.log) ? fs.readFileSync(dirs.log, 'utf8') : '';
      if (attempt < 3 && !wantedPort && /EADDRINUSE/.test(tail)) continue;
      throw new Error(`${e.message}\n--- code-server.log ---\n${tail.split('\n').slice(-30).join('\n')}`, { cause: e });
    }
  }
}

/** Headless Chromium from Debian, hermetic: only 127.0.0.1 resolves. HOME/XDG/TMPDIR point into `dirs`. */
export async function launchChromium(dirs) {
  const { chromium } = requireFromProject('playwright-core');
  // Playwright puts its temporary browser profile into os.tmpdir(): keep it inside the run folder too.
  process.env.TMPDIR = dirs.tmp;
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: isolatedEnv(dirs),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-breakpad',
      '--disable-crash-reporter',
      '--password-store=basic',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

/** Files under `dir` (recursively) whose bytes contain `needle` as UTF-8 or UTF-16LE. */
export function grepTree(dir, needles, { skip = () => false } = {}) {
  const pats = needles.flatMap((n) => [Buffer.from(n, 'utf8'), Buffer.from(n, 'utf16le')]);
  const hits = [];
  let files = 0;
  const walk = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (skip(p)) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files++;
        let buf;
        try {
          buf = fs.readFileSync(p);
        } catch {
          continue;
        }
        if (pats.some((pat) => buf.includes(pat))) hits.push(p);
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return { hits, files };
}

/** Every entry of a .vsix (a zip), inflated, searched for the needles. */
export async function grepVsix(vsix, needles) {
  const yauzl = createRequire(requireFromProject.resolve('@vscode/vsce'))('yauzl');
  const pats = needles.flatMap((n) => [Buffer.from(n, 'utf8'), Buffer.from(n, 'utf16le')]);
  return new Promise((resolve, reject) => {
    const hits = [];
    let entries = 0;
    yauzl.open(vsix, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (entry) => {
        if (/\/$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e2, stream) => {
          if (e2) return reject(e2);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => {
            entries++;
            const buf = Buffer.concat(chunks);
            if (pats.some((p) => buf.includes(p))) hits.push(entry.fileName);
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve({ hits, files: entries }));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

// ---------- extension development in the web workbench ----------
/**
 * Makes every page of `context` patch the workbench configuration meta element with withDevelopmentOptions() as soon
 * as the parser inserts it (a MutationObserver from an init script; the workbench module script reads it later).
 * The page itself is not intercepted: a document fulfilled by Playwright loses its loopback address space, and
 * Chromium's Local Network Access checks then block the workbench's WebSocket to 127.0.0.1.
 */
export async function addDevelopmentOptions(context, opts) {
  await context.addInitScript(
    ({ source, opts: o }) => {
      const patchConfig = new Function(`return (${source})`)();
      const apply = () => {
        const el = document.getElementById('vscode-workbench-web-configuration');
        const raw = el?.getAttribute('data-settings');
        if (!el || !raw || raw.startsWith('{{')) return false;
        if (el.getAttribute('data-rutaapi-dev') !== '1') {
          el.setAttribute('data-settings', JSON.stringify(patchConfig(JSON.parse(raw), o)));
          el.setAttribute('data-rutaapi-dev', '1');
        }
        return true;
      };
      if (!apply()) {
        const mo = new MutationObserver(() => {
          if (apply()) mo.disconnect();
        });
        mo.observe(document, { childList: true, subtree: true });
      }
    },
    { source: withDevelopmentOptions.toString(), opts },
  );
}

/** Starts a new TMPDIR root for what comes next without deleting the current one (kept for a failed part). */
export function forgetShortTmpRoot() {
  shortTmpRoot = undefined;
}
