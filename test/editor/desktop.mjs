#!/usr/bin/env node
// `npm run test:desktop [-- --grep NAME]`: the in-editor suite (test/editor) in desktop VS Code via @vscode/test-electron.
// Needs a machine that can download VS Code from update.code.visualstudio.com (it cannot run on the project's
// offline CI machines, which run the same suite inside code-server: `npm run test:e2e`). On Linux without a display
// run it under Xvfb: `xvfb-run -a npm run test:desktop`.
//
// Env: VSCODE_VERSION (default 1.100.3, the VS Code inside code-server 4.100.3; "stable" for the latest).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { EDITOR_FIXTURE, PROJECT_ROOT, buildEditorSuite, loadSandboxModule } from '../e2e/lib/harness.mjs';

const argv = process.argv.slice(2);
let grep = '';
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--grep' || argv[i] === '-g') grep = argv[++i] ?? '';
  else if (argv[i].startsWith('--grep=')) grep = argv[i].slice(7);
  else {
    console.error(`unknown argument: ${argv[i]}`);
    process.exit(2);
  }
}

const require = createRequire(path.join(PROJECT_ROOT, 'package.json'));
const { runTests } = require('@vscode/test-electron');
const version = process.env.VSCODE_VERSION || '1.100.3';
const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
const runDir = path.join(PROJECT_ROOT, 'test-results', `desktop-${stamp}`);
const dirs = {
  userData: path.join(runDir, 'user-data'),
  extensions: path.join(runDir, 'extensions'),
  workspace: path.join(runDir, 'workspace'),
};
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(dirs.userData, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': false,
    },
    null,
    2,
  ),
);
fs.writeFileSync(path.join(dirs.workspace, 'README.md'), '# in-editor suite workspace\n');
const resultFile = path.join(runDir, 'editor-suite-result.json');

function summary(passed, failed, skipped) {
  if (process.env.RUTAAPI_TEST_SUMMARY) fs.writeFileSync(process.env.RUTAAPI_TEST_SUMMARY, JSON.stringify({ passed, failed, skipped }));
}

console.log(`[desktop] building the extension and the in-editor suite; run folder ${path.relative(PROJECT_ROOT, runDir)}`);
const build = spawnSync('node', ['esbuild.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const bundle = await buildEditorSuite({ log: (m) => console.log(`[desktop] ${m}`) });
const sandbox = await (await loadSandboxModule()).startSandbox({ port: 0 });
console.log(`[desktop] sandbox gateway on ${sandbox.baseUrl}; VS Code ${version} via @vscode/test-electron`);

let code;
try {
  code = await runTests({
    version,
    cachePath: path.join(PROJECT_ROOT, '.cache', 'vscode-test'),
    // The product under development plus the suite's helper extension (desktop accepts several).
    extensionDevelopmentPath: [PROJECT_ROOT, EDITOR_FIXTURE],
    extensionTestsPath: bundle,
    extensionTestsEnv: {
      RUTAAPI_SANDBOX_BASE_URL: sandbox.baseUrl,
      RUTAAPI_TEST_GREP: grep,
      RUTAAPI_TEST_RESULT_FILE: resultFile,
      RUTAAPI_TEST_LOGS_DIR: path.join(dirs.userData, 'logs'),
    },
    launchArgs: [
      dirs.workspace,
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-telemetry',
      // Linux machines without an unlocked keyring: keep SecretStorage working.
      '--password-store=basic',
    ],
  });
} catch (e) {
  console.error(`[desktop] could not run VS Code: ${e?.message || e}`);
  console.error('[desktop] test:desktop downloads VS Code and needs network access to update.code.visualstudio.com;');
  console.error('[desktop] on machines without it, the same suite runs inside code-server: npm run test:e2e');
  code = 1;
} finally {
  await sandbox.close();
}
const r = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
if (code !== 0 && r.failed === 0) r.failed = 1;
summary(r.passed, r.failed, r.skipped);
console.log(`[desktop] ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
process.exit(code === 0 && r.failed === 0 ? 0 : 1);
