// Entry of the in-editor suite: mocha inside the extension host, with the real `vscode` API.
// Bundled by test/e2e/lib/harness.mjs (buildEditorSuite) to out/editor-tests/index.js, a CommonJS file exporting run().
// Loaded by code-server through `extensionTestsPath`, given to the workbench as `developmentOptions`
// (test/e2e/lib/devOptions.mjs), and by @vscode/test-electron
// (test/editor/desktop.mjs). `vscode` comes from the host; `mocha` resolves from the project's node_modules.
//
// Environment (set by the runners): RUTAAPI_SANDBOX_BASE_URL (required for the product tests), RUTAAPI_TEST_GREP,
// RUTAAPI_TEST_RESULT_FILE (JSON {passed, failed, skipped, failures}).
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { installProbes } from './probes';
import registerApi from './api.test';
import registerProduct from './product.test';
import registerLm from './lm.test';

// Install the probes as early as possible: the product may not be active yet when this module loads.
installProbes();

export function run(): Promise<void> {
  const grep = process.env.RUTAAPI_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec', ...(grep ? { grep: new RegExp(grep, 'i') } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'in-editor', mocha);
  registerApi();
  registerProduct();
  registerLm();
  return new Promise((resolve, reject) => {
    const failures: Array<{ title: string; error: string }> = [];
    const runner = mocha.run((failed) => {
      const stats = runner.stats ?? { passes: 0, failures: failed, pending: 0 };
      const summary = { passed: stats.passes, failed: stats.failures, skipped: stats.pending, failures };
      const file = process.env.RUTAAPI_TEST_RESULT_FILE;
      if (file) writeFileSync(file, JSON.stringify(summary));
      console.log(`[in-editor suite] ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
      if (failed > 0) reject(new Error(`${failed} in-editor test(s) failed.`));
      else resolve();
    });
    runner.on('fail', (test, err: Error) => failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err) }));
  });
}
