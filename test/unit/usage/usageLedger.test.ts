// The usage ledger's pure parts: rows shaped as new-api writes them (model/log.go `type Log`,
// `formatUserLogs`; service/log_info_generate.go `GenerateTextOtherInfo` for `other`), the shared
// budget, the totals and percentiles, and the merge and bound of the kept history.
import { strict as assert } from 'node:assert';
import { aggregate, percentile, utcDay } from '../../../src/core/usage/aggregate';
import { LOG_READS_PER_WINDOW, MIN_INTERVAL_MS, SHARED_WINDOW_MS, UsageBudget } from '../../../src/core/usage/budget';
import { entryOfRow, parseLogAnswer, protocolOf } from '../../../src/core/usage/logRows';
import { mergeEntries } from '../../../src/core/usage/merge';
import type { UsageEntry } from '../../../src/core/usage/types';

/** A consume row as model/log.go serialises it (json tags of `type Log`), `other` a JSON string. */
function row(over: Record<string, unknown> = {}, other: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 3,
    user_id: 1,
    created_at: 1_750_000_000,
    type: 2,
    content: '模型倍率 1.00，补全倍率 1.00',
    username: '',
    token_name: 'vscode',
    model_name: 'gpt-4o-mini',
    quota: 250_000,
    prompt_tokens: 1200,
    completion_tokens: 300,
    use_time: 4,
    is_stream: true,
    channel: 1,
    channel_name: '',
    token_id: 7,
    group: 'default',
    ip: '',
    request_id: '20250615120000123abcd',
    other: JSON.stringify({
      model_ratio: 0.075,
      group_ratio: 1,
      completion_ratio: 4,
      cache_tokens: 400,
      cache_ratio: 0.5,
      model_price: -1,
      user_group_ratio: -1,
      frt: 812,
      request_path: '/v1/chat/completions',
      ...other,
    }),
    ...over,
  };
}

const USD = { unit: 'USD', quotaPerUnit: 500_000, exchangeRate: 1 };

describe('usage log rows (/api/log/token)', () => {
  it('a consume row becomes an entry; no free text (content, ip, group, token name) is kept', () => {
    const e = entryOfRow(row());
    assert.ok(e && e !== 'skip');
    assert.deepEqual(e, {
      id: '20250615120000123abcd',
      time: 1_750_000_000,
      type: 2,
      model: 'gpt-4o-mini',
      upstream: '',
      protocol: 'chat',
      promptTokens: 1200,
      completionTokens: 300,
      cachedTokens: 400,
      quota: 250_000,
      useTimeS: 4,
      firstTokenMs: 812,
      stream: true,
      vscodeChat: false,
    });
    assert.ok(!JSON.stringify(e).includes('模型倍率'));
  });

  it('a mapped model keeps its upstream name; protocols from request_path', () => {
    const e = entryOfRow(row({}, { is_model_mapped: true, upstream_model_name: 'deepseek-v3', request_path: '/v1/messages' }));
    assert.ok(e && e !== 'skip');
    assert.equal(e.upstream, 'deepseek-v3');
    assert.equal(e.protocol, 'messages');
    assert.equal(protocolOf('/v1/responses'), 'responses');
    assert.equal(protocolOf('/v1/responses/compact'), 'responses');
    assert.equal(protocolOf('/v1beta/models/gemini-2.0-flash:generateContent'), 'gemini');
    assert.equal(protocolOf('/v1/embeddings'), 'embeddings');
    assert.equal(protocolOf('/v1/completions'), 'completions');
    assert.equal(protocolOf(undefined), 'unknown');
  });

  it('errors (5) and refunds (6) are kept, top-ups and system rows skipped, bad rows dropped and counted', () => {
    const answer = parseLogAnswer({
      success: true,
      message: '',
      data: [
        row({ type: 5, quota: 0, request_id: 'e1' }),
        row({ type: 6, request_id: 'r1' }),
        row({ type: 1 }),
        row({ prompt_tokens: 'many' }),
        row({ other: '{not json' }),
        row({}, { frt: 'fast' }),
        'nonsense',
        row({ request_id: undefined, other: '' }),
      ],
    });
    assert.ok(answer.ok);
    assert.deepEqual(
      answer.entries.map((e) => e.type),
      [5, 6, 2],
    );
    assert.equal(answer.dropped, 4);
    // Without a request id the merge key is made of the row's own fields (stable across answers).
    assert.match(answer.entries[2].id, /^1750000000\|2\|gpt-4o-mini\|/);
    assert.equal(answer.entries[2].firstTokenMs, -1);
  });

  it('a refusal and anything else are not rows', () => {
    assert.deepEqual(parseLogAnswer({ success: false, message: 'Invalid token' }), { ok: false, reason: 'refused' });
    assert.deepEqual(parseLogAnswer('<html>'), { ok: false, reason: 'not_log_answer' });
    assert.deepEqual(parseLogAnswer({ success: true, data: null }), { ok: true, entries: [], dropped: 0 });
  });
});

describe('usage budget (shared 20 per 20 minutes with /api/usage/token/)', () => {
  it('at most once a minute, at most 16 per window (the rest kept for the key-state diagnosis)', () => {
    let now = 1_000_000;
    const budget = new UsageBudget(undefined, () => now);
    assert.deepEqual(budget.take(), { ok: true });
    assert.deepEqual(budget.take(), { ok: false, retryAt: 1_000_000 + MIN_INTERVAL_MS });
    for (let i = 1; i < LOG_READS_PER_WINDOW; i++) {
      now += MIN_INTERVAL_MS;
      assert.equal(budget.take().ok, true, `read ${i + 1}`);
    }
    now += MIN_INTERVAL_MS;
    assert.deepEqual(budget.take(), { ok: false, retryAt: 1_000_000 + SHARED_WINDOW_MS });
    now = 1_000_000 + SHARED_WINDOW_MS;
    assert.equal(budget.take().ok, true);
  });

  it("the gateway's 429 closes the budget; the state survives a restart", () => {
    let now = 5_000_000;
    const budget = new UsageBudget(undefined, () => now);
    const until = budget.gatewayLimited();
    assert.equal(budget.check().ok, false);
    const again = new UsageBudget(budget.snapshot(), () => now);
    assert.deepEqual(again.check(), { ok: false, retryAt: until });
    now = until;
    assert.equal(again.check().ok, true);
  });
});

function entry(over: Partial<UsageEntry>): UsageEntry {
  return {
    id: 'x',
    time: 1_750_000_000,
    type: 2,
    model: 'm',
    upstream: '',
    protocol: 'chat',
    promptTokens: 10,
    completionTokens: 5,
    cachedTokens: 0,
    quota: 500_000,
    useTimeS: 2,
    firstTokenMs: 100,
    stream: true,
    vscodeChat: false,
    ...over,
  };
}

describe('usage aggregates', () => {
  it('totals today / 7 / 30 days and by model, cost net of refunds, errors and refunds counted as such', () => {
    const now = 1_750_000_000;
    const entries = [
      entry({ id: 'a', model: 'a', quota: 1_000_000, vscodeChat: true }),
      entry({ id: 'b', model: 'b', time: now - 3 * 86_400 }),
      entry({ id: 'c', model: 'a', time: now - 20 * 86_400 }),
      entry({ id: 'd', model: 'a', type: 6, quota: 250_000 }),
      entry({ id: 'e', model: 'a', type: 5, quota: 0 }),
    ];
    const agg = aggregate(entries, USD, now, utcDay);
    assert.deepEqual(agg.today, {
      requests: 1,
      promptTokens: 10,
      completionTokens: 5,
      cachedTokens: 0,
      cost: 1.5,
      errors: 1,
      refunds: 1,
      vscodeChat: 1,
    });
    assert.equal(agg.last7.requests, 2);
    assert.equal(agg.last7.cost, 2.5);
    assert.equal(agg.last30.requests, 3);
    assert.equal(agg.last30.cost, 3.5);
    assert.deepEqual(agg.models, ['a', 'b']);
    assert.equal(agg.byModel[0].cost, 2.5);
    assert.equal(agg.days.length, 3);
    assert.deepEqual(agg.costByDayModel[0], [1, 0, 1.5]);
    assert.deepEqual(agg.requestsByDay, [1, 1, 1]);
  });

  it('money in each display unit: USD, CNY, a custom symbol, tokens', () => {
    const entries = [entry({ quota: 500_000 })];
    const cost = (display: typeof USD): number => aggregate(entries, display, 1_750_000_000, utcDay).all.cost;
    assert.equal(cost(USD), 1);
    assert.equal(cost({ unit: 'CNY', quotaPerUnit: 500_000, exchangeRate: 7.3 }), 7.3);
    assert.equal(cost({ unit: '¤', quotaPerUnit: 500_000, exchangeRate: 2 }), 2);
    assert.equal(cost({ unit: 'TOKENS', quotaPerUnit: 500_000, exchangeRate: 1 }), 500_000);
  });

  it('p50 / p95 of time to first token and duration per model (nearest rank; -1 when none)', () => {
    const entries = Array.from({ length: 20 }, (_, i) => entry({ id: String(i), firstTokenMs: (i + 1) * 10, useTimeS: i + 1 }));
    entries.push(entry({ id: 'n', model: 'none', firstTokenMs: -1, useTimeS: 0 }));
    const agg = aggregate(entries, USD, 1_750_000_000, utcDay);
    const m = agg.latency.find((l) => l.model === 'm')!;
    assert.deepEqual([m.firstTokenP50, m.firstTokenP95, m.durationP50, m.durationP95], [100, 190, 10_000, 19_000]);
    const none = agg.latency.find((l) => l.model === 'none')!;
    assert.equal(none.firstTokenP50, -1);
    assert.equal(percentile([], 50), -1);
  });
});

describe('usage history merge', () => {
  it('merges by request id (row ids renumber), marks VS Code chat, keeps the mark, bounds oldest first', () => {
    const kept = [entry({ id: 'a', time: 3 }), entry({ id: 'b', time: 2, vscodeChat: true })];
    const fresh = [entry({ id: 'c', time: 5 }), entry({ id: 'b', time: 2 }), entry({ id: 'a', time: 3 })];
    const merged = mergeEntries(kept, fresh, new Set(['c']), 10);
    assert.deepEqual(
      merged.entries.map((e) => [e.id, e.vscodeChat]),
      [
        ['c', true],
        ['a', false],
        ['b', true],
      ],
    );
    assert.equal(merged.added, 1);
    const bounded = mergeEntries(merged.entries, [entry({ id: 'd', time: 9 })], new Set(), 2);
    assert.deepEqual(
      bounded.entries.map((e) => e.id),
      ['d', 'c'],
    );
    assert.equal(bounded.droppedOld, 2);
  });
});
