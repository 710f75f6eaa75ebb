// `npm run bench`: measures what issue 5 holds the product to and writes bench/results.json.
// Everything runs on 127.0.0.1 against the project's own sandbox gateway; every loop is bounded,
// every server is closed, and a watchdog stops the run if anything ever hangs.
// Numbers are measured on this machine in this run. Nothing here is a test: no timed assertions.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildProduction, bundleBytes, packageInputs, projectRoot, type ProductionBuild } from './prodBuild';
import { startLatencyProxy } from './latencyProxy';
import type { VerificationResult, VerifyOptions } from '../src/core/types';
import type { Results } from './results';

type Verify = (options: VerifyOptions) => Promise<VerificationResult>;

const HARD_LIMIT_MS = 290_000;
const ACTIVATION_RUNS = 31;
const RATIO_PAIRS = 15;
const LATENCY_EACH_WAY_MS = 50;
const BLACKHOLE_DEADLINE_MS = 2_000;
const CANCEL_AFTER_MS = 300;
const MODEL = 'gpt-4o-mini';
const RESULTS_FILE = join(projectRoot, 'bench/results.json');

const GOALS = {
  activationMs: { max: 10, unit: 'ms' },
  editorActivationMs: { max: 10, unit: 'ms' },
  'bundleBytes.extension': { max: 80 * 1024, unit: 'B' },
  verifyRatio: { max: 1.1, unit: '×' },
  tcpConnectionsPerVerify: { max: 1, unit: '' },
  'verdictMs.refused': { max: 2000, unit: 'ms' },
  'verdictMs.dns': { max: 2000, unit: 'ms' },
  'verdictMs.unauthorized': { max: 2000, unit: 'ms' },
  'verdictMs.forbidden': { max: 2000, unit: 'ms' },
  'verdictMs.notFound': { max: 2000, unit: 'ms' },
  'verdictMs.html': { max: 2000, unit: 'ms' },
  'verdictMs.redirect': { max: 2000, unit: 'ms' },
  // "Verdict at the configured deadline": not before it, and at most 250 ms after it.
  'verdictMs.blackhole': { min: BLACKHOLE_DEADLINE_MS - 50, max: BLACKHOLE_DEADLINE_MS + 250, unit: 'ms' },
  // "At once": no silent wait for the 60 s Retry-After.
  'verdictMs.retryAfter60': { max: 500, unit: 'ms' },
  cancelMs: { max: 100, unit: 'ms' },
  modelFilterMsPerKeystroke: { max: 16, unit: 'ms' },
  pickerReadyMs: { max: 300, unit: 'ms' },
} as const satisfies Record<string, { min?: number; max: number; unit: string }>;

type GoalName = keyof typeof GOALS;

const results: Results = {
  generatedAt: new Date().toISOString(),
  activationMs: null,
  editorActivationMs: null,
  bundleBytes: { extension: null, host: null, gateway: null, panel: null, webview: null, vsix: null },
  verifyRatio: null,
  tcpConnectionsPerVerify: null,
  verdictMs: { refused: null, dns: null, unauthorized: null, forbidden: null, notFound: null, html: null, redirect: null, blackhole: null, retryAfter60: null },
  verdictCodes: {},
  blackholeDeadlineMs: BLACKHOLE_DEADLINE_MS,
  cancelMs: null,
  modelFilterMsPerKeystroke: null,
  pickerReadyMs: null,
  machine: {
    cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    // Other work on the machine inflates wall-clock figures; recorded so readers can judge.
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
  },
  goals: GOALS,
  meetsGoals: {},
  details: {},
  notes: [],
  checks: [],
};

const cleanups: (() => unknown)[] = [];
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const note = (line: string) => {
  results.notes.push(line);
  log(`note: ${line}`);
};
const check = (name: string, ok: boolean, detail?: string) => {
  results.checks.push({ name, ok, ...(detail ? { detail } : {}) });
  log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function get(path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), results);
}

/** Runs `fn` but gives up after `ms`, so one stuck measurement can't hang the bench. */
async function bounded<T>(what: string, ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `npm run bench -- --only=picker,verdicts` runs some sections and prints them without writing results.json. */
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const ONLY = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;

async function section(name: string, fn: () => Promise<void> | void): Promise<void> {
  if (ONLY && !ONLY.has(name.split(' ')[0])) return;
  const t0 = performance.now();
  try {
    await fn();
  } catch (e) {
    note(`${name}: failed: ${(e as Error).stack ?? e}`);
  }
  log(`${name} done in ${Math.round(performance.now() - t0)} ms`);
}

// ---------------------------------------------------------------------------------------------
// Bundles and .vsix

function measureBundles(build: ProductionBuild): void {
  results.bundleBytes.extension = bundleBytes(build.metas.extension);
  results.bundleBytes.host = bundleBytes(build.metas.host);
  results.bundleBytes.gateway = bundleBytes(build.metas.gateway);
  results.bundleBytes.panel = bundleBytes(build.metas.panel);
  results.bundleBytes.webview = bundleBytes(build.metas.webview);
  for (const name of ['extension', 'host'] as const) {
    if (!build.metas[name]) continue;
    const sdk = packageInputs(build.metas[name], 'openai');
    check(`openai SDK not in the ${name} bundle`, sdk.length === 0, sdk.length ? sdk.slice(0, 3).join(', ') : undefined);
  }
}

function measureVsix(build: ProductionBuild): void {
  const vsce = join(projectRoot, 'node_modules/@vscode/vsce/vsce');
  if (!existsSync(vsce)) {
    note('vsix: @vscode/vsce is not installed; bundleBytes.vsix is null');
    return;
  }
  const out = join(build.dir, 'bench.vsix');
  // Same as `npm run package` (production build + vsce package --no-dependencies), in the private
  // build directory so the working tree is untouched.
  const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', out], {
    cwd: build.dir,
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, npm_config_yes: 'true' },
  });
  if (run.status === 0 && existsSync(out)) {
    results.bundleBytes.vsix = statSync(out).size;
    const list = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: build.dir, encoding: 'utf8', timeout: 60_000 });
    if (list.status === 0) results.details.vsixFiles = list.stdout.trim().split('\n');
  } else {
    const why = `${run.error?.message ?? ''}${run.stderr ?? ''}${run.stdout ?? ''}`.trim().split('\n').slice(-3).join(' | ');
    note(`vsix: vsce package failed (exit ${run.status}): ${why}; bundleBytes.vsix is null`);
  }
}

// ---------------------------------------------------------------------------------------------
// Activation

function measureActivation(build: ProductionBuild): void {
  const bundle = join(build.dir, 'dist/extension.js');
  if (!existsSync(bundle)) {
    note('activation: no dist/extension.js in the production build');
    return;
  }
  const child = join(projectRoot, 'bench/activationChild.cjs');
  const samples: Record<string, unknown>[] = [];
  for (let i = 0; i < ACTIVATION_RUNS; i++) {
    const run = spawnSync(process.execPath, [child, bundle], { encoding: 'utf8', timeout: 20_000 });
    const line = run.stdout.trim().split('\n').pop() ?? '';
    try {
      samples.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      note(`activation: sample ${i} printed no result (exit ${run.status}): ${run.stderr.slice(0, 300)}`);
    }
  }
  const good = samples.filter((s) => typeof s.activationMs === 'number');
  if (good.length === 0) return;
  results.activationMs = round(median(good.map((s) => s.activationMs as number)), 3);
  const first = good[0];
  results.details.activation = {
    runs: good.length,
    loadMsMedian: round(median(good.map((s) => s.loadMs as number)), 3),
    activateSyncMsMedian: round(median(good.map((s) => s.activateSyncMs as number)), 3),
    activatePromiseMsMedian: round(median(good.map((s) => s.activatePromiseMs as number)), 3),
    cpuMsMedian: round(median(good.map((s) => s.activationCpuMs as number)), 3),
    // Until the status bar item is shown: the host chunk started, one task after activate().
    readyMsMedian: good.every((s) => typeof s.readyMs === 'number') ? round(median(good.map((s) => s.readyMs as number)), 3) : null,
    min: round(Math.min(...good.map((s) => s.activationMs as number)), 3),
    max: round(Math.max(...good.map((s) => s.activationMs as number)), 3),
    commandsRegistered: first.commands,
    subscriptions: first.subscriptions,
    networkAfterActivate: first.networkAfter,
    keychainAfterActivate: first.keychainAfter,
  };
  const errors = good.map((s) => s.activateError).filter(Boolean);
  check('activate() does not throw with the vscode stand-in', errors.length === 0, errors[0] ? String(errors[0]).slice(0, 300) : undefined);
  const net = good.flatMap((s) => s.networkDuringActivate as string[]);
  check('no network during activate()', net.length === 0, net.length ? [...new Set(net)].join(', ') : undefined);
  const keychain = good.flatMap((s) => s.keychainDuringActivate as string[]);
  check('no keychain (SecretStorage) access during activate()', keychain.length === 0, keychain.length ? [...new Set(keychain)].join(', ') : undefined);
  const host = good.filter((s) => s.hostLoadedDuringActivate).length;
  check('host chunk started after activate() returned, not inside it', host === 0, host ? `${host}/${good.length} runs` : undefined);
  const gateway = good.filter((s) => s.gatewayLoadedDuringActivate).length;
  check('gateway chunk (openai SDK) not loaded during activate()', gateway === 0, gateway ? `${gateway}/${good.length} runs` : undefined);
}

// About 7 s a sample (a workbench reload each) plus ~12 s a set-up, three set-ups: about 3 of the
// bench's 5 minutes. The isolated figure is noisy (4–20 ms a sample on 2 cores), hence its count.
const EDITOR_RUNS = 11;
const EDITOR_FLOOR_RUNS = 7;
const EDITOR_STOCK_RUNS = 3;

/**
 * The activation time code-server itself reports, from bench/editorActivation.mjs (its header says
 * how): the production .vsix, isolated (nothing else loading in the same batch) and stock next to
 * floor extensions. Needs code-server in .cache (installed before the clock starts, see main()).
 */
function measureEditorActivation(build: ProductionBuild): void {
  const vsix = join(build.dir, 'bench.vsix');
  if (!existsSync(vsix)) {
    note('editorActivationMs: null — no .vsix from this build');
    return;
  }
  const out = join(build.dir, 'editor-activation.json');
  const run = spawnSync(
    process.execPath,
    [join(projectRoot, 'bench/editorActivation.mjs'), '--vsix', vsix, '--runs', String(EDITOR_RUNS), '--floor-runs', String(EDITOR_FLOOR_RUNS), '--stock-runs', String(EDITOR_STOCK_RUNS), '--json', out],
    { encoding: 'utf8', timeout: 225_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  for (const line of (run.stderr ?? '').trim().split('\n').filter(Boolean)) log(`editor: ${line}`);
  if (run.status !== 0 || !existsSync(out)) {
    note(`editorActivationMs: null — bench/editorActivation.mjs failed (exit ${run.status ?? run.signal}): ${(run.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
    return;
  }
  type Summary = { activationMsMedian: number; loadCodeMsMedian: number; callActivateMsMedian: number; min: number; max: number; samples: number[] };
  type Setup = { runs: number; summary: Record<string, Summary> & { overEmptyFloor?: { msMedian: number; samples: number[] } } };
  const r = JSON.parse(readFileSync(out, 'utf8')) as { codeServer: string; isolated: Setup; isolatedFloor: Setup; stock: Setup | null };
  const ours = r.isolated.summary['rutaapi.rutaapi-connect'];
  results.editorActivationMs = ours.activationMsMedian;
  const floor = r.isolatedFloor.summary['rutaapi-bench.activation-floor-minimal'];
  const stock = r.stock?.summary;
  results.details.editorActivation = {
    codeServer: r.codeServer,
    how: 'Developer: Startup Performance → Load Code + Call Activate, median of cold extension hosts (page reloads)',
    isolated: { runs: r.isolated.runs, ...ours },
    isolatedMinimalFloor: { runs: r.isolatedFloor.runs, ...floor },
    stock: stock
      ? {
          runs: r.stock?.runs,
          rutaapi: stock['rutaapi.rutaapi-connect'],
          emptyFloor: stock['rutaapi-bench.activation-floor-empty'],
          minimalFloor: stock['rutaapi-bench.activation-floor-minimal'],
          overEmptyFloorMsMedian: stock.overEmptyFloor?.msMedian,
        }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Verification cost, connections, time to verdict, cancel

async function loadVerify(build: ProductionBuild): Promise<Verify | null> {
  // The shipped engine: dist/gateway.js from the production build, exactly what the extension loads.
  const file = join(build.dir, 'dist/gateway.js');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { verify?: Verify };
    if (typeof mod.verify === 'function') return mod.verify;
    note('engine: dist/gateway.js does not export verify() yet');
  } catch (e) {
    note(`engine: cannot load dist/gateway.js: ${(e as Error).message}`);
  }
  return null;
}

async function rawFetchPair(baseUrl: string, key: string): Promise<void> {
  const headers = { authorization: `Bearer ${key}`, accept: 'application/json' };
  const models = await fetch(`${baseUrl}/models`, { headers });
  const list = (await models.json()) as { data?: unknown[] };
  if (!models.ok || !Array.isArray(list.data)) throw new Error(`raw /models failed: ${models.status}`);
  // One turn of the event loop lets undici hand the socket back to its pool; without it the
  // second request races the first one's completion and opens a second connection.
  await new Promise((r) => setImmediate(r));
  const chat = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Hello from RutaAPI' }], max_tokens: 16 }),
  });
  const reply = (await chat.json()) as { choices?: unknown[] };
  if (!chat.ok || !Array.isArray(reply.choices)) throw new Error(`raw chat failed: ${chat.status}`);
}

async function measureVerifyCost(verify: Verify, startSandbox: StartSandbox): Promise<void> {
  const sandbox = await startSandbox({ port: 0 });
  cleanups.push(() => sandbox.close());
  const key = 'sk-ruta-sandbox-ok-bench';
  try {
    // Engine vs. floor, alternating, paired; both share the proxy and Node's keep-alive pool.
    const proxy = await startLatencyProxy({ targetPort: sandbox.port, delayMs: LATENCY_EACH_WAY_MS });
    cleanups.push(() => proxy.close());
    const baseUrl = `${proxy.origin}/v1`;
    const engine = async () => {
      const t0 = performance.now();
      const r = await bounded('verify', 20_000, () => verify({ apiKey: key, baseUrl, model: MODEL, timeoutMs: 15_000 }));
      if (!r.ok) throw new Error(`engine verify failed: ${r.diagnosis.code} ${r.diagnosis.detail}`);
      return performance.now() - t0;
    };
    const raw = async () => {
      const t0 = performance.now();
      await bounded('raw fetch', 20_000, () => rawFetchPair(baseUrl, key));
      return performance.now() - t0;
    };
    await engine();
    await raw(); // warm-up: both paths have loaded their code and hold a pooled connection
    const pairs: { engineMs: number; rawMs: number; ratio: number }[] = [];
    for (let i = 0; i < RATIO_PAIRS; i++) {
      let engineMs: number;
      let rawMs: number;
      if (i % 2 === 0) {
        engineMs = await engine();
        rawMs = await raw();
      } else {
        rawMs = await raw();
        engineMs = await engine();
      }
      pairs.push({ engineMs: round(engineMs), rawMs: round(rawMs), ratio: round(engineMs / rawMs, 4) });
    }
    results.verifyRatio = round(median(pairs.map((p) => p.ratio)), 3);
    results.details.verifyCost = {
      latencyEachWayMs: LATENCY_EACH_WAY_MS,
      pairs: pairs.length,
      engineMsMedian: round(median(pairs.map((p) => p.engineMs))),
      rawFetchMsMedian: round(median(pairs.map((p) => p.rawMs))),
      samples: pairs,
    };
    await proxy.close();

    // TCP connections per verify: a fresh proxy (a new origin, so nothing pooled) per sample.
    const counts: number[] = [];
    const rawCounts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const fresh = await startLatencyProxy({ targetPort: sandbox.port, delayMs: LATENCY_EACH_WAY_MS });
      try {
        const r = await bounded('verify', 20_000, () => verify({ apiKey: key, baseUrl: `${fresh.origin}/v1`, model: MODEL }));
        if (!r.ok) throw new Error(`engine verify failed: ${r.diagnosis.code}`);
        counts.push(fresh.stats.connections);
      } finally {
        await fresh.close();
      }
      const freshRaw = await startLatencyProxy({ targetPort: sandbox.port, delayMs: LATENCY_EACH_WAY_MS });
      try {
        await bounded('raw fetch', 20_000, () => rawFetchPair(`${freshRaw.origin}/v1`, key));
        rawCounts.push(freshRaw.stats.connections);
      } finally {
        await freshRaw.close();
      }
    }
    results.tcpConnectionsPerVerify = Math.max(...counts);
    results.details.tcpConnections = { engineSamples: counts, rawFetchSamples: rawCounts, reported: 'max of samples' };
  } finally {
    await sandbox.close();
  }
}

type StartSandbox = (options: { port?: number; latencyMs?: number; tls?: boolean }) => Promise<{
  origin: string;
  baseUrl: string;
  port: number;
  stats: { connections: number; requests: number };
  close(): Promise<void>;
}>;

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((done, fail) => {
    const s = net.createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

async function measureVerdicts(verify: Verify, startSandbox: StartSandbox): Promise<void> {
  const sandbox = await startSandbox({ port: 0 });
  cleanups.push(() => sandbox.close());
  const closedPort = await freePort();
  const base = sandbox.baseUrl;
  const modes: Record<string, { options: VerifyOptions; runs: number; expect: string[] }> = {
    refused: { options: { apiKey: 'sk-ruta-sandbox-ok-bench', baseUrl: `http://127.0.0.1:${closedPort}/v1`, model: MODEL }, runs: 5, expect: ['connection_refused'] },
    dns: { options: { apiKey: 'sk-ruta-sandbox-ok-bench', baseUrl: 'https://rutaapi-bench.invalid/v1', model: MODEL }, runs: 3, expect: ['dns_failure'] },
    unauthorized: { options: { apiKey: 'sk-ruta-bench-not-a-sandbox-key-0001', baseUrl: base, model: MODEL }, runs: 5, expect: ['unauthorized'] },
    // The sandbox's 403 is the out-of-credits one (insufficient_quota), the common 403 in practice.
    forbidden: { options: { apiKey: 'sk-ruta-sandbox-forbidden-bench', baseUrl: base, model: MODEL }, runs: 5, expect: ['forbidden'] },
    notFound: { options: { apiKey: 'sk-ruta-sandbox-ok-bench', baseUrl: `${sandbox.origin}/api/v1`, model: MODEL }, runs: 5, expect: ['path_not_found', 'missing_v1'] },
    html: { options: { apiKey: 'sk-ruta-sandbox-html-bench', baseUrl: base, model: MODEL }, runs: 5, expect: ['html_response'] },
    redirect: { options: { apiKey: 'sk-ruta-sandbox-redirect-bench', baseUrl: base, model: MODEL }, runs: 5, expect: ['redirect'] },
    retryAfter60: { options: { apiKey: 'sk-ruta-sandbox-ratelimited60-bench', baseUrl: base, model: MODEL }, runs: 5, expect: ['rate_limited'] },
    blackhole: { options: { apiKey: 'sk-ruta-sandbox-blackhole-bench', baseUrl: base, model: MODEL, timeoutMs: BLACKHOLE_DEADLINE_MS }, runs: 2, expect: ['timeout'] },
  };
  const perMode: Record<string, unknown> = {};
  try {
    for (const [mode, { options, runs, expect }] of Object.entries(modes)) {
      const times: number[] = [];
      const codes = new Set<string>();
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = await bounded(`verify (${mode})`, 30_000, () => verify({ timeoutMs: 15_000, ...options }));
        times.push(performance.now() - t0);
        codes.add(r.diagnosis.code);
      }
      results.verdictMs[mode] = round(median(times), 1);
      results.verdictCodes[mode] = [...codes].join(',');
      perMode[mode] = { runs, samplesMs: times.map((t) => round(t, 1)), codes: [...codes] };
      const ok = [...codes].every((c) => expect.includes(c));
      check(`verdict for ${mode} is ${expect.join(' or ')}`, ok, ok ? undefined : `got ${[...codes].join(', ')}`);
    }

    // Cancel: abort while a request is black-holed; time from abort() to verify() resolving.
    const cancelTimes: number[] = [];
    const cancelCodes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const controller = new AbortController();
      const pending = verify({ apiKey: 'sk-ruta-sandbox-blackhole-bench', baseUrl: base, model: MODEL, timeoutMs: 15_000, signal: controller.signal });
      await new Promise((r) => setTimeout(r, CANCEL_AFTER_MS));
      const t0 = performance.now();
      controller.abort();
      const r = await bounded('cancelled verify', 20_000, () => pending);
      cancelTimes.push(performance.now() - t0);
      cancelCodes.add(r.diagnosis.code);
    }
    results.cancelMs = round(median(cancelTimes), 2);
    perMode.cancel = { samplesMs: cancelTimes.map((t) => round(t, 2)), codes: [...cancelCodes], abortAfterMs: CANCEL_AFTER_MS };
    check('cancel gives the cancelled verdict', [...cancelCodes].every((c) => c === 'cancelled'), [...cancelCodes].join(', '));
    results.details.verdicts = perMode;
  } finally {
    await sandbox.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Scale: 10,000 models — webview filter per keystroke, quick-pick items

/** Typed into the filter one character at a time: broad first (nearly all 10,000 match), then narrow. */
const TYPED = 'sandbox-model-0420';

async function measureModelFilter(build: ProductionBuild): Promise<void> {
  const ids = await manyIds();
  // Preferred: a pure, importable filter function, if the webview exports one.
  const mod = await importFirst(['src/webview/modelFilter.ts', 'src/webview/filter.ts']);
  const fn = mod ? pickFunction(mod.exports, ['filterModels', 'modelFilter', 'filter', 'matchModels']) : null;
  if (mod && fn) {
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      for (let i = 1; i <= TYPED.length; i++) {
        const t0 = performance.now();
        fn.call(undefined, ids, TYPED.slice(0, i));
        if (r > 0) times.push(performance.now() - t0);
      }
    }
    results.modelFilterMsPerKeystroke = round(median(times), 3);
    results.details.modelFilter = { how: `${mod.file} ${fn.name}() in Node`, models: ids.length, typed: TYPED, keystrokes: times.length, maxMs: round(Math.max(...times), 3) };
    return;
  }
  // Otherwise the real thing: the production webview bundle in headless Chromium.
  const { measureWebviewFilter } = await import('./webviewFilter');
  const r = await bounded('webview filter', 120_000, () =>
    measureWebviewFilter({ distDir: join(build.dir, 'dist'), projectRoot, ids, typed: TYPED, rounds: 6 }),
  );
  const sorted = [...r.keystrokeMs].sort((a, b) => a - b);
  results.modelFilterMsPerKeystroke = round(median(r.keystrokeMs), 3);
  results.details.modelFilter = {
    how: 'production dist/webview.js in the host-generated panel HTML, headless Chromium; input handler (filter + list render) through forced layout',
    browser: r.browser,
    models: ids.length,
    typed: TYPED,
    keystrokes: r.keystrokeMs.length,
    p95Ms: round(sorted[Math.floor(sorted.length * 0.95)], 3),
    maxMs: round(sorted[sorted.length - 1], 3),
    rowsRendered: r.rowsAfterLast,
    note: 'src/webview/main.ts has no separately exported pure filter function; the whole keystroke handler is measured',
  };
}

async function measurePicker(startSandbox: StartSandbox, verify: Verify | null): Promise<void> {
  const mod = await importFirst(['src/host/modelPicker.ts']);
  if (!mod) {
    note('pickerReadyMs: null — no model picker module in src/host yet');
    return;
  }
  if (!verify) {
    note('pickerReadyMs: null — the engine is not available');
    return;
  }
  const pickModel = pickFunction(mod.exports, ['pickModel']) as ((deps: unknown) => Promise<void>) | null;
  if (!pickModel) {
    note(`pickerReadyMs: null — ${mod.file} exports no pickModel (exports: ${Object.keys(mod.exports).join(', ')})`);
    return;
  }
  const sandbox = await startSandbox({ port: 0 });
  cleanups.push(() => sandbox.close());
  try {
    const key = 'sk-ruta-sandbox-many-bench';
    const samples: { readyMs: number; items: number }[] = [];
    for (let i = 0; i < 6; i++) {
      // The host's real picker, driven with a quick-pick stand-in: the clock runs from the
      // command until the 10,000 items are in the quick pick (engine /models fetch included).
      const picker = quickPickStandIn();
      const deps = {
        vs: {
          window: {
            createQuickPick: () => picker.qp,
            showErrorMessage: async () => undefined,
            showInformationMessage: async () => undefined,
            withProgress: async () => undefined,
          },
          ThemeIcon: class {
            constructor(readonly id: string) {}
          },
          ProgressLocation: { Notification: 15 },
        },
        settings: { baseUrl: sandbox.baseUrl, model: 'deepseek-chat', timeoutMs: 15_000, useBaseUrlAsEntered: false, update: async () => undefined, scopeOf: () => 'user' },
        keychain: { get: async () => key },
        connection: { run: (options: VerifyOptions) => verify(options), adopt: () => undefined },
        cache: { get: () => undefined, set: async () => undefined },
        showDiagnosis: (r: VerificationResult) => note(`picker: diagnosis ${r.diagnosis.code}`),
        notConfigured: () => note('picker: not configured'),
      };
      const t0 = performance.now();
      const done = pickModel(deps);
      const items = await bounded('model picker', 20_000, () => picker.ready(10_000));
      const readyMs = picker.lastTouch() - t0;
      picker.qp.hide();
      await bounded('model picker close', 5_000, () => done);
      samples.push({ readyMs: round(readyMs), items });
    }
    const counted = samples.slice(1); // the first sample warms up
    results.pickerReadyMs = round(median(counted.map((s) => s.readyMs)), 2);
    results.details.picker = {
      module: mod.file,
      function: 'pickModel (quick-pick stand-in; engine verify for /models on the sandbox `many` scenario)',
      items: counted[0]?.items,
      samplesMs: counted.map((s) => s.readyMs),
    };
  } finally {
    await sandbox.close();
  }
}

/** A recording stand-in for vscode.QuickPick: resolves `ready(n)` once n items were set. */
function quickPickStandIn() {
  let items: unknown[] = [];
  let touched = 0;
  let waiting: { n: number; resolve: (count: number) => void } | undefined;
  const hide: (() => void)[] = [];
  const check = () => {
    touched = performance.now();
    if (waiting && items.length >= waiting.n) {
      const w = waiting;
      waiting = undefined;
      // Resolve after the current task, so code after `qp.items = …` (active item) counts too.
      setImmediate(() => w.resolve(items.length));
    }
  };
  let active: unknown[] = [];
  const qp = {
    title: '',
    placeholder: '',
    busy: false,
    buttons: [] as unknown[],
    matchOnDescription: false,
    matchOnDetail: false,
    selectedItems: [] as unknown[],
    get items() {
      return items;
    },
    set items(v: unknown[]) {
      items = v;
      check();
    },
    get activeItems() {
      return active;
    },
    set activeItems(v: unknown[]) {
      active = v;
      touched = performance.now();
    },
    onDidTriggerButton: () => ({ dispose() {} }),
    onDidAccept: () => ({ dispose() {} }),
    onDidHide: (f: () => void) => {
      hide.push(f);
      return { dispose() {} };
    },
    onDidChangeValue: () => ({ dispose() {} }),
    show() {},
    hide() {
      hide.forEach((f) => f());
    },
    dispose() {},
  };
  return {
    qp,
    lastTouch: () => touched,
    ready: (n: number) => new Promise<number>((resolve) => (waiting = { n, resolve })),
  };
}

async function manyIds(): Promise<string[]> {
  const models = (await import('../src/sandbox/models')) as { manyModelIds?: () => readonly string[] };
  if (typeof models.manyModelIds === 'function') return [...models.manyModelIds()];
  return Array.from({ length: 10_000 }, (_, i) => `model-${i}`);
}

async function importFirst(files: string[]): Promise<{ file: string; exports: Record<string, unknown> } | null> {
  for (const file of files) {
    if (!existsSync(join(projectRoot, file))) continue;
    try {
      return { file, exports: (await import(resolve(projectRoot, file))) as Record<string, unknown> };
    } catch (e) {
      note(`cannot import ${file}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return null;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function pickFunction(exports: Record<string, unknown>, names: string[]): Function | null {
  for (const n of names) if (typeof exports[n] === 'function') return exports[n] as Function;
  return null;
}

// ---------------------------------------------------------------------------------------------

function evaluateGoals(): void {
  for (const [name, goal] of Object.entries(GOALS) as [GoalName, { min?: number; max: number }][]) {
    const v = get(name);
    results.meetsGoals[name] = typeof v === 'number' ? v <= goal.max && (goal.min === undefined || v >= goal.min) : null;
  }
  results.meetsGoals.checks = results.checks.every((c) => c.ok);
}

function printTable(): void {
  const rows: [string, string, string, string][] = [['metric', 'value', 'goal', 'meets']];
  const fmt = (v: unknown, unit = '') => (v === null || v === undefined ? 'n/a' : `${v}${unit ? ' ' + unit : ''}`);
  rows.push(['activationMs (median, stand-in)', fmt(results.activationMs, 'ms'), '≤ 10 ms', mark(results.meetsGoals.activationMs)]);
  rows.push(['editorActivationMs (code-server, isolated)', fmt(results.editorActivationMs, 'ms'), '≤ 10 ms', mark(results.meetsGoals.editorActivationMs)]);
  for (const k of ['extension', 'host', 'gateway', 'panel', 'webview', 'vsix'] as const) {
    const goal = k === 'extension' ? '≤ 81920 B' : '';
    rows.push([`bundleBytes.${k}`, fmt(results.bundleBytes[k], 'B'), goal, k === 'extension' ? mark(results.meetsGoals['bundleBytes.extension']) : '']);
  }
  rows.push(['verifyRatio (engine ÷ raw fetch)', fmt(results.verifyRatio, '×'), '≤ 1.10', mark(results.meetsGoals.verifyRatio)]);
  rows.push(['tcpConnectionsPerVerify', fmt(results.tcpConnectionsPerVerify), '1', mark(results.meetsGoals.tcpConnectionsPerVerify)]);
  for (const [k, v] of Object.entries(results.verdictMs)) {
    const g = GOALS[`verdictMs.${k}` as GoalName] as { min?: number; max: number };
    const goal = g.min !== undefined ? `${g.min}–${g.max} ms` : `≤ ${g.max} ms`;
    rows.push([`verdictMs.${k} (${results.verdictCodes[k] ?? '?'})`, fmt(v, 'ms'), goal, mark(results.meetsGoals[`verdictMs.${k}`])]);
  }
  rows.push(['cancelMs', fmt(results.cancelMs, 'ms'), '≤ 100 ms', mark(results.meetsGoals.cancelMs)]);
  rows.push(['modelFilterMsPerKeystroke (10k)', fmt(results.modelFilterMsPerKeystroke, 'ms'), '≤ 16 ms', mark(results.meetsGoals.modelFilterMsPerKeystroke)]);
  rows.push(['pickerReadyMs (10k)', fmt(results.pickerReadyMs, 'ms'), '≤ 300 ms', mark(results.meetsGoals.pickerReadyMs)]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\nRutaAPI Connect benchmark — ${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}\n`);
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log('\nchecks:');
  for (const c of results.checks) console.log(`  ${c.ok ? '✓' : '✗'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}`);
  if (results.notes.length) {
    console.log('\nnotes:');
    for (const n of results.notes) console.log(`  - ${n.split('\n')[0]}`);
  }
}

function mark(v: boolean | null | undefined): string {
  return v === true ? 'yes' : v === false ? 'NO' : 'n/a';
}

function writeResults(): void {
  if (ONLY) {
    console.log(JSON.stringify(results.details, null, 1).slice(0, 4000));
    console.log('\n(--only: bench/results.json not written)');
    return;
  }
  writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote ${RESULTS_FILE.slice(projectRoot.length + 1)}`);
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-editor') && !ONLY) {
    // code-server for the editor figure: installed into .cache on first use (about a minute, once),
    // before the clock starts, like `npm ci`.
    const install = spawnSync(process.execPath, [join(projectRoot, 'test/e2e/lib/codeServer.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (install.status !== 0) note('editor activation: code-server could not be installed; editorActivationMs will be null');
  }
  const started = performance.now();
  const watchdog = setTimeout(() => {
    note(`watchdog: stopped after ${HARD_LIMIT_MS} ms`);
    evaluateGoals();
    writeResults();
    process.exit(2);
  }, HARD_LIMIT_MS);
  watchdog.unref();

  log('production build (private temporary directory)…');
  const build = buildProduction();
  cleanups.push(() => build.cleanup());
  const sandboxMod = (await import('../src/sandbox/server')) as { startSandbox?: StartSandbox };
  const startSandbox = sandboxMod.startSandbox;
  try {
    await section('bundles', () => measureBundles(build));
    await section('activation', () => measureActivation(build));
    const verify = await loadVerify(build);
    if (verify && startSandbox) {
      await section('verify cost', () => measureVerifyCost(verify, startSandbox));
      await section('verdicts', () => measureVerdicts(verify, startSandbox));
    } else {
      note('verifyRatio, tcpConnectionsPerVerify, verdictMs, cancelMs: null — engine or sandbox not available');
    }
    await section('model filter', () => measureModelFilter(build));
    if (startSandbox) await section('picker', () => measurePicker(startSandbox, verify));
    await section('vsix', () => measureVsix(build));
    if (process.argv.includes('--no-editor')) note('editorActivationMs: null — skipped (--no-editor)');
    else await section('editor activation', () => measureEditorActivation(build));
  } finally {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch {
        /* already closed */
      }
    }
  }
  results.details.benchWallMs = Math.round(performance.now() - started);
  evaluateGoals();
  printTable();
  writeResults();
  clearTimeout(watchdog);
  const failed = results.checks.filter((c) => !c.ok);
  if (failed.length) process.exitCode = 1;
  // Anything still holding the event loop (a socket the engine left open) must not keep us alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
