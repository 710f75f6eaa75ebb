// `npm run bench`: measures the product's speed and memory goals (activation ≤ 10 ms as the editor reports it, verdict times, the model filter, …) and writes bench/results.json.
// Everything runs on 127.0.0.1 against the project's own sandbox gateway; every loop is bounded,
// every server is closed, and a watchdog stops the run if anything ever hangs.
// Numbers are measured on this machine in this run. Nothing here is a test: no timed assertions.
// The sections live in bench/sections/; this file runs them in order against one production build.
import { spawnSync } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildProduction, projectRoot, type ProductionBuild } from './prodBuild';
import { measureActivation } from './sections/activation';
import { measureBundles, measureVsix, vsixPath } from './sections/bundles';
import { createContext, createResults, type BenchContext } from './sections/common';
import { measureEditorActivation } from './sections/editor';
import { measureLmStream, shippedClientFactory, shippedClientModule } from './sections/lm';
import { loadShippedDiscover, loadShippedVerify, measureVerifyCost, type Verify } from './sections/engine';
import { measurePicker } from './sections/picker';
import { carryOver, evaluateGoals, mergeResults, printTable, writeResults } from './sections/report';
import { measureModels100k } from './sections/models100k';
import { measureVerdicts } from './sections/verdicts';
import { measureModelFilter } from './sections/webview';
import { measureUsage } from './sections/usage';

const HARD_LIMIT_MS = 290_000;
/** Kept back from the editor step's time limit for the report after it. */
const REPORT_RESERVE_MS = 5_000;

const usage = () => `usage: npm run bench [-- options]
  --no-editor        skip the editor-reported activation (code-server); editorActivationMs is null
  --only=a,b         run some sections only, print them, write nothing: ${SECTIONS.map((s) => s.key).join(', ')}
                     (editor also packages the .vsix it installs)
  --merge            with --only: write those sections' figures into the results file, keeping the rest
  --out=FILE         write the results to FILE instead of bench/results.json
  --help             this text`;

interface Section {
  key: string;
  name: string;
  run(ctx: BenchContext, build: ProductionBuild, engine: () => Verify): Promise<void> | void;
}

const SECTIONS: Section[] = [
  { key: 'bundles', name: 'bundles', run: (ctx, build) => measureBundles(ctx, build) },
  { key: 'activation', name: 'activation', run: (ctx, build) => measureActivation(ctx, build) },
  { key: 'verify', name: 'verify cost', run: (ctx, build, engine) => measureVerifyCost(ctx, engine(), loadShippedDiscover(build)) },
  { key: 'verdicts', name: 'verdicts', run: (ctx, _build, engine) => measureVerdicts(ctx, engine()) },
  { key: 'model', name: 'model filter', run: (ctx, build) => measureModelFilter(ctx, build) },
  { key: 'picker', name: 'picker', run: (ctx, _build, engine) => measurePicker(ctx, engine()) },
  { key: 'models100k', name: '100,000 models', run: (ctx, build, engine) => measureModels100k(ctx, build, engine()) },
  { key: 'usage', name: 'usage view', run: (ctx, build) => measureUsage(ctx, build) },
  { key: 'vsix', name: 'vsix', run: (ctx, build) => measureVsix(ctx, build) },
  {
    key: 'lm',
    name: 'lm stream',
    run: (ctx, build) =>
      measureLmStream(ctx, {
        createClient: shippedClientFactory(build),
        clientModule: shippedClientModule(build),
        clientFrom: 'dist/gateway.js of the production build',
      }),
  },
  {
    key: 'editor',
    name: 'editor activation',
    run: (ctx, build) => measureEditorActivation(ctx, vsixPath(build), Math.max(30_000, deadline - performance.now() - REPORT_RESERVE_MS)),
  },
];

function parseArgs(argv: string[]) {
  const value = (flag: string) => argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  const only = value('--only');
  const known = new Set(SECTIONS.map((s) => s.key));
  const unknown = argv.filter((a) => !['--no-editor', '--merge', '--help', '-h'].includes(a) && !/^--(only|out)=/.test(a));
  const onlyKeys = only ? only.split(',').filter(Boolean) : null;
  const badKeys = onlyKeys?.filter((k) => !known.has(k)) ?? [];
  if (argv.includes('--help') || argv.includes('-h') || unknown.length || badKeys.length) {
    if (unknown.length || badKeys.length) console.error(`bench: unknown ${[...unknown, ...badKeys].join(', ')}`);
    console.error(usage());
    process.exit(unknown.length || badKeys.length ? 2 : 0);
  }
  const out = value('--out');
  return {
    only: onlyKeys ? new Set(onlyKeys) : null,
    noEditor: argv.includes('--no-editor'),
    merge: argv.includes('--merge'),
    out: out ? resolve(out) : join(projectRoot, 'bench/results.json'),
  };
}

const args = parseArgs(process.argv.slice(2));
/** The editor step needs the .vsix; everything else stands alone. */
const selected = (key: string) =>
  (key !== 'editor' || !args.noEditor) && (!args.only || args.only.has(key) || (key === 'vsix' && args.only.has('editor')));
const results = createResults();
const ctx = createContext(results);
const resultsFile = args.only && !args.merge ? null : args.out;
let deadline = Infinity;

function finish(): void {
  const merged = args.only && args.merge && resultsFile ? mergeResults(results, resultsFile, [...args.only]) : undefined;
  if (!merged) {
    carryOver(results, resultsFile);
    evaluateGoals(results);
  }
  printTable(merged ?? results);
  const inProject = resultsFile && !relative(projectRoot, resultsFile).startsWith('..');
  writeResults(merged ?? results, resultsFile, inProject ? relative(projectRoot, resultsFile) : resultsFile);
}

async function main(): Promise<void> {
  if (selected('editor') || selected('model') || selected('models100k') || selected('usage')) {
    // Chromium and fonts (the webview filter, the editor), and what code-server builds with while it is not installed:
    // installed now when possible, else the one command to run (scripts/systemPackages.mjs), before anything starts.
    const system = spawnSync(process.execPath, [join(projectRoot, 'scripts/systemPackages.mjs'), '--install', 'bench'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (system.status !== 0) process.exit(1);
  }
  if (selected('editor')) {
    // code-server for the editor figure: installed into .cache on first use (about a minute, once),
    // before the clock starts, like `npm ci`.
    const install = spawnSync(process.execPath, [join(projectRoot, 'test/e2e/lib/codeServer.mjs')], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (install.status !== 0) ctx.note('editor activation: code-server could not be installed; editorActivationMs will be null');
  }
  const started = performance.now();
  deadline = started + HARD_LIMIT_MS;
  const watchdog = setTimeout(() => {
    ctx.note(`watchdog: stopped after ${HARD_LIMIT_MS} ms`);
    finish();
    void ctx.runCleanups().finally(() => process.exit(2));
  }, HARD_LIMIT_MS);
  watchdog.unref();

  ctx.log('production build (private temporary directory)…');
  const build = buildProduction();
  ctx.defer(() => build.cleanup());
  let verify: Verify | undefined;
  const engine = () => (verify ??= loadShippedVerify(build));
  try {
    for (const section of SECTIONS) {
      if (!selected(section.key)) continue;
      const t0 = performance.now();
      try {
        await section.run(ctx, build, engine);
      } catch (e) {
        ctx.note(`${section.name}: failed: ${(e as Error).stack ?? e}`);
      }
      ctx.log(`${section.name} done in ${Math.round(performance.now() - t0)} ms`);
    }
    if (args.noEditor) ctx.note('editorActivationMs: null — skipped (--no-editor)');
  } finally {
    await ctx.runCleanups();
  }
  results.details.benchWallMs = Math.round(performance.now() - started);
  finish();
  clearTimeout(watchdog);
  if (results.checks.some((c) => !c.ok)) process.exitCode = 1;
  // Anything still holding the event loop (a socket the engine left open) must not keep us alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
