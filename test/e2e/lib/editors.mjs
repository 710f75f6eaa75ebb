// The editor catalogue: the code-server builds the real-editor tests run on, and how each one is installed.
//
// engines.vscode is ^1.96.0, so the tests run on the floor (1.96.4), the base Cursor shipped for a long time (1.99.3),
// the default (1.100.3, what `npm test` uses), the first one with the language-model API set we care about (1.104.0)
// and the newest code-server on npm. Each is installed with npm into <project>/.cache/code-server/<version> and runs
// on the Node major its package.json `engines.node` names: Node 20 is the machine's, Node 22 and 24 come from npm
// (the `node-linux-<arch>` package, which carries the binary and its headers) into <project>/.cache/node/<major>.
//
// Workarounds, all applied by installCodeServer() (see ../shared/recipes/code-server-e2e/RECIPE.md §0):
//   - @vscode/ripgrep's postinstall downloads rg from GitHub: its cache is seeded with Debian's /usr/bin/rg, for the
//     @vscode/ripgrep version and rg release that this code-server's lib/vscode shrinkwrap pins;
//   - node-pty's postinstall runs `npx node-gyp`: npm_config_yes=true;
//   - code-server's postinstall refuses to run as root without npm_config_unsafe_perm=true, and checks that npm runs
//     on the Node major it wants: that Node is first on PATH (npm's `#!/usr/bin/env node` then runs on it);
//   - native modules are built against the headers of the Node they run on: npm_config_nodedir points at that Node
//     (this machine's npmrc sets nodedir=/usr, the Node 20 headers);
//   - kerberos is not installed (dropped from lib/vscode's package.json and shrinkwrap before its install): VS Code only
//     loads it, lazily, to answer a proxy that asks for Kerberos (Negotiate) authentication, which none of our runs
//     meets, and building it needs the Kerberos headers (libkrb5-dev). The other native modules (node-pty, spdlog,
//     native-watchdog, deviceid, argon2…) need only a C++ toolchain and Python 3 (scripts/systemPackages.mjs);
//   - lib/vscode shrinkwraps that pin a package to a GitHub commit (code-server 4.96.4: @vscode/proxy-agent 0.27.0)
//     are pointed at the registry's tarball of the same version (installed with --ignore-scripts first, patched,
//     then `npm rebuild` runs the install scripts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CACHE_DIR = process.env.RUTAAPI_EDITOR_CACHE || path.join(PROJECT_ROOT, '.cache');
export const DEFAULT_EDITOR = 'default';

/** The five editors. `vscode` is the VS Code version the code-server build reports ("with Code x.y.z"). */
export const EDITORS = Object.freeze(
  [
    { name: 'floor', codeServerVersion: '4.96.4', vscode: '1.96.4', nodeMajor: 20, note: 'engines.vscode floor (^1.96.0)' },
    {
      name: 'cursor-base',
      codeServerVersion: '4.99.4',
      vscode: '1.99.3',
      nodeMajor: 20,
      note: 'the VS Code base Cursor shipped for a long time',
    },
    { name: 'default', codeServerVersion: '4.100.3', vscode: '1.100.3', nodeMajor: 20, note: 'what `npm test` runs on' },
    { name: 'lm', codeServerVersion: '4.104.0', vscode: '1.104.0', nodeMajor: 22, note: 'language-model API era' },
    { name: 'newest', codeServerVersion: '4.139.1', vscode: '1.139.1', nodeMajor: 24, note: 'newest code-server on npm' },
  ].map((e) => Object.freeze(e)),
);
export const EDITOR_NAMES = EDITORS.map((e) => e.name);

/**
 * `name`, `all`, or a comma-separated list → catalogue entries (in catalogue order for `all`).
 * Throws with the known names on an unknown one.
 */
export function resolveEditors(spec = DEFAULT_EDITOR, catalogue = EDITORS) {
  const s = String(spec ?? '').trim();
  if (!s) throw new Error(`--editor needs a name: ${catalogue.map((e) => e.name).join(', ')} or all`);
  if (s === 'all') return [...catalogue];
  const out = [];
  for (const n of s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const e = catalogue.find((c) => c.name === n || c.codeServerVersion === n || c.vscode === n);
    if (!e) throw new Error(`unknown editor "${n}": use one of ${catalogue.map((c) => c.name).join(', ')} or all`);
    if (!out.includes(e)) out.push(e);
  }
  return out;
}

/** Parses `--editor X` / `--editor=X` out of argv; returns { editor, rest } (rest = argv without it). */
export function takeEditorArg(argv, fallback = DEFAULT_EDITOR) {
  const rest = [];
  let editor = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--editor' || a === '-e') {
      editor = argv[i + 1];
      if (editor === undefined || editor.startsWith('--')) throw new Error(`--editor needs a name: ${EDITOR_NAMES.join(', ')} or all`);
      i++;
    } else if (a.startsWith('--editor=')) editor = a.slice('--editor='.length);
    else rest.push(a);
  }
  return { editor: editor ?? fallback, rest };
}

/** Arguments of test/e2e/editors.mjs: --list [--json] | --install <name|all>. Throws on anything else. */
export function parseEditorsArgs(argv) {
  const o = { list: false, json: false, install: null, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--list') o.list = true;
    else if (a === '--json') o.json = true;
    else if (a === '--install') {
      o.install = argv[++i];
      if (!o.install || o.install.startsWith('--')) throw new Error(`--install needs a name: ${EDITOR_NAMES.join(', ')} or all`);
    } else if (a.startsWith('--install=')) o.install = a.slice('--install='.length);
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  if (o.install) resolveEditors(o.install); // validate the name early
  if (!o.list && !o.install && !o.help) o.list = true;
  return o;
}

// ---------- paths ----------
const systemNodeMajor = () => Number(process.versions.node.split('.')[0]);
const nodePackage = () => {
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  if (process.platform !== 'linux' || !arch)
    throw new Error(`editor install: Node from npm is only wired for linux x64/arm64, not ${process.platform}/${process.arch}`);
  return `node-linux-${arch}`;
};

export function nodeHome(major, cache = CACHE_DIR) {
  return path.join(cache, 'node', String(major));
}

/** Directory of an npm-installed Node (binary in bin/node, headers in include/node: usable as nodedir). */
export function nodeDistDir(major, cache = CACHE_DIR) {
  return path.join(nodeHome(major, cache), 'node_modules', nodePackage());
}

/** The Node binary an editor runs on: this Node when the major matches, else the npm-installed one. */
export function nodeBinFor(major, cache = CACHE_DIR) {
  if (major === systemNodeMajor()) return process.execPath;
  return path.join(nodeDistDir(major, cache), 'bin', 'node');
}

export function codeServerHomeFor(version, cache = CACHE_DIR) {
  return path.join(cache, 'code-server', version);
}

export function codeServerBinIn(home) {
  return path.join(home, 'node_modules', '.bin', 'code-server');
}

/** Where an editor lives and whether it is installed (both the code-server and its Node). */
export function describeEditor(e, cache = CACHE_DIR) {
  const home = codeServerHomeFor(e.codeServerVersion, cache);
  const codeServer = codeServerBinIn(home);
  const node = nodeBinFor(e.nodeMajor, cache);
  const nodeOk = node === process.execPath || fs.existsSync(path.join(nodeHome(e.nodeMajor, cache), '.complete'));
  const installed = nodeOk && fs.existsSync(path.join(home, '.complete')) && fs.existsSync(codeServer) && fs.existsSync(node);
  return { ...e, home, codeServer, node, installed };
}

/** The `--list --json` shape: exactly { name, version, codeServer, node, installed }. */
export function catalogueJson(described) {
  return described.map((d) => ({ name: d.name, version: d.vscode, codeServer: d.codeServer, node: d.node, installed: d.installed }));
}

// ---------- pure helpers (unit-tested) ----------
/** True for a lockfile `resolved` that is not a registry tarball (git, GitHub, codeload). */
export function isGitResolved(resolved) {
  return typeof resolved === 'string' && /^(git\+|git:|github:|ssh:|https?:\/\/(codeload\.)?github\.com\/)/.test(resolved);
}

/** Package name of a shrinkwrap `packages` key: "node_modules/a/node_modules/@s/b" → "@s/b". */
export function packageNameFromKey(key) {
  const i = key.lastIndexOf('node_modules/');
  return i < 0 ? key : key.slice(i + 'node_modules/'.length);
}

/**
 * Points every git-pinned entry of an npm shrinkwrap (lockfileVersion 2/3 `packages`, and v1/v2 `dependencies`) at
 * the registry's tarball of the same version. `lookup(name, version)` → { tarball, integrity }.
 * Mutates `shrinkwrap`; returns [{ key, name, version, from, to }].
 */
export function patchGitPinnedShrinkwrap(shrinkwrap, lookup) {
  const changes = [];
  const fix = (key, name, entry) => {
    if (!entry || !isGitResolved(entry.resolved)) return;
    const version = entry.version;
    if (!/^\d+\.\d+\.\d+/.test(String(version ?? ''))) return; // a git version we cannot map to the registry
    const { tarball, integrity } = lookup(name, version);
    if (!tarball || !integrity) throw new Error(`registry has no tarball/integrity for ${name}@${version}`);
    changes.push({ key, name, version, from: entry.resolved, to: tarball });
    entry.resolved = tarball;
    entry.integrity = integrity;
  };
  for (const [key, entry] of Object.entries(shrinkwrap.packages ?? {})) {
    if (key === '') continue;
    fix(key, packageNameFromKey(key), entry);
  }
  const walk = (deps, prefix) => {
    for (const [name, entry] of Object.entries(deps ?? {})) {
      // lockfile v1 git entries carry the git URL as "version": nothing to map them to, so fix() leaves them alone.
      fix(`${prefix}${name}`, name, entry);
      walk(entry.dependencies, `${prefix}${name}>`);
    }
  };
  walk(shrinkwrap.dependencies, '');
  return changes;
}

/** Native modules VS Code's server only loads on demand for something our runs never do, so they are not installed. */
export const SKIPPED_MODULES = Object.freeze({
  kerberos: 'loaded only for a proxy that asks for Kerberos authentication; building it needs libkrb5-dev',
});

/**
 * Drops `names` from an npm package.json (every dependency field) and its shrinkwrap (the root's dependency lists, the
 * top-level `node_modules/<name>` entry, lockfile v1 `dependencies`). Entries only it needed are left for npm to prune.
 * Mutates both; returns the names it dropped from either.
 */
export function dropModules(pkgJson, shrinkwrap, names) {
  const dropped = new Set();
  for (const name of names) {
    for (const field of ['dependencies', 'optionalDependencies', 'devDependencies']) {
      if (pkgJson?.[field]?.[name] !== undefined) {
        delete pkgJson[field][name];
        dropped.add(name);
      }
      const root = shrinkwrap?.packages?.[''];
      if (root?.[field]?.[name] !== undefined) {
        delete root[field][name];
        dropped.add(name);
      }
    }
    if (shrinkwrap?.packages?.[`node_modules/${name}`]) {
      delete shrinkwrap.packages[`node_modules/${name}`];
      dropped.add(name);
    }
    if (shrinkwrap?.dependencies?.[name]) {
      delete shrinkwrap.dependencies[name];
      dropped.add(name);
    }
  }
  return [...dropped];
}

/** package.json dependency specs that point at git for a package the shrinkwrap patch moved to the registry. */
export function patchGitDependencySpecs(pkgJson, changes) {
  const out = [];
  for (const field of ['dependencies', 'optionalDependencies', 'devDependencies']) {
    const deps = pkgJson[field];
    if (!deps) continue;
    for (const c of changes) {
      if (c.key !== `node_modules/${c.name}` && c.key !== c.name) continue; // top-level entries only
      const spec = deps[c.name];
      if (spec && (isGitResolved(spec) || /^[\w-]+\/[\w.-]+(#.*)?$/.test(spec))) {
        deps[c.name] = c.version;
        out.push({ field, name: c.name, from: spec, to: c.version });
      }
    }
  }
  return out;
}

/** `const VERSION = 'v13.0.0-10'` in @vscode/ripgrep's postinstall → 'v13.0.0-10' (null when it has none). */
export function ripgrepReleaseFromPostinstall(src) {
  const m = /\bconst\s+VERSION\s*=\s*['"]([^'"]+)['"]/.exec(src);
  return m ? m[1] : null;
}

export function ripgrepTarget(arch = process.arch) {
  const a = { x64: 'x86_64', arm64: 'aarch64' }[arch];
  if (!a) throw new Error(`code-server bootstrap: unsupported architecture ${arch}`);
  return `${a}-unknown-linux-musl`;
}

/** The one-line summary the matrix ends with. */
export function summaryLine({ passed, failed }) {
  return `${passed} passed, ${failed} failed`;
}

// ---------- install ----------
function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Directory lock, so that two runs (say `npm test` and `npm run demo`) do not install the same thing at once. */
export function withLock(lockDir, log, fn) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      } catch {}
      let alive = false;
      if (owner) {
        try {
          process.kill(owner, 0);
          alive = true;
        } catch {}
      }
      if (owner && !alive) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`editor install: lock ${lockDir} held too long by pid ${owner}`, { cause: e });
      log(`editor install: another process (pid ${owner || '?'}) is installing into ${path.basename(lockDir, '.lock')}, waiting…`);
      sleepSync(3000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * The environment of a nested npm: npm's own lifecycle variables (we may run inside `npm test`) are dropped, the
 * user's registry/proxy/cache settings kept; `node` (if given) is first on PATH and its headers are the nodedir.
 */
export function npmEnv({ tmp, xdg, node, nodedir } = {}) {
  const env = { ...process.env };
  const keepConfig =
    /^npm_config_(registry|@.*:registry|proxy|https_proxy|http_proxy|noproxy|no_proxy|cafile|ca|strict_ssl|cache|userconfig|globalconfig|fetch_.*|maxsockets)$/i;
  for (const k of Object.keys(env)) {
    if (/^npm_/i.test(k) && !keepConfig.test(k)) delete env[k];
  }
  delete env.INIT_CWD;
  Object.assign(env, {
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: process.env.npm_config_loglevel || 'warn',
  });
  if (tmp) env.TMPDIR = tmp;
  if (xdg) Object.assign(env, { XDG_CONFIG_HOME: `${xdg}/config`, XDG_DATA_HOME: `${xdg}/data`, XDG_CACHE_HOME: `${xdg}/cache` });
  if (node) env.PATH = `${path.dirname(node)}${path.delimiter}${env.PATH || ''}`;
  if (nodedir) env.npm_config_nodedir = nodedir;
  return env;
}

function npm(args, { cwd, env, log, quiet = false }) {
  log?.(`  $ npm ${args.join(' ')}`);
  const r = spawnSync('npm', args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
    maxBuffer: 64 << 20,
  });
  return r;
}

/** Makes sure Node <major> is available; returns its binary. Installs `node-linux-<arch>@<major>` from npm if needed. */
export function ensureNode(major, { log = console.log, cache = CACHE_DIR } = {}) {
  const bin = nodeBinFor(major, cache);
  if (bin === process.execPath) return bin;
  const home = nodeHome(major, cache);
  const marker = path.join(home, '.complete');
  if (fs.existsSync(marker) && fs.existsSync(bin)) return bin;
  return withLock(`${home}.lock`, log, () => {
    if (fs.existsSync(marker) && fs.existsSync(bin)) return bin;
    const t0 = Date.now();
    const pkg = `${nodePackage()}@${major}`;
    log(`editor install: Node ${major} from npm (${pkg}) into ${path.relative(PROJECT_ROOT, home)}`);
    fs.rmSync(home, { recursive: true, force: true });
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(path.join(home, 'package.json'), JSON.stringify({ private: true, name: `rutaapi-node-${major}` }, null, 2));
    const r = npm(['install', '--no-save', '--no-package-lock', pkg], { cwd: home, env: npmEnv(), log });
    if (r.status !== 0 || !fs.existsSync(bin)) throw new Error(`editor install: npm install ${pkg} failed (exit ${r.status})`);
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (v.status !== 0 || !v.stdout.startsWith(`v${major}.`))
      throw new Error(`editor install: ${bin} does not run as Node ${major}: ${v.stdout}${v.stderr}`);
    if (!fs.existsSync(path.join(nodeDistDir(major, cache), 'include', 'node', 'node.h'))) {
      throw new Error(`editor install: ${pkg} has no headers (include/node/node.h): native modules cannot be built for it`);
    }
    fs.writeFileSync(marker, `${v.stdout.trim()}\ninstalled ${new Date().toISOString()} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    log(`editor install: Node ${v.stdout.trim()} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return bin;
  });
}

function registryLookup(env) {
  return (name, version) => {
    const r = spawnSync('npm', ['view', `${name}@${version}`, 'dist.tarball', 'dist.integrity', '--json'], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm view ${name}@${version} failed: ${r.stderr}`);
    const j = JSON.parse(r.stdout);
    return { tarball: j['dist.tarball'], integrity: j['dist.integrity'] };
  };
}

/** Seeds @vscode/ripgrep's download cache (in TMPDIR) with Debian's rg, for the version this code-server pins. */
function seedRipgrep({ csDir, tmp, env, log }) {
  const rg = which('rg');
  if (!rg)
    throw new Error(
      'editor install needs ripgrep (`rg` on PATH; `node scripts/systemPackages.mjs --install editors`): @vscode/ripgrep would download rg from GitHub.',
    );
  const wrap = path.join(csDir, 'lib', 'vscode', 'npm-shrinkwrap.json');
  let pkgVersion = null;
  try {
    const sw = JSON.parse(fs.readFileSync(wrap, 'utf8'));
    pkgVersion = sw.packages?.['node_modules/@vscode/ripgrep']?.version ?? sw.dependencies?.['@vscode/ripgrep']?.version ?? null;
  } catch {}
  if (!pkgVersion) {
    log('editor install: no @vscode/ripgrep in lib/vscode/npm-shrinkwrap.json; nothing to seed');
    return;
  }
  // The rg release it downloads is a constant in its postinstall: read it from the package itself.
  const stage = fs.mkdtempSync(path.join(tmp, 'rgpkg-'));
  const r = spawnSync('npm', ['pack', `@vscode/ripgrep@${pkgVersion}`, '--pack-destination', stage, '--silent'], {
    cwd: stage,
    env,
    encoding: 'utf8',
  });
  let release = null;
  if (r.status === 0) {
    const tgz = fs.readdirSync(stage).find((f) => f.endsWith('.tgz'));
    const x = spawnSync('tar', ['-xzf', path.join(stage, tgz), '-C', stage, 'package/lib/postinstall.js'], { encoding: 'utf8' });
    if (x.status === 0) release = ripgrepReleaseFromPostinstall(fs.readFileSync(path.join(stage, 'package/lib/postinstall.js'), 'utf8'));
  }
  fs.rmSync(stage, { recursive: true, force: true });
  if (!release) {
    log(`editor install: @vscode/ripgrep@${pkgVersion} names no rg release to download; nothing to seed`);
    return;
  }
  const cacheDir = path.join(tmp, `vscode-ripgrep-cache-${pkgVersion}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  const rgStage = fs.mkdtempSync(path.join(tmp, 'rg-'));
  fs.copyFileSync(rg, path.join(rgStage, 'rg'));
  fs.chmodSync(path.join(rgStage, 'rg'), 0o755);
  const file = path.join(cacheDir, `ripgrep-${release}-${ripgrepTarget()}.tar.gz`);
  const tar = spawnSync('tar', ['-C', rgStage, '-czf', file, 'rg'], { stdio: 'inherit' });
  fs.rmSync(rgStage, { recursive: true, force: true });
  if (tar.status !== 0) throw new Error('editor install: could not create the ripgrep cache tarball');
  log(`editor install: seeded @vscode/ripgrep@${pkgVersion}'s cache with ${rg} as ${path.basename(file)}`);
}

/** Patches every git-pinned entry of lib/vscode's shrinkwraps (and the matching package.json specs). */
function patchShrinkwraps({ csDir, env, log }) {
  const lookup = registryLookup(env);
  const all = [];
  for (const rel of ['lib/vscode', 'lib/vscode/extensions']) {
    const wrapFile = path.join(csDir, rel, 'npm-shrinkwrap.json');
    if (!fs.existsSync(wrapFile)) continue;
    const wrap = JSON.parse(fs.readFileSync(wrapFile, 'utf8'));
    const changes = patchGitPinnedShrinkwrap(wrap, lookup);
    if (!changes.length) continue;
    fs.writeFileSync(wrapFile, `${JSON.stringify(wrap, null, 2)}\n`);
    const pkgFile = path.join(csDir, rel, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    const specs = patchGitDependencySpecs(pkg, changes);
    if (specs.length) fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
    for (const c of changes) log(`editor install: ${rel}/npm-shrinkwrap.json ${c.name}@${c.version}: ${c.from} → ${c.to}`);
    for (const s of specs) log(`editor install: ${rel}/package.json ${s.field}.${s.name}: ${s.from} → ${s.to}`);
    all.push(...changes.map((c) => ({ ...c, file: `${rel}/npm-shrinkwrap.json` })));
  }
  return all;
}

/** Drops SKIPPED_MODULES from lib/vscode (package.json and npm-shrinkwrap.json) before code-server's postinstall. */
function skipUnusedModules({ csDir, log }) {
  const dir = path.join(csDir, 'lib', 'vscode');
  const pkgFile = path.join(dir, 'package.json');
  const wrapFile = path.join(dir, 'npm-shrinkwrap.json');
  if (!fs.existsSync(pkgFile)) return [];
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  const wrap = fs.existsSync(wrapFile) ? JSON.parse(fs.readFileSync(wrapFile, 'utf8')) : null;
  const dropped = dropModules(pkg, wrap, Object.keys(SKIPPED_MODULES));
  if (!dropped.length) return [];
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  if (wrap) fs.writeFileSync(wrapFile, `${JSON.stringify(wrap, null, 2)}\n`);
  for (const name of dropped) log(`editor install: not installing ${name} (${SKIPPED_MODULES[name]})`);
  return dropped;
}

/**
 * Installs one editor (its Node first, then code-server) unless a completed install is there; returns describeEditor().
 * Steps: npm install --ignore-scripts code-server@V; patch git-pinned shrinkwrap entries; drop SKIPPED_MODULES; seed
 * the ripgrep cache;
 * npm rebuild (runs code-server's postinstall, which installs lib/vscode's dependencies and builds native modules).
 */
export function ensureEditor(e, { log = console.log, cache = CACHE_DIR } = {}) {
  const d = describeEditor(e, cache);
  if (d.installed) return d;
  const node = ensureNode(e.nodeMajor, { log, cache });
  const nodedir = node === process.execPath ? undefined : nodeDistDir(e.nodeMajor, cache);
  const home = d.home;
  const marker = path.join(home, '.complete');
  return withLock(`${home}.lock`, log, () => {
    if (fs.existsSync(marker) && fs.existsSync(d.codeServer)) return describeEditor(e, cache);
    const t0 = Date.now();
    log(
      `editor install: code-server@${e.codeServerVersion} (VS Code ${e.vscode}, Node ${e.nodeMajor}) into ${path.relative(PROJECT_ROOT, home)} ` +
        '(first use only; 1–4 minutes; needs the system packages of `node scripts/systemPackages.mjs --list`)',
    );
    fs.rmSync(home, { recursive: true, force: true });
    const tmp = path.join(home, '.tmp');
    const xdg = path.join(home, '.xdg');
    for (const dir of [tmp, `${xdg}/config`, `${xdg}/data`, `${xdg}/cache`]) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(home, 'package.json'), JSON.stringify({ private: true, name: 'rutaapi-code-server-cache' }, null, 2));
    const env = npmEnv({ tmp, xdg, node, nodedir });
    const fail = (what, r) =>
      new Error(
        `editor install (${e.name}): ${what} failed (exit ${r?.status ?? r?.signal}). ` +
          'Is a C++ toolchain with Python 3 there? `node scripts/systemPackages.mjs --check editors` says what is missing.',
      );

    let r = npm(['install', '--no-save', '--no-package-lock', '--ignore-scripts', `code-server@${e.codeServerVersion}`], {
      cwd: home,
      env,
      log,
    });
    if (r.status !== 0) throw fail(`npm install --ignore-scripts code-server@${e.codeServerVersion}`, r);
    const csDir = path.join(home, 'node_modules', 'code-server');
    const patched = patchShrinkwraps({ csDir, env, log });
    const skipped = skipUnusedModules({ csDir, log });
    seedRipgrep({ csDir, tmp, env, log });
    r = npm(['rebuild'], { cwd: home, env, log });
    if (r.status !== 0 || !fs.existsSync(d.codeServer)) throw fail('npm rebuild (code-server postinstall)', r);

    const v = spawnSync(node, [d.codeServer, '--version'], { env, encoding: 'utf8' });
    if (v.status !== 0 || !v.stdout.includes(e.codeServerVersion)) {
      throw new Error(`editor install (${e.name}): the installed code-server does not run on ${node}: ${v.stdout}${v.stderr}`);
    }
    const versionLine = v.stdout.split('\n').find((l) => l.startsWith(e.codeServerVersion)) || e.codeServerVersion;
    if (!versionLine.includes(`Code ${e.vscode}`)) log(`editor install: warning: expected VS Code ${e.vscode}, got "${versionLine}"`);
    fs.rmSync(tmp, { recursive: true, force: true });
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    fs.writeFileSync(
      marker,
      [
        versionLine,
        `installed ${new Date().toISOString()} on ${os.hostname()} in ${secs} s`,
        `node ${node}`,
        ...patched.map((p) => `patched ${p.file}: ${p.name}@${p.version} → ${p.to}`),
        ...skipped.map((name) => `not installed: ${name}`),
        '',
      ].join('\n'),
    );
    log(`editor install: ${e.name} done in ${secs} s (code-server ${versionLine}; Node ${e.nodeMajor})`);
    return describeEditor(e, cache);
  });
}

/** Install seconds recorded in an editor's .complete marker (null when unknown). */
export function installSeconds(d) {
  try {
    const m = /\bin ([\d.]+) s\b/.exec(fs.readFileSync(path.join(d.home, '.complete'), 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
