// `npm test`: typecheck, build, then every suite in order, ending with one "N passed, N failed" line.
// Later suites still run when an earlier one fails, so one run shows every failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const work = mkdtempSync(join(tmpdir(), 'rutaapi-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };

function step(name, command, args, { counts = false, env = {} } = {}) {
  let ok = true;
  const summary = join(work, `${name}.json`);
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env, RUTAAPI_TEST_SUMMARY: summary },
  });
  if (counts && existsSync(summary)) {
    const s = JSON.parse(readFileSync(summary, 'utf8'));
    totals.passed += s.passed;
    totals.failed += s.failed;
    totals.skipped += s.skipped ?? 0;
  }
  if (result.status !== 0) {
    // A step that fails without reporting counts (crash, compile error) still counts as a failure.
    if (!counts || !existsSync(summary)) totals.failed += 1;
    console.log(`--- ${name} failed (exit ${result.status ?? result.signal})`);
    ok = false;
  }
  return ok;
}

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
step('typecheck-webview', 'npx', ['tsc', '-p', 'src/webview/tsconfig.json']);
step('typecheck-bench', 'npx', ['tsc', '-p', 'bench/tsconfig.json']);
// Lint (typescript-eslint with the layer rules, then Prettier): the same command as `npm run lint`.
step('lint', 'npm', ['run', '-s', 'lint']);
step('build', 'node', ['esbuild.mjs']);
// The bundle map in docs/ARCHITECTURE.md against the build's metafiles: bundles, layer rules, module state.
step('bundle map', 'node', ['scripts/bundle-map.mjs', '--check']);
step('unit+integration', 'npx', ['mocha', '--reporter', './test/summary-reporter.cjs'], { counts: true });
if (existsSync('test/e2e/run.mjs')) {
  // The real-editor tests need Chromium, fonts and (first run) what code-server builds with: installed here when it can
  // be, else the command to run. Without them the e2e step counts as one failure; the results above stand.
  if (step('system packages', 'node', ['scripts/systemPackages.mjs', '--install', 'e2e'])) {
    step('e2e', 'node', ['test/e2e/run.mjs'], { counts: true });
  } else {
    console.log('--- e2e not run: the system packages above are missing');
  }
}

rmSync(work, { recursive: true, force: true });
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
