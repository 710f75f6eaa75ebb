// The usage ledger against rows exactly as new-api writes them (QuantumNous/new-api as stored in the
// code corpus): model/log.go:19-40 `type Log` (json tags; `request_id` is `omitempty`), :53-67
// formatUserLogs (admin_info and stream_status deleted from `other`, which is written back with
// common.MapToJsonStr: Go's encoding/json sorts map keys, and an empty or unparsable `other`
// becomes `null`; ids renumbered startIdx+i+1), :69-73 GetLogByTokenId (newest 1000);
// service/log_info_generate.go (commit 00899e66) :72-128 GenerateTextOtherInfo (`frt` at :82 is
// float64(FirstResponseTime − StartTime) in ms, so a request whose first response time was never
// set logs a huge negative number; is_model_mapped/upstream_model_name at :86-89; request_path
// :53-70), GenerateClaudeOtherInfo (claude, cache_creation_tokens…); controller/relay.go
// processChannelError (an error row's other). Then: merging answers whose ids were renumbered,
// the 200,000-entry bound, money in each display unit as /api/status announces it, and the budget
// leaving the 401 key-state diagnosis its read of the shared bucket.
import { strict as assert } from 'node:assert';
import { parseStatus } from '../../../src/core/gatewayAccount/discovery';
import { LOG_READS_PER_WINDOW, MIN_INTERVAL_MS, SHARED_LIMIT, SHARED_WINDOW_MS, UsageBudget } from '../../../src/core/usage/budget';
import { parseLogAnswer } from '../../../src/core/usage/logRows';
import { MAX_KEPT_ENTRIES, mergeEntries } from '../../../src/core/usage/merge';
import { usageReport } from '../../../src/core/usage/report';
import type { UsageEntry } from '../../../src/core/usage/types';
import { WindowLimiter } from '../../../src/sandbox/newApi';

/** A row's text as Go writes it: the struct's fields in order (model/log.go:19-40). */
const CONSUME = `{"id":1,"user_id":7,"created_at":1764979200,"type":2,"content":"模型倍率 1.25，补全倍率 4.00，分组倍率 1.00","username":"ana","token_name":"laptop","model_name":"claude-sonnet-4-5","quota":187500,"prompt_tokens":12000,"completion_tokens":900,"use_time":6,"is_stream":true,"channel":3,"channel_name":"","token_id":42,"group":"default","ip":"","request_id":"20251206000000123456789abcdef01","other":"{\\"cache_creation_tokens\\":0,\\"cache_creation_ratio\\":1.25,\\"cache_ratio\\":0.1,\\"cache_tokens\\":8000,\\"claude\\":true,\\"completion_ratio\\":5,\\"frt\\":1432,\\"group_ratio\\":1,\\"is_model_mapped\\":true,\\"model_price\\":-1,\\"model_ratio\\":1.5,\\"reasoning_effort\\":\\"high\\",\\"request_path\\":\\"/v1/messages\\",\\"upstream_model_name\\":\\"claude-sonnet-4-5-20250929\\",\\"user_group_ratio\\":-1}"}`;
/** A non-streamed request logged before its first response time was set: frt = 0 − start (ms). */
const NO_FRT = `{"id":2,"user_id":7,"created_at":1764975600,"type":2,"content":"","username":"ana","token_name":"cli","model_name":"gpt-4o-mini","quota":300,"prompt_tokens":1500,"completion_tokens":120,"use_time":2,"is_stream":false,"channel":1,"channel_name":"","token_id":42,"group":"default","ip":"","request_id":"20251205230000aaaa","other":"{\\"cache_ratio\\":1,\\"cache_tokens\\":0,\\"completion_ratio\\":4,\\"frt\\":-1764975598000,\\"group_ratio\\":1,\\"model_price\\":-1,\\"model_ratio\\":0.075,\\"request_path\\":\\"/v1/responses\\",\\"user_group_ratio\\":-1}"}`;
/** An error row (RecordErrorLog: quota and tokens 0), its other from processChannelError. */
const ERROR = `{"id":3,"user_id":7,"created_at":1764972000,"type":5,"content":"status_code=429, upstream rate limited","username":"ana","token_name":"laptop","model_name":"gpt-4o","quota":0,"prompt_tokens":0,"completion_tokens":0,"use_time":1,"is_stream":true,"channel":2,"channel_name":"","token_id":42,"group":"default","ip":"","request_id":"20251205220000bbbb","other":"{\\"channel_id\\":2,\\"channel_name\\":\\"\\",\\"channel_type\\":1,\\"error_code\\":\\"rate_limit_exceeded\\",\\"error_type\\":\\"upstream_error\\",\\"request_path\\":\\"/v1/chat/completions\\",\\"status_code\\":429}"}`;
/** A refund (type 6) without a request id (omitted: omitempty) and an empty other (MapToJsonStr(nil) = null). */
const REFUND = `{"id":4,"user_id":7,"created_at":1764968400,"type":6,"content":"退还预扣费","username":"ana","token_name":"laptop","model_name":"gpt-4o","quota":5000,"prompt_tokens":0,"completion_tokens":0,"use_time":0,"is_stream":false,"channel":2,"channel_name":"","token_id":42,"group":"default","ip":"","other":"null"}`;

const answer = (rows: string[]): unknown => JSON.parse(`{"success":true,"message":"","data":[${rows.join(',')}]}`);

describe('usage rows exactly as new-api writes them', () => {
  it('consume, error and refund rows: tokens, cache, mapped model, protocol, time to first token; no free text kept', () => {
    const parsed = parseLogAnswer(answer([CONSUME, NO_FRT, ERROR, REFUND]));
    assert.ok(parsed.ok);
    assert.equal(parsed.dropped, 0);
    const [claude, mini, error, refund] = parsed.entries;
    assert.deepEqual(
      { ...claude },
      {
        id: '20251206000000123456789abcdef01',
        time: 1764979200,
        type: 2,
        model: 'claude-sonnet-4-5',
        upstream: 'claude-sonnet-4-5-20250929',
        protocol: 'messages',
        promptTokens: 12000,
        completionTokens: 900,
        cachedTokens: 8000,
        quota: 187500,
        useTimeS: 6,
        firstTokenMs: 1432,
        stream: true,
        vscodeChat: false,
      },
    );
    assert.equal(mini.protocol, 'responses');
    assert.equal(mini.firstTokenMs, -1, 'a negative frt is "not known", never a time');
    assert.deepEqual([error.type, error.quota, error.promptTokens, error.firstTokenMs, error.protocol], [5, 0, 0, -1, 'chat']);
    assert.deepEqual([refund.type, refund.quota, refund.protocol], [6, 5000, 'unknown']);
    assert.match(refund.id, /^1764968400\|6\|gpt-4o\|5000\|/, 'no request id: a key made of the row');
    const kept = JSON.stringify(parsed.entries);
    for (const text of ['模型倍率', 'upstream rate limited', '退还', 'laptop', 'ana', 'default']) assert.ok(!kept.includes(text), text);
  });

  it('merging answers whose ids were renumbered keeps one entry per request', () => {
    const first = parseLogAnswer(answer([CONSUME, NO_FRT]));
    const newer = CONSUME.replace('"id":1', '"id":2').replace('20251206000000123456789abcdef01', '20251206010000ffff');
    const second = parseLogAnswer(
      answer([
        newer.replace('"created_at":1764979200', '"created_at":1764982800'),
        CONSUME.replace('"id":1', '"id":2'),
        NO_FRT.replace('"id":2', '"id":3'),
      ]),
    );
    assert.ok(first.ok && second.ok);
    const merged = mergeEntries(mergeEntries([], first.entries, new Set()).entries, second.entries, new Set(['20251206010000ffff']));
    assert.equal(merged.entries.length, 3);
    assert.equal(merged.added, 1);
    assert.deepEqual(
      merged.entries.map((e) => [e.id, e.vscodeChat]),
      [
        ['20251206010000ffff', true],
        ['20251206000000123456789abcdef01', false],
        ['20251205230000aaaa', false],
      ],
    );
  });

  // One request, several rows (issue 18 review): new-api's Relay (controller/relay.go, commit
  // 009910b9) loops `for ; retryParam.GetRetry() <= common.RetryTimes; …` and calls
  // processChannelError after each failed attempt, which calls model.RecordErrorLog; RecordErrorLog
  // writes the error row with `RequestId: c.GetString(common.RequestIdKey)` (model/log.go,
  // RecordErrorLog, in the versions that carry request_id), the same id the successful retry's
  // consume row gets (newConsumeLog / RecordConsumeLog). RecordTaskBillingLog writes refunds with
  // `RequestId: ""` (omitted): those fall back to a key made of the row.
  it('a consume row and the error rows of its failed retries share a request id: all kept, the cost too', () => {
    const id = '20251206020000retried';
    const paid = CONSUME.replace('20251206000000123456789abcdef01', id);
    const failed = (n: number, at: number): string =>
      ERROR.replace('"id":3', `"id":${n}`).replace('20251205220000bbbb', id).replace('"created_at":1764972000', `"created_at":${at}`);
    // Two retries failed in the same second, the third a second before the paid attempt.
    const rows = [paid, failed(2, 1764979199), failed(3, 1764979198), failed(4, 1764979198), REFUND, REFUND.replace('"id":4', '"id":5')];
    const first = parseLogAnswer(answer(rows));
    assert.ok(first.ok);
    const once = mergeEntries([], first.entries, new Set([id]));
    assert.equal(once.entries.length, 6, 'one consume, three errors, two refunds (same second, same amount)');
    assert.equal(once.added, 6);
    // The next answer holds the same rows renumbered: nothing new, nothing lost.
    const again = parseLogAnswer(answer(rows.map((r) => r.replace(/^\{"id":(\d+)/, (_m, n: string) => `{"id":${Number(n) + 10}`))));
    assert.ok(again.ok);
    const twice = mergeEntries(once.entries, again.entries, new Set());
    assert.equal(twice.entries.length, 6);
    assert.equal(twice.added, 0);
    // The oldest rows leave the gateway's window first: the kept ones stay.
    const windowed = parseLogAnswer(answer(rows.slice(0, 3)));
    assert.ok(windowed.ok);
    assert.equal(mergeEntries(twice.entries, windowed.entries, new Set()).entries.length, 6);
    const report = usageReport(twice.entries, parseStatus({ success: true, data: { quota_per_unit: 500000 } })!.display, 1764979200);
    assert.deepEqual(
      [report.totals.requests, report.totals.errors, report.totals.refunds, report.totals.cost],
      [1, 3, 2, (187500 - 2 * 5000) / 500000],
    );
    assert.ok(twice.entries.filter((e) => e.id === id).every((e) => e.vscodeChat));
  });

  it('a history stored before the merge key changed still loads and merges (same fields, key derived)', () => {
    const stored = parseLogAnswer(answer([ERROR, NO_FRT]));
    assert.ok(stored.ok);
    const fresh = parseLogAnswer(
      answer([
        CONSUME,
        ERROR.replace('"id":3', '"id":1')
          .replace('"created_at":1764972000', '"created_at":1764979100')
          .replace('20251205220000bbbb', '20251206000000123456789abcdef01'),
      ]),
    );
    assert.ok(fresh.ok);
    const merged = mergeEntries(stored.entries, fresh.entries, new Set());
    assert.deepEqual(
      merged.entries.map((e) => [e.type, e.time]),
      [
        [2, 1764979200],
        [5, 1764979100],
        [2, 1764975600],
        [5, 1764972000],
      ],
    );
  });

  it('the history is bounded at 200,000 entries: the oldest are dropped', function () {
    this.timeout(30_000); // 200,000 entries on a shared machine; no time is asserted
    const base = parseLogAnswerEntry();
    const at = (i: number): UsageEntry => ({ ...base, id: `k${i}`, time: 1_700_000_000 + i });
    const kept = Array.from({ length: MAX_KEPT_ENTRIES }, (_, i) => at(i));
    const fresh = Array.from({ length: 1000 }, (_, i) => at(MAX_KEPT_ENTRIES + i));
    const merged = mergeEntries(kept, fresh, new Set());
    assert.equal(merged.entries.length, MAX_KEPT_ENTRIES);
    assert.equal(merged.droppedOld, 1000);
    assert.equal(merged.entries[0].id, `k${MAX_KEPT_ENTRIES + 999}`);
    assert.equal(merged.entries[merged.entries.length - 1].id, 'k1000', 'k0…k999, the oldest, are gone');
  });

  it('money in the unit /api/status announces: USD, CNY, a custom symbol, tokens (and the older display_in_currency)', () => {
    const parsed = parseLogAnswer(answer([CONSUME, REFUND]));
    assert.ok(parsed.ok);
    const cost = (data: Record<string, unknown>): [string, number] => {
      const display = parseStatus({ success: true, data: { quota_per_unit: 500000, ...data } })!.display;
      const r = usageReport(parsed.entries, display, 1764979200);
      return [r.unit, r.totals.cost];
    };
    // 187500 − 5000 refunded = 182500 raw quota = 0.365 USD.
    assert.deepEqual(cost({ quota_display_type: 'USD' }), ['USD', 0.365]);
    assert.deepEqual(cost({ quota_display_type: 'CNY', usd_exchange_rate: 7.3 }), ['CNY', 2.6645]);
    assert.deepEqual(cost({ quota_display_type: 'CUSTOM', custom_currency_symbol: '¤', custom_currency_exchange_rate: 2 }), ['¤', 0.73]);
    assert.deepEqual(cost({ quota_display_type: 'TOKENS' }), ['TOKENS', 182500]);
    assert.deepEqual(cost({ display_in_currency: false }), ['TOKENS', 182500]);
    assert.deepEqual(cost({}), ['USD', 0.365]);
  });
});

describe('usage budget and the 401 key-state diagnosis', () => {
  it('reading the log as often as the budget allows still leaves the diagnosis its /api/usage/token/ read', () => {
    assert.ok(SHARED_LIMIT - LOG_READS_PER_WINDOW >= 1);
    let now = 10_000_000;
    const gateway = new WindowLimiter(() => now); // new-api's CriticalRateLimit, as the sandbox has it
    const budget = new UsageBudget(undefined, () => now);
    let reads = 0;
    // A user pressing Refresh every second for a whole window.
    for (let t = 0; t < SHARED_WINDOW_MS - MIN_INTERVAL_MS; t += 1000) {
      now = 10_000_000 + t;
      if (budget.take().ok) {
        assert.ok(gateway.take(), 'the gateway refused a read the budget allowed');
        reads++;
      }
    }
    assert.equal(reads, LOG_READS_PER_WINDOW);
    // Then a chat request gets 401 and the diagnosis asks /api/usage/token/ (same bucket).
    assert.ok(gateway.take(), 'the bucket was empty for the key-state diagnosis');
  });
});

/** Any parsed entry, for building many. */
function parseLogAnswerEntry(): UsageEntry {
  const parsed = parseLogAnswer(answer([NO_FRT]));
  assert.ok(parsed.ok);
  return parsed.entries[0];
}
