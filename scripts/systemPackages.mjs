#!/usr/bin/env node
// What each command needs from the machine (Debian packages), why, and installing what is missing.
//
//   node scripts/systemPackages.mjs --list [STEP]                 what each step needs and why
//   node scripts/systemPackages.mjs --check STEP [--editor NAMES]  exit 1 when something is missing
//   node scripts/systemPackages.mjs --install STEP [--editor NAMES] install what is missing, or stop with the command
//
// Steps: demo, editors, e2e, bench, matrix, ci. `npm run demo`, `npm test` (right before its real-editor step),
// `npm run test:e2e`, `npm run editors -- --install`, `npm run test:matrix`, `npm run bench` and `.ci/run` call
// ensureSystemPackages() (or this CLI) before the step that needs the packages, so a missing one stops them within
// seconds, before any long download. Typecheck, lint, unit and integration tests need nothing from here.
//
// With apt (dpkg-query and apt-get on PATH): missing packages are installed when this process is root or `sudo -n`
// works (one `apt-get update`, one `apt-get install -y --no-install-recommends …`); otherwise the error is the one line
// to run. Without apt: the binaries are looked up on PATH and what is missing is named by what it is.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every package, why it is needed, and what it is on a system without apt (binaries to look for, how to point at one). */
export const PACKAGES = Object.freeze({
  ripgrep: {
    why: "code-server's search and Quick Open: Debian's rg is seeded into @vscode/ripgrep, which would download it from GitHub",
    what: 'ripgrep',
    bins: ['rg'],
    point: 'put `rg` on PATH',
  },
  'build-essential': {
    why: "code-server's npm install builds its native modules (node-pty, spdlog, native-watchdog, argon2…) with g++ and make",
    what: 'a C++ toolchain',
    bins: ['g++', 'make'],
    point: 'put g++ (or c++) and make on PATH',
  },
  python3: {
    why: 'node-gyp, which builds those modules, runs on Python 3',
    what: 'Python 3',
    bins: ['python3'],
    point: 'put python3 on PATH',
  },
  chromium: {
    why: 'the real-editor tests and the benchmark drive a headless Chromium (Debian’s, through playwright-core)',
    what: 'a Chromium binary',
    bins: ['chromium'],
    point: 'point CHROMIUM=/path/to/chrome at a Chromium or Chrome binary',
  },
  'fonts-liberation': {
    why: 'fonts for the browser, so screenshots and text measured in the UI scenarios have real glyphs',
    what: 'fonts (Liberation)',
    bins: [],
    point: 'install any sans-serif fonts',
  },
  'fonts-dejavu-core': {
    why: 'the fallback font Chromium uses for symbols and non-Latin text in the same screenshots',
    what: 'fonts (DejaVu)',
    bins: [],
    point: 'install any sans-serif fonts',
  },
});

/** Installing an editor (code-server from npm, first use only). Not needed once it is installed, or with CS_BIN. */
export const EDITOR_INSTALL = Object.freeze(['ripgrep', 'build-essential', 'python3']);
/** Driving a browser. Chromium is not needed when CHROMIUM names an existing binary. */
export const BROWSER = Object.freeze(['chromium', 'fonts-liberation', 'fonts-dejavu-core']);

export const STEPS = Object.freeze({
  demo: { command: 'npm run demo', groups: ['editorInstall'] },
  editors: { command: 'npm run editors -- --install', groups: ['editorInstall'] },
  e2e: { command: 'the real-editor tests (npm test, npm run test:e2e)', groups: ['editorInstall', 'browser'] },
  bench: { command: 'npm run bench', groups: ['editorInstall', 'browser'] },
  matrix: { command: 'npm run test:matrix', groups: ['editorInstall', 'browser'] },
  ci: { command: '.ci/run', groups: ['editorInstall', 'browser'], always: true },
});
const GROUPS = { editorInstall: EDITOR_INSTALL, browser: BROWSER };

export class SystemPackagesError extends Error {}

/** Where `cmd` is on `env.PATH` (or `cmd` itself when it is a path to an executable file), else ''. */
export function which(cmd, env = process.env) {
  const ok = (p) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (cmd.includes('/')) return ok(cmd) ? cmd : '';
  for (const dir of String(env.PATH ?? '').split(path.delimiter)) {
    if (dir && ok(path.join(dir, cmd))) return path.join(dir, cmd);
  }
  return '';
}

/**
 * The packages a step needs right now. `editorsInstalled`: every editor the step would use is installed (or CS_BIN is
 * set), so nothing is built; a CHROMIUM that names an existing binary replaces the chromium package.
 */
export function packagesFor(step, { editorsInstalled = false, env = process.env } = {}) {
  const s = STEPS[step];
  if (!s) throw new SystemPackagesError(`unknown step "${step}": use one of ${Object.keys(STEPS).join(', ')}`);
  const out = [];
  for (const g of s.groups) {
    if (!s.always && g === 'editorInstall' && (editorsInstalled || env.CS_BIN)) continue;
    for (const p of GROUPS[g]) {
      if (!s.always && p === 'chromium' && env.CHROMIUM && which(env.CHROMIUM, env)) continue;
      if (!out.includes(p)) out.push(p);
    }
  }
  return out;
}

function run(cmd, args, { env, stdio = 'pipe' }) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', stdio: stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : stdio });
  return { status: r.error ? -1 : r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** True when dpkg says the package is installed (`dpkg-query -W -f '${Status}'` → "install ok installed"). */
export function isInstalled(pkg, env = process.env) {
  const r = run('dpkg-query', ['-W', '-f=${Status}', pkg], { env });
  return r.status === 0 && /^install ok installed\b/.test(r.stdout.trim());
}

const hasApt = (env) => Boolean(which('dpkg-query', env) && which('apt-get', env));

/** How this process can run apt-get: 'root', 'sudo' (`sudo -n true` works) or null. */
export function privilege({ env = process.env, uid = typeof process.getuid === 'function' ? process.getuid() : -1 } = {}) {
  if (uid === 0) return 'root';
  if (which('sudo', env) && run('sudo', ['-n', 'true'], { env }).status === 0) return 'sudo';
  return null;
}

export const installCommand = (pkgs) => `sudo apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;

function describe(pkgs) {
  const w = Math.max(...pkgs.map((p) => p.length));
  return pkgs.map((p) => `  ${p.padEnd(w)}  ${PACKAGES[p].why}`).join('\n');
}

/**
 * Makes sure the packages `step` needs are there. Installs the missing ones with apt-get when it can, otherwise throws
 * a SystemPackagesError whose message says what to run (or, without apt, what is missing and how to point at it).
 * Returns { step, needed, missing, installed, via }.
 */
export function ensureSystemPackages(
  step,
  { editorsInstalled = false, env = process.env, uid, log = (m) => console.error(`[system] ${m}`), install = true } = {},
) {
  const needed = packagesFor(step, { editorsInstalled, env });
  const command = STEPS[step].command;
  const result = { step, needed, missing: [], installed: [], via: null };
  if (!needed.length) return result;

  if (!hasApt(env)) {
    const missing = needed.filter((p) => PACKAGES[p].bins.length && !PACKAGES[p].bins.every((b) => which(b, env)));
    // A C++ toolchain may be c++ rather than g++.
    const toolchain = missing.indexOf('build-essential');
    if (toolchain >= 0 && which('c++', env) && which('make', env)) missing.splice(toolchain, 1);
    result.missing = missing;
    if (!missing.length) return result;
    throw new SystemPackagesError(
      [
        `${command} needs, and this system has no apt-get (dpkg-query) to install them:`,
        ...missing.map(
          (p) => `  - ${PACKAGES[p].what} (${PACKAGES[p].bins.join(', ')} not found on PATH): ${PACKAGES[p].point}; ${PACKAGES[p].why}`,
        ),
      ].join('\n'),
    );
  }

  const missing = needed.filter((p) => !isInstalled(p, env));
  result.missing = missing;
  if (!missing.length) return result;
  const via = privilege({ env, uid });
  if (!install || !via) {
    throw new SystemPackagesError(
      [
        `${command} needs Debian packages that are not installed:`,
        describe(missing),
        install ? 'Not root and `sudo -n` needs a password, so install them yourself, then run it again:' : 'Install them with:',
        `  ${installCommand(missing)}`,
      ].join('\n'),
    );
  }
  log(
    `${command} needs ${missing.length} Debian package${missing.length === 1 ? '' : 's'} that ${missing.length === 1 ? 'is' : 'are'} missing:\n${describe(missing)}`,
  );
  const prefix = via === 'sudo' ? ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'] : [];
  const apt = (args) => {
    const argv = [...prefix, 'apt-get', ...args];
    log(`$ ${argv.join(' ')}`);
    const r = spawnSync(argv[0], argv.slice(1), {
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return r.error ? -1 : r.status;
  };
  const t0 = Date.now();
  if (apt(['update', '-q']) !== 0)
    throw new SystemPackagesError(`apt-get update failed; install them yourself:\n  ${installCommand(missing)}`);
  if (apt(['install', '-y', '-q', '--no-install-recommends', ...missing]) !== 0 || missing.some((p) => !isInstalled(p, env))) {
    throw new SystemPackagesError(`apt-get install failed; install them yourself:\n  ${installCommand(missing)}`);
  }
  result.installed = missing;
  result.via = via;
  log(`installed ${missing.join(' ')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return result;
}

/** Whether every editor in `editors` (catalogue entries of test/e2e/lib/editors.mjs) is installed. */
export async function editorsInstalled(editors) {
  const m = await import('../test/e2e/lib/editors.mjs');
  return editors.every((e) => m.describeEditor(e).installed);
}

/** ensureSystemPackages for a command about to use `editors`: prints the error and exits 1 when it cannot go on. */
export async function ensureOrExit(step, editors = []) {
  try {
    return ensureSystemPackages(step, { editorsInstalled: editors.length > 0 && (await editorsInstalled(editors)) });
  } catch (e) {
    if (!(e instanceof SystemPackagesError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}

function listText(step) {
  const steps = step ? [step] : Object.keys(STEPS);
  const lines = [];
  for (const s of steps) {
    if (!STEPS[s]) throw new SystemPackagesError(`unknown step "${s}": use one of ${Object.keys(STEPS).join(', ')}`);
    const pkgs = packagesFor(s, { env: {} });
    lines.push(`${s}: ${STEPS[s].command}\n${describe(pkgs)}`);
  }
  lines.push(
    'The editor-install packages are needed only while an editor is not yet installed in .cache/ (and not with CS_BIN);',
    'chromium not when CHROMIUM names a browser binary.',
  );
  return lines.join('\n');
}

async function main(argv) {
  const usage =
    'usage: node scripts/systemPackages.mjs --list [STEP] | --check STEP [--editor NAMES] | --install STEP [--editor NAMES]\n' +
    `steps: ${Object.keys(STEPS).join(', ')}`;
  let mode = null;
  let step = null;
  let editorSpec = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--list' || a === '--check' || a === '--install') {
      mode = a.slice(2);
      if (argv[i + 1] && !argv[i + 1].startsWith('--')) step = argv[++i];
    } else if (a === '--editor') editorSpec = argv[++i];
    else if (a === '--help' || a === '-h') return (console.log(usage), 0);
    else return (console.error(`unknown argument: ${a}\n${usage}`), 2);
  }
  if (!mode || (mode !== 'list' && !step)) return (console.error(usage), 2);
  try {
    if (mode === 'list') return (console.log(listText(step)), 0);
    if (!STEPS[step]) throw new SystemPackagesError(`unknown step "${step}": use one of ${Object.keys(STEPS).join(', ')}`);
    let installedEditors = false;
    if (STEPS[step].groups.includes('editorInstall') && !STEPS[step].always) {
      const m = await import('../test/e2e/lib/editors.mjs');
      const spec = editorSpec ?? (step === 'matrix' ? 'all' : process.env.RUTAAPI_E2E_EDITOR || m.DEFAULT_EDITOR);
      installedEditors = await editorsInstalled(m.resolveEditors(spec));
    }
    const r = ensureSystemPackages(step, { editorsInstalled: installedEditors, install: mode === 'install' });
    if (!r.missing.length)
      console.error(
        `[system] ${STEPS[step].command}: ${r.needed.length ? `all there (${r.needed.join(' ')})` : 'needs nothing from the system now'}`,
      );
    return 0;
  } catch (e) {
    if (!(e instanceof SystemPackagesError)) throw e;
    console.error(e.message);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(await main(process.argv.slice(2)));
}
