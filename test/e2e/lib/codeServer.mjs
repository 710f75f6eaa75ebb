// code-server bootstrap, shared by the e2e harness (test/e2e/run.mjs) and `npm run demo`.
//
// code-server 4.100.3 (= VS Code 1.100.3) is installed with npm into <project>/.cache/code-server/<version>
// (git-ignored) on first use and reused afterwards. The install needs three workarounds on machines that can
// only reach the npm registry (see ../shared/recipes/code-server-e2e/RECIPE.md §0):
//   - @vscode/ripgrep's postinstall downloads rg from GitHub: its cache is seeded with Debian's /usr/bin/rg;
//   - node-pty's postinstall runs `npx node-gyp`: npm_config_yes=true;
//   - code-server's postinstall refuses to run as root without npm_config_unsafe_perm=true.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CODE_SERVER_VERSION = process.env.RUTAAPI_CODE_SERVER_VERSION || '4.100.3';
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_VERSION = 'v13.0.0-10';

export function codeServerHome() {
  return process.env.RUTAAPI_CODE_SERVER_HOME || path.join(PROJECT_ROOT, '.cache', 'code-server', CODE_SERVER_VERSION);
}

export function codeServerBin(home = codeServerHome()) {
  return path.join(home, 'node_modules', '.bin', 'code-server');
}

function ripgrepTarget() {
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch];
  if (!arch) throw new Error(`code-server bootstrap: unsupported architecture ${process.arch}`);
  return `ripgrep-${RIPGREP_VERSION}-${arch}-unknown-linux-musl.tar.gz`;
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Take a directory lock so that two runs (say `npm test` and `npm run demo`) do not install at the same time. */
function withLock(lockDir, log, fn) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = 0;
      try { owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8')); } catch {}
      let alive = false;
      if (owner) { try { process.kill(owner, 0); alive = true; } catch {} }
      if (owner && !alive) { fs.rmSync(lockDir, { recursive: true, force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`code-server bootstrap: lock ${lockDir} held too long by pid ${owner}`);
      log(`code-server bootstrap: another process (pid ${owner || '?'}) is installing, waiting…`);
      sleepSync(3000);
    }
  }
  try { return fn(); } finally { fs.rmSync(lockDir, { recursive: true, force: true }); }
}

/**
 * Make sure code-server is installed in the project cache; returns the path of its binary.
 * Prints what it does; a completed install is marked by `.complete` and reused.
 */
export function ensureCodeServer({ log = (m) => console.log(m) } = {}) {
  if (process.env.CS_BIN) return process.env.CS_BIN;
  const home = codeServerHome();
  const bin = codeServerBin(home);
  const marker = path.join(home, '.complete');
  if (fs.existsSync(marker) && fs.existsSync(bin)) return bin;

  return withLock(`${home}.lock`, log, () => {
    if (fs.existsSync(marker) && fs.existsSync(bin)) return bin;
    const rg = which('rg');
    if (!rg) {
      throw new Error('code-server bootstrap needs ripgrep (`apt-get install -y ripgrep`): its npm postinstall would ' +
        'otherwise download rg from GitHub.');
    }
    const t0 = Date.now();
    log(`code-server bootstrap: installing code-server@${CODE_SERVER_VERSION} into ${path.relative(PROJECT_ROOT, home)} ` +
      '(first use only; about 1 minute; needs the Debian packages listed in the README)');
    fs.rmSync(home, { recursive: true, force: true });
    const tmp = path.join(home, '.tmp');
    const xdg = path.join(home, '.xdg');
    for (const d of [tmp, `${xdg}/config`, `${xdg}/data`, `${xdg}/cache`]) fs.mkdirSync(d, { recursive: true });

    // Seed @vscode/ripgrep's download cache (it lives in os.tmpdir(), i.e. the TMPDIR given to npm below).
    log(`code-server bootstrap: seeding the ripgrep download cache with ${rg}`);
    const cacheDir = path.join(tmp, RIPGREP_CACHE);
    fs.mkdirSync(cacheDir, { recursive: true });
    const stage = fs.mkdtempSync(path.join(tmp, 'rg-'));
    fs.copyFileSync(rg, path.join(stage, 'rg'));
    fs.chmodSync(path.join(stage, 'rg'), 0o755);
    const tar = spawnSync('tar', ['-C', stage, '-czf', path.join(cacheDir, ripgrepTarget()), 'rg'], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error('code-server bootstrap: could not create the ripgrep cache tarball');
    fs.rmSync(stage, { recursive: true, force: true });

    fs.writeFileSync(path.join(home, 'package.json'), JSON.stringify({ private: true, name: 'rutaapi-code-server-cache' }, null, 2));
    const env = {
      ...process.env,
      TMPDIR: tmp,
      XDG_CONFIG_HOME: `${xdg}/config`,
      XDG_DATA_HOME: `${xdg}/data`,
      XDG_CACHE_HOME: `${xdg}/cache`,
    };
    // Inside `npm test` / `npm run …`, npm exports its own lifecycle settings (npm_package_*, npm_lifecycle_*,
    // npm_config_local_prefix, npm_config_prefix, an empty npm_config_allow_scripts, …). Keep only the user's
    // registry/proxy/cache settings so this nested install behaves like one typed in a shell.
    const keepConfig = /^npm_config_(registry|@.*:registry|proxy|https_proxy|http_proxy|noproxy|no_proxy|cafile|ca|strict_ssl|cache|userconfig|globalconfig|fetch_.*|maxsockets)$/i;
    for (const k of Object.keys(env)) {
      if (/^npm_/i.test(k) && !keepConfig.test(k)) delete env[k];
    }
    Object.assign(env, {
      npm_config_yes: 'true',
      npm_config_unsafe_perm: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      npm_config_loglevel: process.env.npm_config_loglevel || 'warn',
    });
    log(`code-server bootstrap: npm install code-server@${CODE_SERVER_VERSION} (builds native modules with node-gyp)`);
    const npm = spawnSync('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: home, env, stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (npm.status !== 0 || !fs.existsSync(bin)) {
      throw new Error(`code-server bootstrap: npm install failed (exit ${npm.status}). Are the Debian packages installed? ` +
        'apt-get install -y libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential python3 ripgrep');
    }
    const v = spawnSync(bin, ['--version'], { env, encoding: 'utf8' });
    if (v.status !== 0 || !v.stdout.includes(CODE_SERVER_VERSION)) {
      throw new Error(`code-server bootstrap: installed binary does not run: ${v.stdout}${v.stderr}`);
    }
    const versionLine = v.stdout.split('\n').find((l) => l.startsWith(CODE_SERVER_VERSION)) || CODE_SERVER_VERSION;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.writeFileSync(marker, `${versionLine}\ninstalled ${new Date().toISOString()} on ${os.hostname()}\n`);
    log(`code-server bootstrap: done in ${((Date.now() - t0) / 1000).toFixed(1)} s (code-server ${versionLine})`);
    return bin;
  });
}

// `node test/e2e/lib/codeServer.mjs` installs (or confirms) code-server and prints the binary path.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(ensureCodeServer());
}
