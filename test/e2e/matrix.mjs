#!/usr/bin/env node
// `npm run test:matrix [-- --grep X] [--keep]`: the in-editor suite and every UI scenario on all five editors
// (node test/e2e/editors.mjs --list), one editor at a time, in one run folder. Installs missing editors first, one at
// a time (code-server, and Node 22/24 from npm; 1–4 minutes each on first use). Prints a table per editor (passed,
// failed, time, the happy path's wall time, the editor-reported activation) and ends with one `N passed, N failed`
// line. Exit code 0 only when everything passed on every editor.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EDITORS, ensureEditor, resolveEditors, summaryLine, takeEditorArg } from './lib/editors.mjs';
import { ensureOrExit } from '../../scripts/systemPackages.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
let editorSpec;
let rest;
try {
  ({ editor: editorSpec, rest } = takeEditorArg(process.argv.slice(2), 'all'));
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
if (rest.includes('--help') || rest.includes('-h')) {
  console.log('usage: npm run test:matrix [-- --editor NAMES] [--grep PATTERN] [--keep]   (default: all five editors)');
  process.exit(0);
}

// What the machine needs, before the installs: installed now, or the command to run (scripts/systemPackages.mjs).
await ensureOrExit('matrix', resolveEditors(editorSpec));

const t0 = Date.now();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rutaapi-matrix-'));
const summaryFile = path.join(work, 'summary.json');
const totals = { passed: 0, failed: 0 };

// 1. Installs, one at a time (each is CPU-heavy: native modules). A failed install is reported by run.mjs again.
for (const e of EDITORS) {
  if (editorSpec !== 'all' && !editorSpec.split(',').includes(e.name)) continue;
  try {
    ensureEditor(e, { log: (m) => console.log(`[matrix] ${m}`) });
  } catch (err) {
    console.log(`[matrix] ${e.name}: install failed: ${err.message.split('\n')[0]}`);
  }
}

// 2. One run over the editors (one build, one sandbox gateway, one results.json with an entry per editor).
const r = spawnSync(process.execPath, [path.join(here, 'run.mjs'), '--editor', editorSpec, ...rest], {
  stdio: 'inherit',
  env: { ...process.env, RUTAAPI_TEST_SUMMARY: summaryFile },
});
if (fs.existsSync(summaryFile)) {
  const s = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
  totals.passed += s.passed;
  totals.failed += s.failed;
} else {
  totals.failed += 1; // the run crashed before reporting
}
if (r.status !== 0 && totals.failed === 0) totals.failed += 1;
if (process.env.RUTAAPI_TEST_SUMMARY) fs.writeFileSync(process.env.RUTAAPI_TEST_SUMMARY, JSON.stringify({ ...totals, skipped: 0 }));
fs.rmSync(work, { recursive: true, force: true });
console.log(`[matrix] ${((Date.now() - t0) / 60000).toFixed(1)} min`);
console.log(summaryLine(totals));
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
