#!/usr/bin/env node
// `npm run docs:bundle-map [-- --check]`: the bundle map in docs/ARCHITECTURE.md, generated from the
// esbuild metafiles that `node esbuild.mjs` writes to dist/meta/<name>.json (never written by hand).
//
//   node scripts/bundle-map.mjs           rewrite the section between the bundle-map markers
//   node scripts/bundle-map.mjs --check   exit 1 if the section differs from what the metafiles say
//                                          (`npm test` runs this right after its build)
//
// The list of bundles is esbuild.mjs's `bundles` (imported: importing it builds nothing); which of
// them ship is what .vscodeignore lets into the .vsix (`!dist/<file>`); the extension-host bundles
// are the shipped ones built for Node (they run in one process, each with its own copy of what it
// imports). The map lists which source file ends up in which bundle (only inputs that contribute
// bytes; a type-only import is not in any bundle) and the npm packages per bundle. It fails (exit 1)
// when a runtime import breaks the layer rules of docs/ARCHITECTURE.md, when a module copied into
// more than one extension-host bundle holds module-level state, or when the hand-written bundle table
// in docs/ARCHITECTURE.md ("## Bundles") does not name exactly esbuild.mjs's bundles and entries,
// or when its host-layout table ("### Host layout") does not have one row per folder of src/host.
// Membership does not depend on --production (same tree shaking), so the check passes after a
// development or a production build.
// Exit codes: 0 up to date / rewritten, 1 stale (--check) or a rule broken, 2 metafiles missing.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { bundles as ESBUILD_BUNDLES } from '../esbuild.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOC = join(root, 'docs', 'ARCHITECTURE.md');
const START = '<!-- bundle-map:start -->';
const END = '<!-- bundle-map:end -->';
const check = process.argv.includes('--check');

/** The files .vscodeignore lets into the .vsix from dist/ (`!dist/<file>`). */
const SHIPPED = new Set(
  readFileSync(join(root, '.vscodeignore'), 'utf8')
    .split('\n')
    .map((line) => /^!dist\/([^/*]+)$/.exec(line.trim())?.[1])
    .filter(Boolean),
);

/** esbuild.mjs's bundles, in its order (the order the product loads them; developer tools last). */
const BUNDLES = Object.entries(ESBUILD_BUNDLES).map(([name, options]) => {
  const file = basename(options.outfile);
  const shipped = SHIPPED.has(file);
  const entry = [options.entryPoints].flat()[0];
  // Shipped and built for Node: loaded into the editor's extension host (the webview is a browser).
  return { name, file, entry, shipped, host: shipped && options.platform === 'node' };
});

/** Layer of a source path, and what each layer may import at run time (docs/ARCHITECTURE.md, "Layers"). */
const LAYERS = [
  'src/extension.ts',
  'src/host',
  'src/core/cursor',
  'src/core/tools',
  'src/core',
  'src/protocol',
  'src/webview',
  'src/cli',
  'src/sandbox',
];
const MAY_IMPORT = {
  'src/extension.ts': ['src/host', 'vscode', 'node:'],
  'src/host': ['src/host', 'src/core', 'src/protocol', 'vscode', 'node:'],
  // Cursor's state database reader: files, SQLite as WebAssembly, its row's schema (cursor.js, cli.js).
  'src/core/cursor': ['src/core/cursor', 'src/core', 'node:', 'npm:sql.js', 'npm:zod'],
  // The other tools' config files: their parsers and editors, files under the home folder (tools.js, cli.js).
  'src/core/tools': ['src/core/tools', 'src/core', 'node:', 'npm:jsonc-parser', 'npm:yaml', 'npm:smol-toml'],
  // zod: answers from the network and rows read back from disk, with zod/mini (core/verification/modelList.ts,
  // /v1/models; core/usage/logRows.ts and rowTuple.ts, the usage log and its kept rows).
  'src/core': ['src/core', 'npm:openai', 'npm:zod'],
  'src/protocol': ['src/protocol', 'src/core', 'npm:zod'],
  // uplot: the usage view's charts (src/webview/usage/charts.ts, usageView.js only).
  'src/webview': ['src/webview', 'src/core', 'src/protocol', 'npm:uplot'],
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
function targetOf(imp, from) {
  // A relative path esbuild left external is an import it dropped (used as a type only).
  const p = imp.external && imp.path.startsWith('.') ? join(dirname(from), imp.path).split('\\').join('/') : imp.path;
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
        const to = targetOf(imp, input);
        const allowed = MAY_IMPORT[from].some((a) => a === to || to.startsWith(`${a}/`));
        if (!allowed) violations.push(`${input} → ${imp.original ?? imp.path} (${from} may import ${MAY_IMPORT[from].join(', ')})`);
      }
    }
  }
  const unbundled = listSources(join(root, 'src'))
    .filter((s) => !sources.has(s))
    .sort();
  return { sources, packages, violations: [...new Set(violations)].sort(), unbundled };
}

/**
 * Module-level state that is allowed in a module several extension-host bundles copy, and why. The
 * generated map lists these, so every exception is in docs/ARCHITECTURE.md for review.
 */
const PER_COPY_STATE = {
  'src/core/scrub.ts readCache': 'a bounded memo of a pure function: the copies cannot disagree',
  'src/core/gatewayAccount/discovery.ts cache':
    "the gateway's /api/status per origin for the session: `cursor.js` keeps its own, so a check from there may ask once more, and `clearDiscoveryCache` clears `gateway.js`'s copy only",
};

/**
 * Module-level state in a source file: a top-level `let`/`var`, a top-level `const` holding a fresh
 * mutable object (`new …`, an empty `[]` or `{}`), or a class's non-readonly static property. One
 * per bundle when the file is copied into several bundles of one process (see "Modules shared by
 * several bundles"). Constants, tables, pure functions and types are fine.
 */
function moduleState(path) {
  const text = readFileSync(join(root, path), 'utf8');
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const at = (node, what) => {
    const name = ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) ? node.name.getText(sf) : '';
    if (PER_COPY_STATE[`${path} ${name}`]) return;
    found.push(`${path}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1} ${what}`);
  };
  const fresh = (init) => {
    let e = init;
    while (e && (ts.isAsExpression(e) || ts.isSatisfiesExpression?.(e) || ts.isParenthesizedExpression(e))) e = e.expression;
    if (!e) return false;
    // A Set or Map built from a list is a constant table; an empty one is there to be filled.
    if (ts.isNewExpression(e)) return (e.arguments ?? []).length === 0;
    if (ts.isArrayLiteralExpression(e)) return e.elements.length === 0;
    if (ts.isObjectLiteralExpression(e)) return e.properties.length === 0;
    return false;
  };
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      const flags = st.declarationList.flags;
      for (const d of st.declarationList.declarations) {
        if (!(flags & (ts.NodeFlags.Const | ts.NodeFlags.Using)))
          at(d, `top-level ${flags & ts.NodeFlags.Let ? 'let' : 'var'} ${d.name.getText(sf)}`);
        else if (fresh(d.initializer)) at(d, `top-level const ${d.name.getText(sf)} = a fresh mutable object`);
      }
    } else if (ts.isClassDeclaration(st)) {
      for (const m of st.members) {
        const mods = ts.canHaveModifiers(m) ? (ts.getModifiers(m) ?? []) : [];
        const has = (k) => mods.some((x) => x.kind === k);
        if (ts.isPropertyDeclaration(m) && has(ts.SyntaxKind.StaticKeyword) && !has(ts.SyntaxKind.ReadonlyKeyword)) {
          at(m, `static ${st.name?.getText(sf) ?? 'class'}.${m.name.getText(sf)}`);
        }
      }
    }
  }
  return found;
}

/** The hand-written table under "## Bundles": `dist/<file>` → entry, to hold against esbuild.mjs. */
function documentedBundles(doc) {
  const from = doc.indexOf('\n## Bundles');
  const to = doc.indexOf('\n## ', from + 1);
  const rows = new Map();
  for (const line of doc.slice(from, to < 0 ? undefined : to).split('\n')) {
    const m = /^\| `dist\/([^`]+)` \| `([^`]+)` \|/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  return rows;
}

function tableDrift(doc) {
  const rows = documentedBundles(doc);
  const drift = [];
  for (const b of BUNDLES) {
    if (!rows.has(b.file)) drift.push(`dist/${b.file} (esbuild.mjs \`${b.name}\`) has no row`);
    else if (rows.get(b.file) !== b.entry) drift.push(`dist/${b.file}: the table says ${rows.get(b.file)}, esbuild.mjs ${b.entry}`);
  }
  for (const file of rows.keys()) if (!BUNDLES.some((b) => b.file === file)) drift.push(`dist/${file} is not a bundle in esbuild.mjs`);
  return drift;
}

/** The folders the "### Host layout" table has a row for (`src/host/<folder>/` in a row's first cell). */
function documentedHostFolders(doc) {
  const from = doc.indexOf('\n### Host layout');
  const to = doc.indexOf('\n#', from + 1);
  const rows = [];
  if (from < 0) return rows;
  for (const line of doc.slice(from, to < 0 ? undefined : to).split('\n')) {
    const m = /^\| `src\/host\/([^`/]+)\/` \|/.exec(line);
    if (m) rows.push(m[1]);
  }
  return rows;
}

/** A folder of src/host without its row in the host-layout table, or a row for a folder that is not there. */
function hostLayoutDrift(doc) {
  const dir = join(root, 'src', 'host');
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const rows = documentedHostFolders(doc);
  return [
    ...folders.filter((f) => !rows.includes(f)).map((f) => `src/host/${f}/ has no row`),
    ...rows.filter((r) => !folders.includes(r)).map((r) => `src/host/${r}/ has a row but is not a folder`),
  ];
}

function sortKey(path) {
  const layer = LAYERS.indexOf(layerOf(path) ?? '');
  return `${String(layer < 0 ? 99 : layer).padStart(2, '0')} ${path}`;
}

/** Sources copied into more than one extension-host bundle. */
function sharedSources(sources) {
  const hostBundles = BUNDLES.filter((b) => b.host).map((b) => b.name);
  return [...sources.keys()]
    .filter((s) => [...sources.get(s)].filter((n) => hostBundles.includes(n)).length > 1)
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
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
  const shared = sharedSources(sources);
  const names = (list) => list.map((b) => `\`${b.file}\``).join(', ');
  const shipped = BUNDLES.filter((b) => b.shipped);
  const tools = BUNDLES.filter((b) => !b.shipped);
  return [
    START,
    '<!-- Generated by `npm run docs:bundle-map` (scripts/bundle-map.mjs) from dist/meta/*.json. Do not edit by hand. -->',
    '',
    `\`esbuild.mjs\` builds ${BUNDLES.length} bundles. ${shipped.length} ship in the \`.vsix\` (the ones \`.vscodeignore\` names): ${names(shipped)}; ` +
      `${tools.length} are developer tools: ${names(tools)}.`,
    '',
    header,
    rule,
    ...rows,
    ...pkgRows,
    '',
    `Copied into more than one extension-host bundle (${names(BUNDLES.filter((b) => b.host))} run in one process, each with its own copy): ` +
      (shared.length > 0 ? shared.map((s) => `\`${s}\``).join(', ') : 'none') +
      '. The script checks that they hold no module-level state (see "Modules shared by several bundles"), except: ' +
      Object.entries(PER_COPY_STATE)
        .map(([where, why]) => `\`${where.replace(' ', '` `')}\` (${why})`)
        .join('; ') +
      '.',
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

const report = (list, title) => {
  if (list.length === 0) return;
  console.error(`bundle-map: ${title}:`);
  for (const v of list) console.error(`  ${v}`);
};
report(result.violations, `${result.violations.length} import(s) break the layer rules (docs/ARCHITECTURE.md, "Layers")`);
const state = sharedSources(result.sources).flatMap(moduleState);
report(
  state,
  'module-level state in a module several extension-host bundles copy (docs/ARCHITECTURE.md, "Modules shared by several bundles")',
);
const drift = tableDrift(doc);
report(drift, 'the bundle table in docs/ARCHITECTURE.md ("## Bundles") does not match esbuild.mjs');
const layoutDrift = hostLayoutDrift(doc);
report(layoutDrift, 'the host-layout table in docs/ARCHITECTURE.md ("### Host layout") does not match the folders of src/host');
const broken = result.violations.length + state.length + drift.length + layoutDrift.length > 0;

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
process.exit(broken ? 1 : 0);
