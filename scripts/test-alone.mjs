// Runs every unit and integration test file on its own, one mocha process per file, to prove that
// no test depends on another file (or on an earlier test in a run) having set something up.
//
//   node scripts/test-alone.mjs                     # every file in .mocharc.json's spec list
//   node scripts/test-alone.mjs test/unit/lm        # only files under these paths
//
// Integration tests need `node esbuild.mjs` first (some run dist/cli.js). Not part of `npm test`:
// one process per file costs a tsx start-up each (about 4 minutes on 2 cores).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const config = JSON.parse(readFileSync(join(root, '.mocharc.json'), 'utf8'));

/** Every `*.test.ts` under the spec list's folders (`test/unit/**` and `test/integration/**`). */
function testFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.test.ts')) out.push(relative(root, path));
    }
  };
  for (const spec of config.spec) walk(join(root, spec.replace(/\/\*\*.*$/, '')));
  return out;
}

const only = process.argv.slice(2);
const files = testFiles().filter((f) => only.length === 0 || only.some((p) => f.startsWith(p.replace(/\/$/, ''))));
const failed = [];
const started = Date.now();
for (const file of files) {
  const t0 = Date.now();
  // --no-config: .mocharc.json's spec list would be added to the file, running everything.
  const args = ['--no-config', '--timeout', String(config.timeout), '--reporter', 'dot'];
  for (const r of config.require) args.push('--require', r);
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), ...args, file], {
    cwd: root,
    encoding: 'utf8',
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status === 0) console.log(`ok    ${seconds.padStart(5)} s  ${file}`);
  else {
    failed.push(file);
    console.log(`FAIL  ${seconds.padStart(5)} s  ${file}\n${(r.stdout + r.stderr).trim().replace(/^/gm, '      ')}`);
  }
}
console.log(`\n${files.length - failed.length} of ${files.length} files pass alone (${((Date.now() - started) / 1000).toFixed(0)} s)`);
if (failed.length > 0) {
  console.log(`failing alone:\n${failed.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
