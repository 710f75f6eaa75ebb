#!/usr/bin/env node
// `npm run docs:bundle-map [-- --check]`: the bundle map in docs/ARCHITECTURE.md, generated from the
// esbuild metafiles that `node esbuild.mjs` writes to dist/meta/<name>.json (never written by hand).
//
//   node scripts/bundle-map.mjs           rewrite the section between the bundle-map markers
//   node scripts/bundle-map.mjs --check   exit 1 if the section differs from what the metafiles say
//
// The map lists which source file ends up in which bundle (only inputs that contribute bytes; a
// type-only import is not in any bundle), the npm packages per bundle, the modules several
// extension-host bundles each carry a copy of (they must hold no module-level state), and the
// runtime imports that break the layer rules of docs/ARCHITECTURE.md. Membership does not depend on
// --production (same tree shaking), so the check passes after a development or a production build.
// Exit codes: 0 up to date / rewritten, 1 stale (--check) or a layer rule broken, 2 metafiles missing.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOC = join(root, 'docs', 'ARCHITECTURE.md');
const START = '<!-- bundle-map:start -->';
const END = '<!-- bundle-map:end -->';
const check = process.argv.includes('--check');

/** In the order the product loads them; the last two are developer tools, not in the .vsix. */
const BUNDLES = [
  { name: 'extension', file: 'extension.js', host: true, shipped: true },
  { name: 'host', file: 'host.js', host: true, shipped: true },
  { name: 'panel', file: 'panel.js', host: true, shipped: true },
  { name: 'gateway', file: 'gateway.js', host: true, shipped: true },
  { name: 'webview', file: 'webview.js', host: false, shipped: true },
  { name: 'cli', file: 'cli.js', host: false, shipped: false },
  { name: 'sandbox', file: 'sandbox.js', host: false, shipped: false },
];

/** Layer of a source path, and what each layer may import at run time (docs/ARCHITECTURE.md, "Layers"). */
const LAYERS = ['src/extension.ts', 'src/host', 'src/core', 'src/protocol', 'src/webview', 'src/cli', 'src/sandbox'];
const MAY_IMPORT = {
  'src/extension.ts': ['src/host', 'vscode', 'node:'],
  'src/host': ['src/host', 'src/core', 'src/protocol', 'vscode', 'node:'],
  'src/core': ['src/core', 'npm:openai'],
  'src/protocol': ['src/protocol', 'src/core', 'npm:zod'],
  'src/webview': ['src/webview', 'src/core', 'src/protocol'],
  'src/cli': ['src/cli', 'src/core', 'node:'],
  'src/sandbox': ['src/sandbox', 'node:'],
};
const NODE_BUILTINS = new Set([
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'stream',
  'string_decoder',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
  'perf_hooks',
  'timers',
  'readline',
]);

function layerOf(path) {
  return LAYERS.find((l) => path === l || path.startsWith(`${l}/`));
}

function packageOf(path) {
  const i = path.lastIndexOf('node_modules/');
  if (i < 0) return undefined;
  const parts = path.slice(i + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** What an import points at, in MAY_IMPORT's vocabulary. */
function targetOf(imp) {
  const p = imp.path;
  if (p === 'vscode') return 'vscode';
  if (p.startsWith('node:') || NODE_BUILTINS.has(p.split('/')[0])) return 'node:';
  const pkg = packageOf(p);
  if (pkg) return `npm:${pkg}`;
  return layerOf(p) ?? p;
}

function loadMetas() {
  const missing = BUNDLES.filter((b) => !existsSync(join(root, 'dist', 'meta', `${b.name}.json`)));
  if (missing.length > 0) {
    console.error(
      `bundle-map: no metafile for ${missing.map((b) => b.name).join(', ')} in dist/meta/; run \`node esbuild.mjs\` first (or \`npm run docs:bundle-map\`).`,
    );
    process.exit(2);
  }
  return Object.fromEntries(BUNDLES.map((b) => [b.name, JSON.parse(readFileSync(join(root, 'dist', 'meta', `${b.name}.json`), 'utf8'))]));
}

function listSources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(relative(root, full).split('\\').join('/'));
  }
  return out;
}

function analyse(metas) {
  /** source path → set of bundle names; package → { bundles, files } */
  const sources = new Map();
  const packages = new Map();
  const violations = [];
  for (const b of BUNDLES) {
    const meta = metas[b.name];
    const output = Object.values(meta.outputs).find((o) => o.entryPoint);
    if (!output) throw new Error(`dist/meta/${b.name}.json has no entry point output`);
    for (const [input, info] of Object.entries(output.inputs)) {
      if (info.bytesInOutput === 0) continue;
      const pkg = packageOf(input);
      if (pkg) {
        const p = packages.get(pkg) ?? { bundles: new Set(), files: new Map() };
        p.bundles.add(b.name);
        p.files.set(b.name, (p.files.get(b.name) ?? 0) + 1);
        packages.set(pkg, p);
        continue;
      }
      if (!sources.has(input)) sources.set(input, new Set());
      sources.get(input).add(b.name);
    }
    for (const [input, info] of Object.entries(meta.inputs)) {
      const from = layerOf(input);
      if (!from) continue;
      for (const imp of info.imports ?? []) {
        const to = targetOf(imp);
        const allowed = MAY_IMPORT[from].some((a) => a === to || (a.endsWith(':') && to === a));
        if (!allowed) violations.push(`${input} → ${imp.original ?? imp.path} (${from} may import ${MAY_IMPORT[from].join(', ')})`);
      }
    }
  }
  const unbundled = listSources(join(root, 'src'))
    .filter((s) => !sources.has(s))
    .sort();
  return { sources, packages, violations: [...new Set(violations)].sort(), unbundled };
}

function sortKey(path) {
  const layer = LAYERS.indexOf(layerOf(path) ?? '');
  return `${String(layer < 0 ? 99 : layer).padStart(2, '0')} ${path}`;
}

function render({ sources, packages, unbundled }) {
  const header = `| Source | ${BUNDLES.map((b) => `\`${b.file}\`${b.shipped ? '' : ' (tool)'}`).join(' | ')} |`;
  const rule = `|---|${BUNDLES.map(() => ':-:').join('|')}|`;
  const row = (label, has) => `| ${label} | ${BUNDLES.map((b) => (has(b.name) ? '●' : '')).join(' | ')} |`;
  const rows = [...sources.keys()]
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
    .map((s) => row(`\`${s}\``, (n) => sources.get(s).has(n)));
  const pkgRows = [...packages.keys()].sort().map((p) => {
    const info = packages.get(p);
    return `| npm \`${p}\` | ${BUNDLES.map((b) => (info.files.has(b.name) ? `${info.files.get(b.name)} files` : '')).join(' | ')} |`;
  });
  const hostBundles = BUNDLES.filter((b) => b.host).map((b) => b.name);
  const shared = [...sources.keys()]
    .filter((s) => [...sources.get(s)].filter((n) => hostBundles.includes(n)).length > 1)
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  return [
    START,
    '<!-- Generated by `npm run docs:bundle-map` (scripts/bundle-map.mjs) from dist/meta/*.json. Do not edit by hand. -->',
    '',
    header,
    rule,
    ...rows,
    ...pkgRows,
    '',
    `Copied into more than one extension-host bundle (${hostBundles.map((n) => `\`${n}.js\``).join(', ')} run in one process, each with its own copy): ` +
      (shared.length > 0 ? shared.map((s) => `\`${s}\``).join(', ') : 'none') +
      '. These hold no module-level state (see "Modules shared by several bundles").',
    '',
    `In no bundle (type-only, or not imported yet): ${unbundled.length > 0 ? unbundled.map((s) => `\`${s}\``).join(', ') : 'none'}.`,
    END,
  ].join('\n');
}

const metas = loadMetas();
const result = analyse(metas);
const section = render(result);
const doc = readFileSync(DOC, 'utf8');
const a = doc.indexOf(START);
const b = doc.indexOf(END);
if (a < 0 || b < a) {
  console.error(`bundle-map: ${relative(root, DOC)} has no ${START} … ${END} markers`);
  process.exit(2);
}
const next = `${doc.slice(0, a)}${section}${doc.slice(b + END.length)}`;

if (result.violations.length > 0) {
  console.error(`bundle-map: ${result.violations.length} import(s) break the layer rules (docs/ARCHITECTURE.md, "Layers"):`);
  for (const v of result.violations) console.error(`  ${v}`);
}

if (check) {
  if (next !== doc) {
    console.error('bundle-map: docs/ARCHITECTURE.md is stale; run `npm run docs:bundle-map` and commit the result.');
    process.exit(1);
  }
  console.log('bundle-map: docs/ARCHITECTURE.md is up to date');
} else if (next !== doc) {
  writeFileSync(DOC, next);
  console.log('bundle-map: docs/ARCHITECTURE.md updated');
} else {
  console.log('bundle-map: docs/ARCHITECTURE.md already up to date');
}
process.exit(result.violations.length > 0 ? 1 : 0);
