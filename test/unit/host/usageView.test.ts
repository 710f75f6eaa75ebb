// The usage view's host side (src/host/usage/): the controller over a kept history and the real log
// reader with a stand-in gateway (merge by request id, the chat's ids, the once-a-minute budget, the
// gateway's 429, a gateway without the records, malformed view messages), the spend for the status
// bar, Clear, Export CSV, the page's CSP and the status bar tooltip.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DisplayUnit, GatewayStatus } from '../../../src/core/gatewayAccount/types';
import { USD_DISPLAY } from '../../../src/core/gatewayAccount/units';
import { readUsageLog } from '../../../src/core/usage/readLog';
import { recentSpend } from '../../../src/core/usage/spend';
import { fromTuple } from '../../../src/core/usage/rowTuple';
import type { UsageEntry } from '../../../src/core/usage/types';
import type { UsageHostMessage } from '../../../src/protocol/usageMessages';
import { StatusBar, describeStatus } from '../../../src/host/commands/statusBar';
import { Connection, type GatewayModule } from '../../../src/host/connection/connectionState';
import { fakeVscode } from './fakeVscode';
import { BUDGET_STATE_KEY, DISPLAY_STATE_KEY, UsageController } from '../../../src/host/usage/usageController';
import { hasUsageHistoryFile } from '../../../src/host/usage/historyFile';
import { usageHtml } from '../../../src/host/usage/usageHtml';
import type { UsageSource } from '../../../src/host/usage/usageSource';
import type { UsageSpend } from '../../../src/host/usage/usageSpend';
import { UsageStore } from '../../../src/host/usage/usageStore';
import { usageStrings } from '../../../src/host/usage/usageStrings';
import { FakeMemento, FakeNotify, LoadedModule, dontSend, fakeResult, hostParts } from './fakes';
import type { UsageDeps } from '../../../src/host/usage/usageDeps';
import { UsageSpendState } from '../../../src/host/usage/usageSpend';
import { COMMANDS } from '../../../src/host/bootstrap/commandIds';
import { keyHash } from '../../../src/host/connection/keychain';
import { registerUsage } from '../../../src/host/usage/usageCommands';
import * as usageModule from '../../../src/host/usage/entry';

const HASH = 'b'.repeat(64);
const STATUS: GatewayStatus = {
  theme: null,
  systemName: null,
  serverAddress: null,
  display: { unit: 'CNY', quotaPerUnit: 500_000, exchangeRate: 7 },
};
const NOW = Date.UTC(2025, 5, 15, 12);

/** A log row as new-api's GET /api/log/token sends it (model/log.go Log; other as a JSON string). */
function logRow(id: string, createdAt: number, over: Record<string, unknown> = {}) {
  return {
    id: Math.floor(Math.random() * 1e6),
    created_at: createdAt,
    type: 2,
    content: 'prompt text never kept',
    model_name: 'gpt-4o-mini',
    quota: 500_000,
    prompt_tokens: 100,
    completion_tokens: 20,
    use_time: 2,
    is_stream: true,
    request_id: id,
    other: JSON.stringify({ frt: 350, cache_tokens: 10, request_path: '/v1/chat/completions' }),
    ...over,
  };
}

function gateway(answers: Array<{ status: number; body?: unknown }>) {
  const calls: string[] = [];
  const fetch = (async (url: string) => {
    calls.push(String(url));
    const a = answers.shift() ?? { status: 500 };
    return new Response(a.body === undefined ? '' : JSON.stringify(a.body), { status: a.status });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

function world(answers: Array<{ status: number; body?: unknown }>, opts: { now?: () => number; status?: GatewayStatus | null } = {}) {
  const gw = gateway(answers);
  const posted: UsageHostMessage[] = [];
  const logs: string[] = [];
  const spends: Array<UsageSpend | undefined> = [];
  const state = new FakeMemento();
  let clock = opts.now ?? (() => NOW);
  const source: UsageSource = {
    savedKeyHash: async () => HASH,
    read: async (budget) => ({
      ...(await readUsageLog({
        baseUrl: 'https://gw.example/v1',
        apiKey: 'sk-test',
        status: opts.status === undefined ? STATUS : opts.status,
        budget,
        fetch: gw.fetch,
      })),
      keyHash: HASH,
      display: (opts.status === undefined ? STATUS : opts.status)?.display ?? USD_DISPLAY,
    }),
  };
  const dir = path.join(os.tmpdir(), `rutaapi-usage-view-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const store = new UsageStore(dir);
  const chatIds = new Set<string>();
  const confirm = { answer: true, asked: 0 };
  const saved: string[] = [];
  const controller = new UsageController({
    post: async (m) => void posted.push(JSON.parse(JSON.stringify(m)) as UsageHostMessage),
    store,
    source,
    chatIds: { all: () => chatIds },
    state,
    logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
    strings: { title: 'RutaAPI Usage' },
    saveCsv: async (text) => (saved.push(text), true),
    confirmClear: async () => (confirm.asked++, confirm.answer),
    onSpend: (s) => spends.push(s),
    now: () => clock(),
  });
  const data = () => posted.filter((m): m is Extract<UsageHostMessage, { type: 'data' }> => m.type === 'data');
  const statuses = () => posted.filter((m): m is Extract<UsageHostMessage, { type: 'status' }> => m.type === 'status').map((m) => m.text);
  return {
    controller,
    posted,
    logs,
    spends,
    state,
    store,
    chatIds,
    confirm,
    saved,
    gw,
    data,
    statuses,
    setNow: (ms: number) => (clock = () => ms),
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

const nowS = Math.floor(NOW / 1000);

describe('usage view, host side', () => {
  it('ready: strings, the kept history at once, then one read merged by request id with the chat ids marked', async () => {
    const w = world([
      { status: 200, body: { success: true, data: [logRow('req-b', nowS - 60), logRow('req-a', nowS - 3600)] } },
      { status: 200, body: { success: true, data: [logRow('req-c', nowS - 10), logRow('req-b', nowS - 60)] } },
    ]);
    w.chatIds.add('req-c');
    try {
      await w.controller.handle({ type: 'ready' });
      assert.equal(w.posted[0].type, 'strings');
      assert.equal(w.data().length, 2, 'kept (empty) history first, then the merged read');
      assert.deepEqual(
        w.data()[1].rows.map((r) => r[0]),
        ['req-b', 'req-a'],
      );
      assert.equal(w.data()[1].display.unit, 'CNY');
      assert.match(w.statuses().at(-1)!, /2 records read from the gateway, 2 new/);
      // A minute later: the same row again (renumbered ids on the gateway) is not counted twice.
      w.setNow(NOW + 61_000);
      await w.controller.handle({ type: 'refresh' });
      const rows = w.data().at(-1)!.rows.map(fromTuple);
      assert.deepEqual(
        rows.map((e) => e.id),
        ['req-c', 'req-b', 'req-a'],
      );
      assert.deepEqual(
        rows.map((e) => e.vscodeChat),
        [true, false, false],
      );
      assert.match(w.statuses().at(-1)!, /2 records read from the gateway, 1 new/);
      assert.equal(JSON.stringify(w.posted).includes('prompt text never kept'), false, 'no row text reaches the view');
      assert.equal((await w.store.load(HASH)).entries.length, 3, 'kept on disk by key hash');
    } finally {
      await w.cleanup();
    }
  });

  it('a new exchange rate (same unit, same quota per unit) is kept and used: CNY at 7, then 7.3', async () => {
    const status: GatewayStatus = { ...STATUS, display: { ...STATUS.display } };
    const w = world(
      [
        { status: 200, body: { success: true, data: [logRow('req-a', nowS - 60)] } },
        { status: 200, body: { success: true, data: [logRow('req-a', nowS - 60)] } },
      ],
      { status },
    );
    try {
      await w.controller.handle({ type: 'refresh' });
      assert.equal(w.state.get<DisplayUnit>(DISPLAY_STATE_KEY)?.exchangeRate, 7);
      status.display = { unit: 'CNY', quotaPerUnit: 500_000, exchangeRate: 7.3 };
      w.setNow(NOW + 61_000);
      await w.controller.handle({ type: 'refresh' });
      assert.equal(w.state.get<DisplayUnit>(DISPLAY_STATE_KEY)?.exchangeRate, 7.3, 'kept for the next window');
      assert.equal(w.data().at(-1)!.display.exchangeRate, 7.3, 'the view converts with the new rate');
    } finally {
      await w.cleanup();
    }
  });

  it('never more than once a minute (kept across views in globalState): the second Refresh sends nothing and says when', async () => {
    const w = world([{ status: 200, body: { success: true, data: [] } }]);
    try {
      await w.controller.handle({ type: 'refresh' });
      w.setNow(NOW + 30_000);
      await w.controller.handle({ type: 'refresh' });
      assert.equal(w.gw.calls.length, 1);
      assert.match(w.statuses().at(-1)!, /at most once a minute.*Try again after/);
      const kept = w.state.get<{ reads: number[] }>(BUDGET_STATE_KEY)!;
      assert.deepEqual(kept.reads, [NOW]);
    } finally {
      await w.cleanup();
    }
  });

  it("the gateway's 429 says when to retry; a gateway without the records gets a plain sentence; not new-api asks nothing", async () => {
    const limited = world([{ status: 429 }]);
    const missing = world([{ status: 404 }]);
    const other = world([], { status: null });
    try {
      await limited.controller.handle({ type: 'refresh' });
      assert.match(limited.statuses().at(-1)!, /limits how often these records are read.*Try again after/);
      await missing.controller.handle({ type: 'refresh' });
      assert.match(missing.statuses().at(-1)!, /does not share per-request records/);
      await other.controller.handle({ type: 'refresh' });
      assert.equal(other.gw.calls.length, 0);
      assert.match(other.statuses().at(-1)!, /does not keep per-request records/);
    } finally {
      await Promise.all([limited.cleanup(), missing.cleanup(), other.cleanup()]);
    }
  });

  it('a view message that does not fit the protocol is dropped and logged', async () => {
    const w = world([]);
    try {
      await w.controller.handle({ type: 'clear', extra: 1 });
      await w.controller.handle({ type: 'exportCsv', filter: { model: '', from: '', to: '', text: 'x'.repeat(201) } });
      assert.equal(w.posted.length, 0);
      assert.equal(w.confirm.asked, 0);
      assert.equal(w.logs.filter((l) => /dropped a message/.test(l)).length, 2);
    } finally {
      await w.cleanup();
    }
  });

  it('Export CSV writes the filtered rows; Clear asks, removes the key history and the spend', async () => {
    const w = world([
      {
        status: 200,
        body: { success: true, data: [logRow('req-1', nowS - 60), logRow('req-2', nowS - 120, { model_name: 'claude-sonnet-4' })] },
      },
    ]);
    try {
      await w.controller.handle({ type: 'ready' });
      assert.deepEqual(w.spends.at(-1), { today: 2 * 7, last7: 2 * 7, unit: 'CNY', readAt: NOW });
      await w.controller.handle({ type: 'exportCsv', filter: { model: 'claude-sonnet-4', from: '', to: '', text: '' } });
      const lines = w.saved[0].trim().split('\r\n');
      assert.equal(lines.length, 2);
      assert.match(lines[1], /claude-sonnet-4/);
      w.confirm.answer = false;
      await w.controller.handle({ type: 'clear' });
      assert.equal((await w.store.load(HASH)).entries.length, 2, 'not confirmed: kept');
      w.confirm.answer = true;
      await w.controller.handle({ type: 'clear' });
      assert.equal((await w.store.load(HASH)).entries.length, 0);
      assert.equal(w.data().at(-1)!.rows.length, 0);
      assert.equal(w.spends.at(-1), undefined);
    } finally {
      await w.cleanup();
    }
  });
});

describe('usage view: spend, page and status bar', () => {
  const e = (time: number, quota: number, type: 2 | 5 | 6 = 2): UsageEntry => ({
    id: `${time}-${type}`,
    time,
    type,
    model: 'm',
    upstream: '',
    protocol: 'chat',
    promptTokens: 1,
    completionTokens: 1,
    cachedTokens: 0,
    quota,
    useTimeS: 1,
    firstTokenMs: -1,
    stream: false,
    vscodeChat: false,
  });

  it('recent spend: today and the last 7 days, net of refunds, errors not counted, older rows not read', () => {
    const day = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);
    const rows = [
      e(nowS - 10, 500_000),
      e(nowS - 20, 250_000, 6),
      e(nowS - 30, 999_999, 5),
      e(nowS - 3 * 86_400, 1_000_000),
      e(nowS - 8 * 86_400, 9e9),
    ];
    assert.deepEqual(recentSpend(rows, USD_DISPLAY, nowS, day), { today: 0.5, last7: 2.5 });
  });

  it("the page: a nonce'd script from the extension only, no remote content, gateway text never in the HTML", () => {
    const html = usageHtml({
      cspSource: 'vscode-resource:',
      scriptUri: 'vscode-resource:/dist/usageView.js',
      chartStyleUri: 'vscode-resource:/dist/usageView.css',
      styleUris: ['vscode-resource:/media/usage.css'],
      strings: usageStrings(),
      nonce: 'NONCE',
    });
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    assert.equal(
      csp,
      "default-src 'none'; style-src vscode-resource:; font-src vscode-resource:; img-src vscode-resource:; script-src 'nonce-NONCE'",
    );
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script nonce="NONCE" src="vscode-resource:/dist/usageView.js">']);
    assert.equal(/https?:\/\//.test(html), false);
    assert.equal(/ style=/.test(html), false);
  });

  it("the status bar tooltip adds today's and the last 7 days' spend when known", () => {
    const state = {
      kind: 'checked' as const,
      result: fakeResult({ baseUrl: 'https://api.rutaapi.com/v1', apiKey: 'k', model: 'm' }),
      checkedAt: NOW,
      model: 'm',
      baseUrl: 'https://api.rutaapi.com/v1',
      keyRedacted: 'sk-…abcd',
    };
    const without = describeStatus(state, () => 't');
    assert.equal(/Today/.test(without.tooltip), false);
    const withSpend = describeStatus(state, () => 't', undefined, { today: 1.234, last7: 12, unit: 'USD', readAt: NOW });
    assert.match(withSpend.tooltip, /Today: 1\\\.23 USD/);
    assert.match(withSpend.tooltip, /Last 7 days: 12\\\.00 USD/);
  });
});

describe('usage history and the key (Remove API Key, Clear Usage History)', () => {
  it('the saved key has a history only once rows were kept for its hash; clearing removes that file only', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rutaapi-usage-key-'));
    try {
      const h = hostParts();
      await h.keychain.store('sk-ruta-sandbox-ok-1234567890');
      const other = new UsageStore(dir);
      await other.merge(
        keyHash('sk-some-other-key-000000000'),
        [fromTuple(['x', 1, 2, 'm', '', 'chat', 1, 1, 0, 1, 1, -1, 0, 0])],
        new Set(),
      );
      const registered: string[] = [];
      const wiring = registerUsage(
        (id) => (registered.push(id), { dispose: () => undefined }),
        {
          ...h,
          vs: {} as never,
          extensionUri: {} as never,
          storageDir: () => dir,
          state: new FakeMemento(),
          connection: { onDidChange: () => ({ dispose: () => undefined }) } as never,
          notify: {} as never,
        },
        new LoadedModule(usageModule),
      );
      assert.deepEqual(registered, [COMMANDS.showUsage, COMMANDS.clearUsageHistory]);
      assert.equal(await wiring.savedKeyHistory(), undefined, 'no rows for this key: Remove API Key does not ask');
      await other.merge(
        keyHash('sk-ruta-sandbox-ok-1234567890'),
        [fromTuple(['y', 2, 2, 'm', '', 'chat', 1, 1, 0, 1, 1, -1, 0, 0])],
        new Set(),
      );
      const history = await wiring.savedKeyHistory();
      assert.ok(history, 'rows kept for this key: Remove API Key offers to clear them');
      assert.equal(await history.clear(), true);
      assert.equal(await hasUsageHistoryFile(dir, keyHash('sk-ruta-sandbox-ok-1234567890')), false);
      assert.equal(await hasUsageHistoryFile(dir, keyHash('sk-some-other-key-000000000')), true, "another key's history stays");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Clear Usage History with histories of keys no longer saved on disk', () => {
  const SAVED = 'sk-ruta-sandbox-ok-1234567890';
  const row = fromTuple(['z', 3, 2, 'm', '', 'chat', 1, 1, 0, 1, 1, -1, 0, 0]);

  async function disk(keys: string[], saved: string | undefined) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rutaapi-usage-clear-'));
    const h = hostParts();
    if (saved) await h.keychain.store(saved);
    const store = new UsageStore(dir);
    for (const k of keys) await store.merge(keyHash(k), [row], new Set());
    const notify = new FakeNotify();
    const spend = new UsageSpendState();
    spend.set({ today: 1, last7: 2, unit: 'USD', readAt: NOW });
    const d = { ...h, storageDir: dir, notify, spend } as unknown as UsageDeps;
    const left = async () => (await store.hashes()).sort();
    return { d, notify, spend, left, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
  }

  it("offers all of them beside the saved key's: Clear History keeps the others, Clear All Histories removes every file", async () => {
    const keys = [SAVED, 'sk-replaced-key-000000000001', 'sk-removed-key-0000000000002'];
    const w = await disk(keys, SAVED);
    try {
      w.notify.modalAnswers.push('Clear History');
      await usageModule.clearUsageHistory(w.d);
      assert.match(w.notify.messages[0].message, /Histories of 2 API keys that are no longer saved/);
      assert.deepEqual(w.notify.messages[0].actions, ['Clear History', 'Clear All Histories']);
      assert.deepEqual(await w.left(), [keyHash(keys[1]), keyHash(keys[2])].sort(), "this key's only");
      assert.equal(w.spend.current, undefined);
      await new UsageStore(w.d.storageDir).merge(keyHash(SAVED), [row], new Set());
      w.notify.modalAnswers.push('Clear All Histories');
      await usageModule.clearUsageHistory(w.d);
      assert.deepEqual(await w.left(), []);
      assert.match(w.notify.messages.at(-1)!.message, /this key and of the API keys that are no longer saved were cleared/);
    } finally {
      await w.cleanup();
    }
  });

  it('no key saved: the histories left behind can still be cleared; dismissing keeps them', async () => {
    const w = await disk(['sk-removed-key-0000000000002'], undefined);
    try {
      w.notify.modalAnswers.push(undefined);
      await usageModule.clearUsageHistory(w.d);
      assert.equal((await w.left()).length, 1, 'dismissed: nothing removed');
      assert.match(w.notify.messages[0].message, /^Clear the usage histories of API keys that are no longer saved\?/);
      assert.deepEqual(w.notify.messages[0].actions, ['Clear All Histories']);
      w.notify.modalAnswers.push('Clear All Histories');
      await usageModule.clearUsageHistory(w.d);
      assert.deepEqual(await w.left(), []);
      assert.match(w.notify.messages.at(-1)!.message, /histories of 1 API keys that are no longer saved were cleared/);
    } finally {
      await w.cleanup();
    }
  });

  it('only the saved key has a history: the question is unchanged; none at all: a plain sentence', async () => {
    const w = await disk([SAVED], SAVED);
    try {
      w.notify.modalAnswers.push('Clear History');
      await usageModule.clearUsageHistory(w.d);
      assert.deepEqual(w.notify.messages[0].actions, ['Clear History']);
      assert.deepEqual(await w.left(), []);
      await usageModule.clearUsageHistory(w.d);
      assert.match(w.notify.messages.at(-1)!.message, /There is no usage history for the saved API key/);
    } finally {
      await w.cleanup();
    }
  });
});

describe('the status bar spend after a reload (kept rows, read after a successful check)', () => {
  const KEY = 'sk-ruta-sandbox-ok-1234567890';
  const nowS = Math.floor(NOW / 1000);
  const tuple = (id: string, time: number, quota: number, type: 2 | 5 | 6 = 2) =>
    fromTuple([id, time, type, 'gpt-4o-mini', '', 'chat', 10, 5, 0, quota, 1, -1, 0, 0]);

  async function reloadedWindow(rows: UsageEntry[] | undefined) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rutaapi-usage-spend-'));
    const h = hostParts();
    await h.keychain.store(KEY);
    if (rows) await new UsageStore(dir).merge(keyHash(KEY), rows, new Set());
    const state = new FakeMemento();
    // The display unit the view saw in an earlier window (CNY: 500,000 quota a unit, 7 a dollar).
    await state.update(DISPLAY_STATE_KEY, STATUS.display);
    const connection = new Connection(h.settings, h.keychain, new LoadedModule({} as GatewayModule), h.logger, dontSend);
    let loads = 0;
    // The chunk's load can be held (a key change while the read is under way).
    let hold: Promise<void> | undefined;
    let loading = () => undefined as void;
    const loadStarted = new Promise<void>((r) => (loading = r));
    const loader = { load: async () => (loads++, loading(), await hold, usageModule) };
    const wiring = registerUsage(
      () => ({ dispose: () => undefined }),
      { ...h, vs: {} as never, extensionUri: {} as never, storageDir: () => dir, state, connection, notify: {} as never, now: () => NOW },
      loader,
    );
    const fake = fakeVscode();
    const bar = new StatusBar(fake.vs, connection, 'rutaapi.statusActions', undefined, wiring.spend);
    const tooltip = () => String(fake.statusItems[0].tooltip.value);
    const check = (ok: boolean) =>
      connection.adopt(fakeResult({ baseUrl: 'https://api.rutaapi.com/v1', apiKey: KEY, model: 'm' }, ok), KEY);
    const cleanup = async () => {
      bar.dispose();
      for (const s of wiring.disposables) s.dispose();
      await fs.rm(dir, { recursive: true, force: true });
    };
    const holdLoad = () => {
      let release = () => undefined as void;
      hold = new Promise((r) => (release = r));
      return release;
    };
    // A function, not the property: an assertion on the property would narrow it for the rest of a test.
    const spend = () => wiring.spend.current;
    return { h, wiring, spend, tooltip, check, loads: () => loads, cleanup, dir, holdLoad, loadStarted };
  }

  it('after the first successful check the tooltip shows today and 7 days from the kept rows, in the kept display unit, without the view', async () => {
    const w = await reloadedWindow([
      tuple('today-1', nowS - 60, 1_000_000),
      tuple('today-refund', nowS - 30, 250_000, 6),
      tuple('today-error', nowS - 20, 999_999, 5),
      tuple('three-days', nowS - 3 * 86_400, 3_500_000),
      tuple('month-ago', nowS - 30 * 86_400, 50_000_000),
    ]);
    try {
      assert.equal(w.spend(), undefined, 'nothing is read before a check');
      w.check(false);
      await w.wiring.spendRead();
      assert.equal(w.spend(), undefined, 'a failed check reads nothing');
      assert.equal(w.loads(), 0);
      w.check(true);
      await w.wiring.spendRead();
      const spend = w.spend();
      assert.ok(spend, 'the spend is known after a successful check');
      // Today 1,000,000 − 250,000 (refund) quota, the error row not counted; 500,000 quota a dollar, 7 CNY a dollar.
      assert.equal(spend.unit, 'CNY');
      assert.equal(spend.today, (750_000 / 500_000) * 7);
      assert.equal(spend.last7, (4_250_000 / 500_000) * 7);
      assert.deepEqual(
        { today: spend.today, last7: spend.last7 },
        recentSpend([...(await new UsageStore(w.dir).load(keyHash(KEY))).entries], STATUS.display, nowS),
      );
      assert.match(w.tooltip(), /Today: .*10\\\.50/);
      assert.match(w.tooltip(), /Last 7 days: .*59\\\.50/);
    } finally {
      await w.cleanup();
    }
  });

  it('a key without a history does not load dist/usage.js; a result for a key replaced meanwhile is dropped', async () => {
    const none = await reloadedWindow(undefined);
    try {
      none.check(true);
      await none.wiring.spendRead();
      assert.equal(none.loads(), 0);
      assert.equal(none.spend(), undefined);
    } finally {
      await none.cleanup();
    }
    const w = await reloadedWindow([tuple('a', nowS - 60, 500_000)]);
    try {
      const release = w.holdLoad();
      w.check(true);
      // The key changes while the read is under way (the chunk's load held).
      await w.loadStarted;
      await w.h.keychain.store('sk-another-key-0000000000000');
      release();
      await w.wiring.spendRead();
      assert.equal(w.loads(), 1);
      assert.equal(w.spend(), undefined, "the old key's spend is not shown for the new key");
    } finally {
      await w.cleanup();
    }
  });

  it('the history file is read only up to the first row older than 7 days', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rutaapi-usage-recent-'));
    try {
      const store = new UsageStore(dir);
      const hash = keyHash(KEY);
      await store.merge(hash, [tuple('new', nowS - 10, 1), tuple('old', nowS - 10 * 86_400, 1)], new Set());
      const file = store.fileOf(hash);
      // Garbage after the first old row: a reader that parsed the whole file would find nothing.
      const text = await fs.readFile(file, 'utf8');
      await fs.writeFile(file, text.slice(0, text.indexOf('"old"') + 20) + 'NOT JSON');
      const recent = await store.loadRecent(hash, nowS - 7 * 86_400);
      assert.deepEqual(
        recent.entries.map((e) => e.id),
        ['new'],
      );
      assert.equal(recent.kept, true);
      assert.deepEqual(await new UsageStore(dir).loadRecent('c'.repeat(64), 0), { entries: [], kept: false });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
