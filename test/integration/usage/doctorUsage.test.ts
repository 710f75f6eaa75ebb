// `doctor usage` (dist/cli.js) as a child process against the sandbox gateway: the --json contract
// of docs/DOCTOR-JSON.md with every figure checked against the sandbox's own rows (added up here,
// not by the product's aggregate), money in each display unit, exactly one /api/log/token request
// per run, ok:false and exit 1 on 401 and the limiter's 429 (saying when to retry), a plain zero
// answer for a gateway that keeps no records, model names from a hostile gateway printed inert,
// and no key on stdout or stderr.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/server';
import { parseLogAnswer } from '../../../src/core/usage/logRows';
import { mergeEntries } from '../../../src/core/usage/merge';
import { usageReport } from '../../../src/core/usage/report';
import { generatedHistory, type SandboxLogRow } from '../../../src/sandbox/usageLog';
import { runNode, PROJECT_ROOT } from '../../support/runNode';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const uniqueKey = (scenario: string): string => `sk-ruta-sandbox-${scenario}-${randomBytes(12).toString('hex')}`;
const NOW = Date.now();
const utcDay = (s: number): string => new Date(s * 1000).toISOString().slice(0, 10);
const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

async function doctor(args: string[], key: string, via: 'env' | 'stdin' = 'env'): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RUTAAPI_API_KEY: key };
  if (via === 'stdin') delete env.RUTAAPI_API_KEY;
  const stdin = via === 'stdin' ? `${key}\nlogin: me\nurl: https://app.rutaapi.com\n` : undefined;
  const r = await runNode([join(PROJECT_ROOT, 'dist/cli.js'), 'usage', ...args, ...(via === 'stdin' ? ['--key-stdin'] : [])], {
    env,
    stdin,
  });
  const secret = key.slice(key.lastIndexOf('-') + 1);
  assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'key on stdout or stderr');
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed --json contract, read field by field
const parse = (run: Run) => JSON.parse(run.stdout) as Record<string, any>;

/** Nearest-rank percentile, as docs/DOCTOR-JSON.md says. */
function nearestRank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

/** What the report must say, added up from the rows the sandbox holds (newest 1000, from `from` on). */
function expected(rows: SandboxLogRow[], from: string, toDisplay: (quota: number) => number) {
  const kept = [...rows]
    .sort((a, b) => b.created_at - a.created_at)
    .slice(0, 1000)
    .filter((r) => utcDay(r.created_at) >= from);
  const consume = kept.filter((r) => r.type === 2);
  const net = (rs: SandboxLogRow[]): number => rs.reduce((s, r) => s + (r.type === 2 ? r.quota : r.type === 6 ? -r.quota : 0), 0);
  const sum = (rs: SandboxLogRow[], f: (r: SandboxLogRow) => number): number => rs.reduce((s, r) => s + f(r), 0);
  const models = [...new Set(kept.map((r) => r.model_name))];
  const byModel = models
    .map((model) => {
      const mine = consume.filter((r) => r.model_name === model);
      return {
        model,
        requests: mine.length,
        promptTokens: sum(mine, (r) => r.prompt_tokens),
        completionTokens: sum(mine, (r) => r.completion_tokens),
        cachedTokens: sum(mine, (r) => r.cache_tokens),
        cost: toDisplay(net(kept.filter((r) => r.model_name === model))),
        firstTokenMsP50: nearestRank(
          mine.map((r) => r.frt),
          50,
        ),
        firstTokenMsP95: nearestRank(
          mine.map((r) => r.frt),
          95,
        ),
      };
    })
    .sort((a, b) => b.cost - a.cost || a.model.localeCompare(b.model));
  const days = [...new Set(kept.map((r) => utcDay(r.created_at)))].sort();
  return {
    rows: kept.length,
    totals: {
      requests: consume.length,
      promptTokens: sum(consume, (r) => r.prompt_tokens),
      completionTokens: sum(consume, (r) => r.completion_tokens),
      cachedTokens: sum(consume, (r) => r.cache_tokens),
      cost: toDisplay(net(kept)),
      errors: kept.filter((r) => r.type === 5).length,
      refunds: kept.filter((r) => r.type === 6).length,
    },
    byModel,
    byDay: days.map((date) => {
      const day = kept.filter((r) => utcDay(r.created_at) === date);
      return { date, requests: day.filter((r) => r.type === 2).length, cost: toDisplay(net(day)) };
    }),
  };
}

describe('doctor usage (dist/cli.js) against the sandbox', function () {
  this.timeout(60_000);
  const sandboxes: Sandbox[] = [];
  const paths: string[] = [];
  async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
    const s = await startSandbox({ now: () => NOW, onRequest: (r) => paths.push(r.path), ...options });
    sandboxes.push(s);
    return s;
  }

  before(function () {
    this.timeout(120_000);
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=cli', '--quiet'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });
  beforeEach(() => (paths.length = 0));
  after(() => Promise.all(sandboxes.map((s) => s.close())));

  it('--json: exactly the documented object, every figure equal to the sandbox rows added up, one /api/log/token request', async () => {
    const s = await sandbox();
    const run = await doctor(['--base-url', s.baseUrl, '--json', '--since', '30d'], uniqueKey('unlimited'));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const json = parse(run);
    assert.deepEqual(Object.keys(json), ['ok', 'unit', 'from', 'to', 'rows', 'totals', 'byModel', 'byDay']);
    assert.equal(json.to, utcDay(Date.now() / 1000));
    const from = utcDay(Date.parse(`${json.to}T00:00:00Z`) / 1000 - 29 * 86_400);
    const want = expected(generatedHistory(Math.floor(NOW / 1000)), from, (q) => round6(q / 500_000));
    assert.deepEqual(json, { ok: true, unit: 'USD', from, to: json.to, ...want });
    assert.ok(json.byModel.length >= 4 && json.totals.errors > 0 && json.totals.refunds > 0);
    assert.deepEqual(
      paths.filter((p) => p.startsWith('/api/')),
      ['/api/status', '/api/log/token'],
    );
  });

  it("the view's kept history (the answer merged, twice) has doctor's totals: retried requests and refunds all kept", async () => {
    const s = await sandbox();
    const apiKey = uniqueKey('unlimited');
    const json = parse(await doctor(['--base-url', s.baseUrl, '--json'], apiKey));
    const body: unknown = await (await fetch(`${s.origin}/api/log/token`, { headers: { authorization: `Bearer ${apiKey}` } })).json();
    const answer = parseLogAnswer(body);
    assert.ok(answer.ok);
    const once = mergeEntries([], answer.entries, new Set());
    const kept = mergeEntries(once.entries, answer.entries, new Set()).entries;
    assert.equal(kept.length, answer.entries.length, 'no row merged away, none doubled');
    const display = { unit: 'USD', quotaPerUnit: 500_000, exchangeRate: 1 };
    const totals = usageReport(kept, display, Math.floor(Date.now() / 1000)).totals;
    assert.deepEqual(totals, json.totals);
  });

  it('money in the display unit: CNY (× 7.3), a custom symbol (¤, × 2), tokens (raw quota)', async () => {
    const cases: Array<[SandboxOptions['displayType'], string, (q: number) => number]> = [
      ['CNY', 'CNY', (q) => round6((q / 500_000) * 7.3)],
      ['CUSTOM', '¤', (q) => round6((q / 500_000) * 2)],
      ['TOKENS', 'TOKENS', (q) => q],
    ];
    for (const [displayType, unit, toDisplay] of cases) {
      const s = await sandbox({ displayType });
      const json = parse(await doctor(['--base-url', s.baseUrl, '--json'], uniqueKey('unlimited')));
      const want = expected(generatedHistory(Math.floor(NOW / 1000)), '0000', toDisplay);
      assert.equal(json.unit, unit);
      assert.deepEqual(json.totals, want.totals, unit);
      assert.deepEqual(json.byDay, want.byDay, unit);
      // Without --since: from the oldest record the gateway sent.
      assert.equal(json.from, want.byDay[0].date);
    }
  });

  it('the human report: totals, a by-model table, the 1000-record window; --since 7d narrows it', async () => {
    const s = await sandbox();
    const run = await doctor(['--base-url', s.baseUrl], uniqueKey('unlimited'));
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Spent: \d+\.\d\d USD/);
    assert.match(run.stdout, /By model \(highest cost first\):\n {2}Model +Requests/);
    for (const model of ['gpt-4o-mini', 'deepseek-chat', 'claude-3-5-sonnet-20241022']) assert.ok(run.stdout.includes(model), model);
    assert.match(run.stdout, /only the newest 1000 records of a key: these start on \d{4}-\d\d-\d\d/);
    const week = await doctor(['--base-url', s.baseUrl, '--since', '7d', '--json'], uniqueKey('unlimited'));
    const json = parse(week);
    assert.ok(json.rows > 0 && json.rows < 1000 && json.byDay.length <= 7 && json.byDay[0].date >= json.from, week.stdout);
  });

  it('a spent key still reads its records (read-only auth); a key the gateway does not know: ok false, exit 1', async () => {
    const s = await sandbox();
    const spent = await doctor(['--base-url', s.baseUrl, '--json'], uniqueKey('exhausted'));
    assert.equal(spent.code, 0);
    assert.equal(parse(spent).rows, 1000);
    const unknown = await doctor(['--base-url', s.baseUrl, '--json'], uniqueKey('invalid'));
    assert.equal(unknown.code, 1);
    assert.equal(parse(unknown).ok, false);
    assert.match(unknown.stderr, /HTTP 401/);
    const human = await doctor(['--base-url', s.baseUrl], uniqueKey('invalid'));
    assert.equal(human.code, 1);
    assert.match(human.stdout, /✗ The gateway refused this key \(HTTP 401\)/);
  });

  it("the limiter's 429: ok false, exit 1, and when to retry; only one request was sent", async () => {
    const s = await sandbox();
    const run = await doctor(['--base-url', s.baseUrl, '--json', '--since', '7d'], uniqueKey('limiterfull'));
    assert.equal(run.code, 1);
    const json = parse(run);
    assert.equal(json.ok, false);
    assert.equal(json.rows, 0);
    assert.match(run.stderr, /HTTP 429.*Try again after \d\d:\d\d UTC/);
    assert.equal(paths.filter((p) => p === '/api/log/token').length, 1);
  });

  it('a plain zero answer: logs turned off, and a gateway that is not new-api (not asked at all)', async () => {
    const s = await sandbox();
    const off = await doctor(['--base-url', s.baseUrl, '--json'], uniqueKey('logsoff'));
    assert.equal(off.code, 0);
    assert.deepEqual(parse(off).totals, {
      requests: 0,
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
      cost: 0,
      errors: 0,
      refunds: 0,
    });
    assert.equal(parse(off).ok, true);
    const offHuman = await doctor(['--base-url', s.baseUrl], uniqueKey('logsoff'));
    assert.match(offHuman.stdout, /no records for this key: no requests yet, or the operator turned request logging off/);
    const plain = await sandbox({ theme: 'none' });
    paths.length = 0;
    const none = await doctor(['--base-url', plain.baseUrl, '--json'], uniqueKey('ok'));
    assert.equal(none.code, 0);
    assert.equal(parse(none).ok, true);
    assert.equal(parse(none).from, null);
    assert.ok(!paths.includes('/api/log/token'), 'asked a gateway that is not new-api');
    const noneHuman = await doctor(['--base-url', plain.baseUrl], uniqueKey('ok'));
    assert.match(noneHuman.stdout, /keeps no request records a key can read/);
  });

  it('the key from standard input (a pass entry: its first line), as for check', async () => {
    const s = await sandbox();
    const run = await doctor(['--base-url', s.baseUrl, '--json', '--since', '1d'], uniqueKey('unlimited'), 'stdin');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(parse(run).ok, true);
    const none = await runNode([join(PROJECT_ROOT, 'dist/cli.js'), 'usage', '--base-url', s.baseUrl, '--key-stdin'], {
      env: { ...process.env, RUTAAPI_API_KEY: '' },
      stdin: '',
    });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no API key on standard input/);
  });

  it('usage errors exit 2 before anything is sent', async () => {
    const s = await sandbox();
    for (const args of [
      ['--since', 'yesterday'],
      ['--since', '2025-02-30'],
      ['--model', 'gpt-4o'],
    ]) {
      const run = await doctor(['--base-url', s.baseUrl, ...args], uniqueKey('unlimited'));
      assert.equal(run.code, 2, args.join(' '));
    }
    assert.deepEqual(paths, []);
  });
});

describe('doctor usage against a hostile gateway', function () {
  this.timeout(60_000);
  let server: http.Server;
  let origin = '';
  const hostile = 'gpt\u001b[2J\u001b]0;pwned\u0007-\u202emini\u200b\u009b31m';
  before(async () => {
    server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/status')
        return res.end(JSON.stringify({ success: true, data: { quota_per_unit: 500000, quota_display_type: 'USD' } }));
      const row = {
        id: 1,
        created_at: Math.floor(Date.now() / 1000),
        type: 2,
        model_name: hostile,
        quota: 1000,
        prompt_tokens: 10,
        completion_tokens: 5,
        use_time: 1,
        is_stream: true,
        request_id: 'r\u001b[31m1',
        other: JSON.stringify({ frt: 300, request_path: '/v1/chat/completions', upstream_model_name: hostile }),
      };
      res.end(JSON.stringify({ success: true, message: '', data: [row] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('model names are printed inert: no escape sequence, bidi or zero-width character on stdout', async () => {
    for (const args of [[], ['--json']]) {
      const run = await doctor(['--base-url', `${origin}/v1`, ...args], uniqueKey('unlimited'));
      assert.equal(run.code, 0, run.stderr);
      // eslint-disable-next-line no-control-regex -- what the test looks for
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u202e]/.test(run.stdout), JSON.stringify(run.stdout));
      assert.ok(run.stdout.includes('pwned'), 'the name is shown, made harmless');
    }
  });
});
