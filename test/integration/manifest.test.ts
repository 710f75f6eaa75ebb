// The Marketplace side of package.json, and what `vsce ls` would ship: only the extension's bundles, its media,
// translations and the documents the Marketplace shows; never a test, the bench, sources, scripts or screenshots.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

describe('package.json for the Marketplace and vsce ls', function () {
  this.timeout(60_000);

  it('is findable: AI and Chat categories, the words a user searches for, bugs, homepage, pricing', () => {
    const categories = pkg.categories as string[];
    assert.ok(categories.includes('AI') && categories.includes('Chat'), `categories: ${categories.join(', ')}`);
    const keywords = (pkg.keywords as string[]).map((k) => k.toLowerCase());
    for (const k of ['rutaapi', 'openai-compatible', 'api key', 'base url', 'byok', 'cursor', 'new-api', 'gateway'])
      assert.ok(keywords.includes(k), `keyword ${k}`);
    assert.ok(keywords.length <= 30, 'the Marketplace keeps at most 30 keywords');
    assert.match((pkg.bugs as { url: string }).url, /^https:\/\/github\.com\/rutaapi\/rutaapi-connect\/issues$/);
    assert.match(pkg.homepage as string, /^https:\/\/github\.com\/rutaapi\/rutaapi-connect/);
    assert.equal(pkg.pricing, 'Free');
  });

  it('vsce ls lists no test, bench, source, script, map or screenshot', () => {
    const r = spawnSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').filter(Boolean);
    assert.ok(files.includes('package.json') && files.includes('README.md'), files.join('\n'));
    const allowed = [
      /^dist\/[a-z]+\.js$/,
      // SQLite as WebAssembly for dist/cursor.js (Cursor's settings, read-only).
      /^dist\/sql-wasm\.wasm$/,
      /^dist\/codicons\/codicon\.(css|ttf)$/,
      // The usage view's page script and uPlot's stylesheet beside it (dist/usageView.css).
      /^dist\/usageView\.(js|css)$/,
      // Set Up Other Tools… and Undo Tool Setup (src/host/tools/entry.ts).
      /^dist\/toolSetup\.js$/,
      /^media\/[^/]+\.(png|css|svg)$/,
      /^media\/walkthrough\/[^/]+\.md$/,
      /^l10n\/bundle\.l10n\.[a-z-]+\.json$/,
      /^package(\.nls(\.[a-z-]+)?)?\.json$/,
      /^(README|CHANGELOG)\.md$/,
      /^LICENSE$/,
    ];
    const stray = files.filter((f) => !allowed.some((re) => re.test(f)));
    assert.deepEqual(stray, [], `vsce would ship: ${stray.join(', ')}`);
  });
});
