// The editor catalogue of the real-editor tests (test/e2e/lib/editors.mjs): names, versions, the --list --json shape,
// argument parsing, the shrinkwrap patch that makes code-server 4.96.4 installable from the registry, and the
// summary lines the matrix prints. Pure parts only: nothing here installs or starts an editor.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Editors = typeof import('../../e2e/lib/editors.mjs');
type Report = typeof import('../../e2e/lib/report.mjs');
type DevOptions = typeof import('../../e2e/lib/devOptions.mjs');

describe('e2e editor catalogue', () => {
  let m: Editors;
  before(async () => {
    m = await import('../../e2e/lib/editors.mjs');
  });

  it('names the five editors with their code-server, VS Code and Node versions', () => {
    assert.deepEqual(
      m.EDITORS.map((e) => [e.name, e.codeServerVersion, e.vscode, e.nodeMajor]),
      [
        ['floor', '4.96.4', '1.96.4', 20],
        ['cursor-base', '4.99.4', '1.99.3', 20],
        ['default', '4.100.3', '1.100.3', 20],
        ['lm', '4.104.0', '1.104.0', 22],
        ['newest', '4.139.1', '1.139.1', 24],
      ],
    );
    assert.equal(m.DEFAULT_EDITOR, 'default');
  });

  it('the floor is the lowest version engines.vscode allows', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
    const floor = String(pkg.engines.vscode).replace(/^\^/, '').split('.').map(Number);
    const f = m.EDITORS.find((e) => e.name === 'floor')!
      .vscode.split('.')
      .map(Number);
    assert.equal(f[0], floor[0]);
    assert.equal(f[1], floor[1]);
  });

  it('--list --json rows have exactly name, version, codeServer, node, installed (absolute paths)', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'rutaapi-editors-'));
    try {
      const rows = m.catalogueJson(m.EDITORS.map((e) => m.describeEditor(e, cache)));
      assert.equal(rows.length, 5);
      for (const row of rows) {
        assert.deepEqual(Object.keys(row), ['name', 'version', 'codeServer', 'node', 'installed']);
        assert.ok(path.isAbsolute(row.codeServer), row.codeServer);
        assert.ok(path.isAbsolute(row.node), row.node);
        assert.equal(row.installed, false); // an empty cache
      }
      const newest = rows.find((x) => x.name === 'newest')!;
      assert.equal(newest.version, '1.139.1');
      assert.ok(newest.codeServer.startsWith(path.join(cache, 'code-server', '4.139.1')), newest.codeServer);
      assert.ok(newest.node.startsWith(path.join(cache, 'node', '24')), newest.node);
      // Node 20 editors run on this Node (no download).
      assert.equal(rows.find((x) => x.name === 'floor')!.node, process.execPath);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  it('installed needs the code-server marker and binary and, for another Node major, that Node', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'rutaapi-editors-'));
    try {
      const lm = m.EDITORS.find((e) => e.name === 'lm')!;
      const home = m.codeServerHomeFor(lm.codeServerVersion, cache);
      fs.mkdirSync(path.dirname(m.codeServerBinIn(home)), { recursive: true });
      fs.writeFileSync(m.codeServerBinIn(home), '');
      fs.writeFileSync(path.join(home, '.complete'), '4.104.0\n');
      assert.equal(m.describeEditor(lm, cache).installed, false, 'Node 22 missing');
      const node = m.nodeBinFor(22, cache);
      fs.mkdirSync(path.dirname(node), { recursive: true });
      fs.writeFileSync(node, '');
      fs.writeFileSync(path.join(m.nodeHome(22, cache), '.complete'), 'v22\n');
      assert.equal(m.describeEditor(lm, cache).installed, true);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  it('resolves --editor names, all, and lists; rejects unknown names', () => {
    assert.deepEqual(
      m.resolveEditors('all').map((e) => e.name),
      ['floor', 'cursor-base', 'default', 'lm', 'newest'],
    );
    assert.deepEqual(
      m.resolveEditors('newest').map((e) => e.name),
      ['newest'],
    );
    assert.deepEqual(
      m.resolveEditors('lm,floor,lm').map((e) => e.name),
      ['lm', 'floor'],
    );
    assert.deepEqual(
      m.resolveEditors('4.99.4').map((e) => e.name),
      ['cursor-base'],
    );
    assert.throws(() => m.resolveEditors('insiders'), /unknown editor "insiders".*floor, cursor-base, default, lm, newest or all/);
    assert.throws(() => m.resolveEditors(''), /needs a name/);
  });

  it('takes --editor out of the e2e arguments and leaves the rest', () => {
    assert.deepEqual(m.takeEditorArg(['--grep', 'canary', '--editor', 'newest', '--keep']), {
      editor: 'newest',
      rest: ['--grep', 'canary', '--keep'],
    });
    assert.deepEqual(m.takeEditorArg(['--editor=all']), { editor: 'all', rest: [] });
    assert.deepEqual(m.takeEditorArg(['--keep']), { editor: 'default', rest: ['--keep'] });
    assert.throws(() => m.takeEditorArg(['--editor']), /needs a name/);
    assert.throws(() => m.takeEditorArg(['--editor', '--keep']), /needs a name/);
  });

  it('parses editors.mjs arguments', () => {
    assert.deepEqual(m.parseEditorsArgs(['--list', '--json']), { list: true, json: true, install: null, help: false });
    assert.deepEqual(m.parseEditorsArgs(['--install', 'all']), { list: false, json: false, install: 'all', help: false });
    assert.deepEqual(m.parseEditorsArgs(['--install=floor']), { list: false, json: false, install: 'floor', help: false });
    assert.deepEqual(m.parseEditorsArgs([]), { list: true, json: false, install: null, help: false });
    assert.throws(() => m.parseEditorsArgs(['--install']), /needs a name/);
    assert.throws(() => m.parseEditorsArgs(['--install', 'nope']), /unknown editor/);
    assert.throws(() => m.parseEditorsArgs(['--frobnicate']), /unknown argument/);
  });
});

describe('e2e editor install: modules not installed', () => {
  it('drops kerberos (only for Kerberos proxies; needs libkrb5-dev) from lib/vscode package.json and shrinkwrap', async () => {
    const m: Editors = await import('../../e2e/lib/editors.mjs');
    assert.deepEqual(Object.keys(m.SKIPPED_MODULES), ['kerberos']);
    // The shape of code-server 4.100.3's lib/vscode (lockfileVersion 3), trimmed.
    const pkg = { dependencies: { kerberos: '2.1.1', 'node-pty': '^1.1.0-beta33' }, overrides: { 'kerberos@2.1.1': {} } };
    const wrap = {
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { kerberos: '2.1.1', 'node-pty': '^1.1.0-beta33' } },
        'node_modules/kerberos': { version: '2.1.1', hasInstallScript: true },
        'node_modules/node-pty': { version: '1.1.0-beta33', hasInstallScript: true },
      },
    };
    assert.deepEqual(m.dropModules(pkg, wrap, ['kerberos']), ['kerberos']);
    assert.deepEqual(pkg.dependencies, { 'node-pty': '^1.1.0-beta33' });
    assert.deepEqual(Object.keys(wrap.packages), ['', 'node_modules/node-pty']);
    assert.deepEqual(wrap.packages[''].dependencies, { 'node-pty': '^1.1.0-beta33' });
    assert.deepEqual(m.dropModules(pkg, wrap, ['kerberos']), [], 'idempotent');
  });
});

describe('e2e editor install: shrinkwrap patch (code-server 4.96.4)', () => {
  let m: Editors;
  before(async () => {
    m = await import('../../e2e/lib/editors.mjs');
  });

  // The shape of lib/vscode/npm-shrinkwrap.json in code-server 4.96.4 (lockfileVersion 3), trimmed.
  const fixture = () => ({
    name: 'code-oss-dev',
    lockfileVersion: 3,
    packages: {
      '': { name: 'code-oss-dev', dependencies: { '@vscode/proxy-agent': '^0.27.0', '@vscode/ripgrep': '^1.15.9' } },
      'node_modules/@vscode/proxy-agent': {
        version: '0.27.0',
        resolved: 'git+ssh://git@github.com/microsoft/vscode-proxy-agent.git#0803e0a7d1249bcb64ae9d256d0ee732b7246ea5',
        integrity: 'sha512-from-github',
        license: 'MIT',
      },
      'node_modules/@vscode/ripgrep': {
        version: '1.15.9',
        resolved: 'https://registry.npmjs.org/@vscode/ripgrep/-/ripgrep-1.15.9.tgz',
        integrity: 'sha512-ripgrep',
      },
    },
  });
  const REGISTRY = {
    tarball: 'https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-0.27.0.tgz',
    integrity: 'sha512-registry',
  };

  it('points the GitHub-pinned entry at the registry tarball of the same version, with its integrity', () => {
    const wrap = fixture();
    const asked: string[] = [];
    const changes = m.patchGitPinnedShrinkwrap(wrap, (name, version) => {
      asked.push(`${name}@${version}`);
      return REGISTRY;
    });
    assert.deepEqual(asked, ['@vscode/proxy-agent@0.27.0']);
    assert.equal(changes.length, 1);
    assert.equal(changes[0].name, '@vscode/proxy-agent');
    assert.equal(wrap.packages['node_modules/@vscode/proxy-agent'].resolved, REGISTRY.tarball);
    assert.equal(wrap.packages['node_modules/@vscode/proxy-agent'].integrity, 'sha512-registry');
    assert.equal(wrap.packages['node_modules/@vscode/proxy-agent'].version, '0.27.0');
    // Registry entries are left alone.
    assert.equal(wrap.packages['node_modules/@vscode/ripgrep'].integrity, 'sha512-ripgrep');
  });

  it('is idempotent and a no-op for shrinkwraps without git pins', () => {
    const wrap = fixture();
    m.patchGitPinnedShrinkwrap(wrap, () => REGISTRY);
    const again = m.patchGitPinnedShrinkwrap(wrap, () => {
      throw new Error('no lookup expected');
    });
    assert.deepEqual(again, []);
  });

  it('handles nested entries and lockfile v1 dependencies', () => {
    const wrap = {
      packages: { 'node_modules/a/node_modules/@s/b': { version: '1.2.3', resolved: 'github:s/b#abc' } },
      dependencies: {
        c: {
          version: '2.0.0',
          resolved: 'git+https://github.com/x/c.git#def',
          dependencies: { e: { version: '3.0.0', resolved: 'https://codeload.github.com/x/e/tar.gz/1' } },
        },
      },
    };
    const changes = m.patchGitPinnedShrinkwrap(wrap, (name, version) => ({
      tarball: `https://r/${name}-${version}.tgz`,
      integrity: `sha512-${name}`,
    }));
    assert.deepEqual(
      changes.map((c) => `${c.name}@${c.version}`),
      ['@s/b@1.2.3', 'c@2.0.0', 'e@3.0.0'],
    );
    assert.equal(wrap.packages['node_modules/a/node_modules/@s/b'].resolved, 'https://r/@s/b-1.2.3.tgz');
  });

  it('fails loudly when the registry has no such version', () => {
    assert.throws(
      () => m.patchGitPinnedShrinkwrap(fixture(), () => ({ tarball: '', integrity: '' })),
      /no tarball\/integrity for @vscode\/proxy-agent@0.27.0/,
    );
  });

  it('rewrites a package.json git spec of a patched top-level package to its version', () => {
    const wrap = fixture();
    const changes = m.patchGitPinnedShrinkwrap(wrap, () => REGISTRY);
    const pkg = { dependencies: { '@vscode/proxy-agent': 'github:microsoft/vscode-proxy-agent#0803e0a', other: '^1.0.0' } };
    assert.deepEqual(
      m.patchGitDependencySpecs(pkg, changes).map((x) => x.to),
      ['0.27.0'],
    );
    assert.equal(pkg.dependencies['@vscode/proxy-agent'], '0.27.0');
    const semver = { dependencies: { '@vscode/proxy-agent': '^0.27.0' } };
    assert.deepEqual(m.patchGitDependencySpecs(semver, changes), []);
  });

  it('recognises git and registry resolutions, and package names in lockfile keys', () => {
    for (const g of [
      'git+ssh://git@github.com/a/b.git#1',
      'git://github.com/a/b',
      'github:a/b#1',
      'https://github.com/a/b/archive/1.tar.gz',
      'https://codeload.github.com/a/b/tar.gz/1',
    ]) {
      assert.ok(m.isGitResolved(g), g);
    }
    assert.ok(!m.isGitResolved('https://registry.npmjs.org/a/-/a-1.0.0.tgz'));
    assert.ok(!m.isGitResolved(undefined));
    assert.equal(m.packageNameFromKey('node_modules/a/node_modules/@s/b'), '@s/b');
    assert.equal(m.packageNameFromKey('node_modules/x'), 'x');
  });

  it('reads the rg release from @vscode/ripgrep postinstall sources', () => {
    assert.equal(
      m.ripgrepReleaseFromPostinstall("const VERSION = 'v13.0.0-10';\nconst MULTI_ARCH_LINUX_VERSION = 'v13.0.0-4';"),
      'v13.0.0-10',
    );
    assert.equal(m.ripgrepReleaseFromPostinstall('module.exports = {}'), null);
    assert.equal(m.ripgrepTarget('x64'), 'x86_64-unknown-linux-musl');
  });

  it("the nested npm gets the editor Node first on PATH and its headers as nodedir, and none of npm run's variables", () => {
    const saved = { ...process.env };
    try {
      process.env.npm_lifecycle_event = 'test';
      process.env.npm_config_registry = 'https://registry.example/';
      const env = m.npmEnv({ node: '/n/24/bin/node', nodedir: '/n/24', tmp: '/t' });
      assert.ok(env.PATH!.startsWith('/n/24/bin:'), env.PATH);
      assert.equal(env.npm_config_nodedir, '/n/24');
      assert.equal(env.TMPDIR, '/t');
      assert.equal(env.npm_config_yes, 'true');
      assert.equal(env.npm_config_unsafe_perm, 'true');
      assert.equal(env.npm_lifecycle_event, undefined);
      assert.equal(env.npm_config_registry, 'https://registry.example/');
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});

describe('e2e reports', () => {
  let m: Editors;
  let r: Report;
  let d: DevOptions;
  before(async () => {
    m = await import('../../e2e/lib/editors.mjs');
    r = await import('../../e2e/lib/report.mjs');
    d = await import('../../e2e/lib/devOptions.mjs');
  });

  it('the matrix ends with one "N passed, N failed" line', () => {
    assert.equal(m.summaryLine({ passed: 140, failed: 0 }), '140 passed, 0 failed');
    const rows = [
      r.editorSummaryRow({
        name: 'floor',
        vscode: '1.96.4',
        ms: 301_000,
        totals: { passed: 28, failed: 0, skipped: 0 },
        scenarios: [{ id: 1, name: 'newcomer happy path', ok: true }],
        happyPath: { wallTimeMs: 4321, editorActivationMs: 12 },
      }),
      r.editorSummaryRow({
        name: 'newest',
        vscode: '1.139.1',
        ms: 320_000,
        totals: { passed: 27, failed: 1, skipped: 0 },
        editorSuite: { failures: [] },
        scenarios: [{ id: 9, name: 'canary', ok: false }],
      }),
    ];
    assert.deepEqual(rows[0], {
      name: 'floor',
      vscode: '1.96.4',
      passed: 28,
      failed: 0,
      skipped: 0,
      seconds: 301,
      happyWallS: 4.3,
      activationMs: 12,
      failedTests: [],
    });
    assert.deepEqual(rows[1].failedTests, ['scenario 9: canary']);
    const table = r.formatEditorTable(rows).split('\n');
    assert.equal(table.at(-1), '55 passed, 1 failed');
    assert.match(table[0], /^editor\s+VS Code\s+passed\s+failed/);
    assert.ok(
      table.some((l) => /^newest\s+1\.139\.1\s+27\s+1\b/.test(l)),
      table.join('\n'),
    );
    assert.ok(table.includes('  ✘ newest: scenario 9: canary'));
  });

  it("developmentOptions carry the product and the suite as vscode-remote URIs, keeping the server's options", () => {
    const config = { remoteAuthority: 'x', developmentOptions: { logLevel: 2 }, folderUri: { scheme: 'vscode-remote' } };
    const out = d.withDevelopmentOptions(config, {
      extensionPaths: ['/work/main'],
      extensionTestsPath: '/work/main/out/editor-tests/index.js',
    });
    assert.deepEqual(out.developmentOptions, {
      logLevel: 2,
      extensions: [{ $mid: 1, scheme: 'vscode-remote', authority: 'remote', path: '/work/main' }],
      extensionTestsPath: { $mid: 1, scheme: 'vscode-remote', authority: 'remote', path: '/work/main/out/editor-tests/index.js' },
    });
    assert.equal(out.remoteAuthority, 'x');
    assert.deepEqual(config.developmentOptions, { logLevel: 2 }, 'the input is not mutated');
    // Serialisable the way the workbench reads it back (JSON in a data attribute).
    assert.deepEqual(JSON.parse(JSON.stringify(out)), out);
  });
});
