// One build script for every bundle. `--production` minifies; `--only=a,b` builds a subset
// (the doctor and sandbox scripts use it to start fast); `--watch` rebuilds on change.
// Each build writes dist/meta/<name>.json so the size budget test and the benchmark read real numbers.
// `bundles` below is the one list of bundles: scripts/bundle-map.mjs imports it (importing this file
// builds nothing), the .vsix takes the ones .vscodeignore names, and which source file lands in which
// bundle follows from the entry point's imports (docs/ARCHITECTURE.md, "Bundle map").
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const production = args.includes('--production');
const watch = args.includes('--watch');
const quiet = args.includes('--quiet');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: production ? 'none' : 'inline',
  logLevel: quiet ? 'error' : 'warning',
  metafile: true,
};

/** The two webview page scripts: browser IIFEs type-checked against the DOM (src/webview/tsconfig.json). */
const browserCommon = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: quiet ? 'error' : 'warning',
  metafile: true,
  tsconfig: 'src/webview/tsconfig.json',
};

/**
 * Every bundle, in the order the product loads them (the developer tools last). The extension entry is only the bootstrap (command forwarders); the host wiring lives in
 * dist/host.js (started right after activation), the openai SDK in dist/gateway.js (first
 * verification) and the setup panel with zod in dist/panel.js (first time the panel opens).
 */
export const bundles = {
  extension: {
    ...nodeCommon,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  },
  host: {
    ...nodeCommon,
    entryPoints: ['src/host/hostEntry.ts'],
    outfile: 'dist/host.js',
    external: ['vscode'],
  },
  panel: {
    ...nodeCommon,
    entryPoints: ['src/host/panel/panelEntry.ts'],
    outfile: 'dist/panel.js',
    external: ['vscode'],
  },
  gateway: {
    ...nodeCommon,
    entryPoints: ['src/core/gateway.ts'],
    outfile: 'dist/gateway.js',
  },
  // The language model chat provider (VS Code 1.104+), loaded by src/host/lm/register.ts on the
  // first chat request or model list with models in it; the openai SDK stays in dist/gateway.js.
  lm: {
    ...nodeCommon,
    entryPoints: ['src/host/lm/entry.ts'],
    outfile: 'dist/lm.js',
    external: ['vscode'],
  },
  // Cursor's state database reader with sql.js (SQLite as WebAssembly), loaded only in Cursor and by
  // `doctor cursor`; sql-wasm.wasm is copied next to it (copySqlWasm).
  cursor: {
    ...nodeCommon,
    entryPoints: ['src/core/cursor/entry.ts'],
    outfile: 'dist/cursor.js',
  },
  // The other tools' configs (Claude Code, Codex CLI, Continue, aider, llm) with jsonc-parser, yaml and
  // smol-toml: read, set up, undone and checked; loaded by Set Up Other Tools… and Undo Tool Setup.
  tools: {
    ...nodeCommon,
    entryPoints: ['src/core/tools/entry.ts'],
    outfile: 'dist/tools.js',
  },
  // Set Up Other Tools… and Undo Tool Setup (the quick picks, the diff preview, the questions), loaded by
  // src/host/tools/toolCommands.ts on first use; it is handed dist/tools.js, so the parsers are not in it.
  toolSetup: {
    ...nodeCommon,
    entryPoints: ['src/host/tools/entry.ts'],
    outfile: 'dist/toolSetup.js',
    external: ['vscode'],
  },
  // The usage ledger (RutaAPI: Show Usage): the key's request records read, kept and shown; loaded
  // by src/host/usage/usageCommands.ts when the view opens, the history is cleared or the key removed.
  usage: {
    ...nodeCommon,
    entryPoints: ['src/host/usage/entry.ts'],
    outfile: 'dist/usage.js',
    external: ['vscode'],
  },
  webview: {
    ...browserCommon,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
  },
  // The usage view's page script with uPlot (its stylesheet lands next to it as dist/usageView.css).
  usageView: {
    ...browserCommon,
    entryPoints: ['src/webview/usage/main.ts'],
    outfile: 'dist/usageView.js',
  },
  cli: {
    ...nodeCommon,
    entryPoints: ['src/cli/doctor.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  sandbox: {
    ...nodeCommon,
    entryPoints: ['src/sandbox/main.ts'],
    outfile: 'dist/sandbox.js',
    banner: { js: '#!/usr/bin/env node' },
  },
};

function copyStaticAssets() {
  // Codicons are served from dist so localResourceRoots can stay limited to dist/ and media/.
  cpSync(join(root, 'node_modules/@vscode/codicons/dist/codicon.css'), join(root, 'dist/codicons/codicon.css'));
  cpSync(join(root, 'node_modules/@vscode/codicons/dist/codicon.ttf'), join(root, 'dist/codicons/codicon.ttf'));
}

function copySqlWasm() {
  // dist/cursor.js reads it from its own folder: no network, no node_modules at run time.
  cpSync(join(root, 'node_modules/sql.js/dist/sql-wasm.wasm'), join(root, 'dist/sql-wasm.wasm'));
}

async function build() {
  const selected = Object.entries(bundles).filter(([name]) => !only || only.has(name));
  mkdirSync(join(root, 'dist/meta'), { recursive: true });
  if (!only || only.has('webview')) copyStaticAssets();
  if (!only || only.has('cursor')) copySqlWasm();

  if (watch) {
    const contexts = await Promise.all(selected.map(([, options]) => esbuild.context(options)));
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    console.log(`watching ${selected.map(([name]) => name).join(', ')}`);
  } else {
    const results = await Promise.all(selected.map(([, options]) => esbuild.build(options)));
    selected.forEach(([name], i) => {
      writeFileSync(join(root, `dist/meta/${name}.json`), JSON.stringify(results[i].metafile));
    });
    if (!quiet) console.log(`built ${selected.map(([name]) => name).join(', ')}${production ? ' (production)' : ''}`);
  }
}

// Built only when run (`node esbuild.mjs`), not when imported for its list of bundles.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await build();
