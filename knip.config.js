// Dead code and unused exports (knip), part of `npm run lint`: a file nothing reaches, an export
// nothing imports, or a dependency nothing uses fails lint. An export used only by tests counts as
// unused: tests go through what the product itself uses.
//
// What runs: the bundles' entry points, read from esbuild.mjs (the one list of bundles), and the
// tests, scripts and benchmark, which are entry points of their own.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const bundleEntries = [...readFileSync(join(__dirname, 'esbuild.mjs'), 'utf8').matchAll(/entryPoints: \['([^']+)'\]/g)].map((m) => m[1]);
if (bundleEntries.length === 0) throw new Error('knip.config.js: no entryPoints found in esbuild.mjs');

/** @type {import('knip').KnipConfig} */
module.exports = {
  entry: [
    ...bundleEntries.map((file) => `${file}!`),
    // Tests: mocha (unit, integration; found by knip's mocha plugin from .mocharc.json), the in-editor suite,
    // the real-editor harness and the scripts that run them.
    'test/**/*.test.ts',
    'test/editor/index.ts',
    'test/e2e/*.mjs',
    'test/summary-reporter.cjs',
    // Scripts run by npm scripts or by hand, and the benchmark with the files it starts as processes.
    'scripts/*.mjs',
    'bench/table.ts',
    'bench/lmStream.ts',
    'bench/*Child.{ts,cjs}',
    'bench/vscodeStandIn.cjs',
  ],
  project: [
    'src/**/*.ts!',
    'test/**/*.{ts,mjs,cjs}',
    'bench/**/*.{ts,mjs,cjs}',
    'scripts/**/*.mjs',
    '!src/**/*.d.ts!',
    '!bench/tmp/**',
    '!test/editor/fixture/**',
  ],
  ignoreExportsUsedInFile: true,
  // esbuild.mjs copies the codicon font and stylesheet out of the package into dist/ (a path, not an import).
  ignoreDependencies: ['@vscode/codicons'],
};
