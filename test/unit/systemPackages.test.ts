// scripts/systemPackages.mjs against stub dpkg-query, apt-get and sudo executables (shell scripts in a temporary
// folder put first on PATH) and an injected uid: installs as root, through `sudo -n` when that works, refuses with the
// exact command when neither, names what is missing on a system without apt, and does nothing when all is there.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type SystemPackages = typeof import('../../scripts/systemPackages.mjs');
const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'systemPackages.mjs');

describe('system packages (scripts/systemPackages.mjs)', () => {
  let m: SystemPackages;
  let dir: string;
  before(async () => {
    m = await import('../../scripts/systemPackages.mjs');
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rutaapi-syspkg-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    // The few real tools the stubs use; nothing else from the machine (a real sudo or apt-get) is reachable.
    fs.mkdirSync(path.join(dir, 'tools'));
    for (const t of ['grep', 'env']) fs.symlinkSync(m.which(t), path.join(dir, 'tools', t));
    fs.writeFileSync(path.join(dir, 'installed'), '');
    fs.writeFileSync(path.join(dir, 'calls'), '');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const stub = (name: string, body: string) => {
    const file = path.join(dir, 'bin', name);
    fs.writeFileSync(file, `#!/bin/sh\nSTUB='${dir}'\necho "${name} $*" >> "$STUB/calls"\n${body}\n`);
    fs.chmodSync(file, 0o755);
  };
  // dpkg-query -W -f=${Status} PKG: installed when PKG is a line of $STUB/installed.
  const dpkg = () =>
    stub(
      'dpkg-query',
      'pkg=$3\nif grep -qx "$pkg" "$STUB/installed"; then printf "install ok installed"; exit 0; fi\necho "dpkg-query: no packages found matching $pkg" >&2; exit 1',
    );
  // apt-get install … PKGS: records them as installed.
  const aptGet = () =>
    stub(
      'apt-get',
      'if [ "$1" = install ]; then for a in "$@"; do case "$a" in install|-*) ;; *) echo "$a" >> "$STUB/installed";; esac; done; fi; exit 0',
    );
  const sudo = (works: boolean) =>
    stub(
      'sudo',
      works
        ? '[ "$1" = -n ] && shift; [ "$1" = true ] && exit 0; exec "$@"'
        : 'echo "sudo: a terminal is required to read the password" >&2; exit 1',
    );
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    PATH: `${path.join(dir, 'bin')}${path.delimiter}${path.join(dir, 'tools')}`,
    ...extra,
  });
  const installed = (...pkgs: string[]) => fs.writeFileSync(path.join(dir, 'installed'), pkgs.map((p) => `${p}\n`).join(''));
  const calls = () => fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n').filter(Boolean);
  const quiet = () => {};

  it('as root: one apt-get update, one apt-get install --no-install-recommends of exactly what is missing, says why', () => {
    dpkg();
    aptGet();
    installed('build-essential', 'python3', 'fonts-dejavu-core');
    const said: string[] = [];
    const r = m.ensureSystemPackages('e2e', { env: env(), uid: 0, log: (s) => said.push(s) });
    assert.deepEqual(r.installed, ['ripgrep', 'chromium', 'fonts-liberation']);
    assert.equal(r.via, 'root');
    const apt = calls().filter((c) => c.startsWith('apt-get'));
    assert.deepEqual(apt, ['apt-get update -q', 'apt-get install -y -q --no-install-recommends ripgrep chromium fonts-liberation']);
    assert.ok(!calls().some((c) => c.startsWith('sudo')), 'no sudo as root');
    const text = said.join('\n');
    assert.match(text, /ripgrep .*Quick Open/);
    assert.match(text, /chromium .*headless/);
  });

  it('not root, `sudo -n` works: installs through sudo -n', () => {
    dpkg();
    aptGet();
    sudo(true);
    installed('build-essential', 'python3');
    const r = m.ensureSystemPackages('demo', { env: env(), uid: 1000, log: quiet });
    assert.equal(r.via, 'sudo');
    assert.deepEqual(r.installed, ['ripgrep']);
    const c = calls();
    assert.ok(c.includes('sudo -n true'), 'asked sudo without a password first');
    assert.ok(c.includes('sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -q'));
    assert.ok(c.includes('sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ripgrep'));
  });

  it('not root and sudo wants a password: stops at once with the exact command, installs nothing', () => {
    dpkg();
    aptGet();
    sudo(false);
    installed('python3');
    const t0 = Date.now();
    assert.throws(
      () => m.ensureSystemPackages('demo', { env: env(), uid: 1000, log: quiet }),
      (e: Error) => {
        assert.ok(e instanceof m.SystemPackagesError);
        assert.ok(e.message.includes('sudo apt-get install -y --no-install-recommends ripgrep build-essential'), e.message);
        assert.match(e.message, /build-essential .*g\+\+/);
        return true;
      },
    );
    assert.ok(Date.now() - t0 < 5000);
    assert.ok(!calls().some((c) => c.startsWith('apt-get')), 'apt-get never ran');
  });

  it('without sudo at all, the same command', () => {
    dpkg();
    aptGet();
    assert.throws(
      () => m.ensureSystemPackages('editors', { env: env(), uid: 1000, log: quiet }),
      /sudo apt-get install -y --no-install-recommends ripgrep build-essential python3/,
    );
  });

  it('without apt: names the missing binaries by what they are and how to point at them', () => {
    // Only rg and python3 on PATH: no dpkg-query, no apt-get, no compiler, no browser.
    stub('rg', 'exit 0');
    stub('python3', 'exit 0');
    const onlyStubs = { PATH: path.join(dir, 'bin') };
    assert.throws(
      () => m.ensureSystemPackages('e2e', { env: onlyStubs, uid: 0, log: quiet }),
      (e: Error) => {
        assert.match(e.message, /no apt-get/);
        assert.match(e.message, /a C\+\+ toolchain \(g\+\+, make not found on PATH\)/);
        assert.match(e.message, /a Chromium binary .*CHROMIUM=\/path\/to\/chrome/);
        assert.ok(!/ripgrep|Python 3/.test(e.message), 'rg and python3 are there');
        return true;
      },
    );
    // A browser given through CHROMIUM and a toolchain on PATH: nothing missing.
    stub('c++', 'exit 0');
    stub('make', 'exit 0');
    stub('my-chrome', 'exit 0');
    const r = m.ensureSystemPackages('e2e', { env: { ...onlyStubs, CHROMIUM: path.join(dir, 'bin', 'my-chrome') }, uid: 0, log: quiet });
    assert.deepEqual(r.missing, []);
  });

  it('all there: asks dpkg only, runs neither sudo nor apt-get', () => {
    dpkg();
    aptGet();
    sudo(true);
    installed(...m.EDITOR_INSTALL, ...m.BROWSER);
    const r = m.ensureSystemPackages('bench', { env: env(), uid: 1000, log: assert.fail });
    assert.deepEqual(r.missing, []);
    assert.deepEqual(r.installed, []);
    assert.ok(
      calls().every((c) => c.startsWith('dpkg-query')),
      calls().join('\n'),
    );
  });

  it('what each step needs: nothing to build once the editors are installed (or with CS_BIN); CHROMIUM replaces chromium', () => {
    assert.deepEqual(m.packagesFor('demo', { env: {} }), ['ripgrep', 'build-essential', 'python3']);
    assert.deepEqual(m.packagesFor('demo', { editorsInstalled: true, env: {} }), []);
    assert.deepEqual(m.packagesFor('e2e', { env: { CS_BIN: '/x/code-server' } }), ['chromium', 'fonts-liberation', 'fonts-dejavu-core']);
    assert.deepEqual(m.packagesFor('e2e', { editorsInstalled: true, env: { CHROMIUM: process.execPath } }), [
      'fonts-liberation',
      'fonts-dejavu-core',
    ]);
    assert.deepEqual(m.packagesFor('ci', { editorsInstalled: true, env: { CS_BIN: '/x' } }), [...m.EDITOR_INSTALL, ...m.BROWSER]);
    assert.deepEqual(m.packagesFor('matrix', { env: {} }), m.packagesFor('bench', { env: {} }));
    assert.throws(() => m.packagesFor('nope'), /unknown step "nope"/);
    for (const p of [...m.EDITOR_INSTALL, ...m.BROWSER]) assert.ok(m.PACKAGES[p].why.length > 20, `${p} says why`);
  });

  it('the CLI lists every step with its packages and why, and refuses an unknown step', () => {
    const list = spawnSync(process.execPath, [SCRIPT, '--list'], { encoding: 'utf8' });
    assert.equal(list.status, 0, list.stderr);
    for (const s of Object.keys(m.STEPS)) assert.match(list.stdout, new RegExp(`^${s}: `, 'm'));
    assert.match(list.stdout, /^ {2}chromium +the real-editor tests/m);
    const bad = spawnSync(process.execPath, [SCRIPT, '--install', 'nope'], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /unknown step/);
  });
});
