#!/usr/bin/env node
// `npm run demo [-- --editor NAME] [--port N] [--sandbox-port N] [--latency MS]`: RutaAPI Connect in a real VS Code
// (code-server) against the built-in sandbox gateway. Builds and packages the .vsix, installs the editor (default:
// `default`, VS Code 1.100.3; see `node test/e2e/editors.mjs --list`) into .cache/ on first use, installs the extension into an isolated profile under .cache/demo, opens a workspace whose settings point
// rutaapi.baseUrl at the sandbox, prints the URL to open and the sandbox keys, and stops everything on Ctrl-C.
// Everything listens on 127.0.0.1 only.
import fs from 'node:fs';
import path from 'node:path';
import { EDITOR_NAMES, resolveEditors, takeEditorArg } from '../test/e2e/lib/editors.mjs';
import { ensureOrExit } from './systemPackages.mjs';
import {
  PROJECT_ROOT,
  VSIX,
  buildAndPackage,
  ensureEditorInstalled,
  installExtension,
  killAllStartedSync,
  loadSandboxModule,
  makeInstanceDirs,
  removeShortTmpRoot,
  startCodeServer,
  writeUserSettings,
} from '../test/e2e/lib/harness.mjs';

let argv;
let editor;
try {
  const t = takeEditorArg(process.argv.slice(2));
  argv = t.rest;
  const list = resolveEditors(t.editor);
  if (list.length !== 1) throw new Error(`--editor: the demo runs one editor (${EDITOR_NAMES.join(', ')})`);
  editor = list[0];
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
const opts = { port: 0, sandboxPort: 0, latencyMs: 0 };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const num = (name) => {
    const v = Number(argv[++i]);
    if (!Number.isInteger(v) || v < 0 || v > 65535 * 10) {
      console.error(`${name} needs a whole number`);
      process.exit(2);
    }
    return v;
  };
  if (a === '--port') opts.port = num('--port');
  else if (a === '--sandbox-port') opts.sandboxPort = num('--sandbox-port');
  else if (a === '--latency') opts.latencyMs = num('--latency');
  else if (a === '--help' || a === '-h') {
    console.log('usage: npm run demo [-- --editor NAME] [--port N] [--sandbox-port N] [--latency MS]');
    console.log(`editors: ${EDITOR_NAMES.join(', ')} (default: default)`);
    process.exit(0);
  } else {
    console.error(`unknown argument: ${a}`);
    process.exit(2);
  }
}

const say = (m) => console.log(`[demo] ${m}`);
let sandbox;
let server;
let stopping = false;
async function stop(signal, code = 0) {
  if (stopping) return;
  stopping = true;
  if (signal) say(`${signal}: stopping code-server and the sandbox…`);
  try {
    await server?.stop();
  } catch {}
  try {
    await sandbox?.close();
  } catch {}
  killAllStartedSync();
  removeShortTmpRoot();
  say('stopped.');
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop(sig));
process.on('exit', killAllStartedSync);

// What installing the editor needs from the machine (first run only), before any download: installed now, or the
// command to run (scripts/systemPackages.mjs).
await ensureOrExit('demo', [editor]);
try {
  const csBin = ensureEditorInstalled(editor.name, { log: say });
  buildAndPackage({ log: say });
  const mod = await loadSandboxModule();
  sandbox = await mod.startSandbox({ port: opts.sandboxPort, latencyMs: opts.latencyMs });

  // A fresh profile per demo run (the sandbox port changes between runs).
  const demoRoot = path.join(PROJECT_ROOT, '.cache', 'demo');
  fs.rmSync(demoRoot, { recursive: true, force: true });
  const dirs = makeInstanceDirs(demoRoot);
  const extensionsDir = path.join(demoRoot, 'extensions');
  writeUserSettings(dirs, { 'workbench.colorTheme': 'Default Dark Modern' });
  installExtension(csBin, dirs, extensionsDir, VSIX);
  fs.mkdirSync(path.join(dirs.workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dirs.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'rutaapi.baseUrl': sandbox.baseUrl }, null, 2));
  fs.writeFileSync(
    path.join(dirs.workspace, 'README.md'),
    [
      '# RutaAPI Connect demo workspace',
      '',
      `This workspace's settings point \`rutaapi.baseUrl\` at the local sandbox gateway (${sandbox.baseUrl}).`,
      'Run "Configure RutaAPI" from the Command Palette (F1) and paste one of the sandbox keys printed in the terminal.',
      '',
    ].join('\n'),
  );

  server = await startCodeServer(csBin, dirs, { extensionsDir, port: opts.port || undefined });
  server.child.once('exit', (c, s) => {
    if (!stopping) {
      say(`code-server exited unexpectedly (${c ?? s}); see ${path.relative(PROJECT_ROOT, dirs.log)}`);
      void stop(null, 1);
    }
  });
  const url = `${server.url}/?folder=${encodeURIComponent(dirs.workspace)}`;
  const P = mod.SANDBOX_KEY_PREFIX;
  console.log(
    [
      '',
      `RutaAPI Connect demo is running (127.0.0.1 only) in VS Code ${editor.vscode} (code-server ${editor.codeServerVersion}, editor "${editor.name}").`,
      '',
      `  Open:      ${url}`,
      `  Sandbox:   ${sandbox.baseUrl}   (the workspace's rutaapi.baseUrl)`,
      `  Models:    ${mod.SANDBOX_MODELS.join(', ')}`,
      '',
      'In the editor: F1 → "Configure RutaAPI" → paste a key → Verify → pick a model → Save.',
      `Sandbox keys (${P}<scenario>-<anything>; any other key gets 401 invalid_api_key):`,
      ...mod.SANDBOX_SCENARIOS.map((s) => `  ${`${P}${s}-demo`.padEnd(38)} ${mod.SANDBOX_SCENARIO_HELP[s]}`),
      '',
      'Also try the Base URL mistakes: https://rutaapi.com, https://app.rutaapi.com/tokens,',
      `${sandbox.baseUrl}/chat/completions, ${sandbox.origin} (missing /v1); an unknown model gives 404 model_not_found.`,
      `Profile and logs: ${path.relative(PROJECT_ROOT, demoRoot)} (code-server.log). Secrets live in the browser's storage.`,
      '',
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
} catch (e) {
  console.error(`[demo] failed: ${e?.stack || e}`);
  await stop(null, 1);
}
