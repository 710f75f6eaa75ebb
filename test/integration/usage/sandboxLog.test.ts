// The sandbox's GET /api/log/token, byte for byte against new-api's source (QuantumNous/new-api, as
// stored in the code corpus):
// - model/log.go:19-40 `type Log` (json tags, in this order: id, user_id, created_at, type, content,
//   username, token_name, model_name, quota, prompt_tokens, completion_tokens, use_time, is_stream,
//   channel, channel_name, token_id, group, ip, request_id `omitempty`, other), :43-51 the types
//   (2 consume, 5 error, 6 refund), :53-67 formatUserLogs (channel_name blanked, admin_info and
//   stream_status deleted from other, ids renumbered startIdx+i+1), :69-73 GetLogByTokenId
//   (`Order("id desc").Limit(common.MaxRecentItems)`: newest first, at most 1000), :93-116
//   RecordErrorLog (quota 0, no tokens), :152-153 RecordConsumeLog (nothing while
//   LogConsumeEnabled is off);
// - service/log_info_generate.go (commit 00899e66) :72-128 GenerateTextOtherInfo (model_ratio,
//   group_ratio, completion_ratio, cache_tokens, cache_ratio, model_price, user_group_ratio, frt at
//   :75-82; is_model_mapped + upstream_model_name at :86-89; request_path via :53-70);
// - controller/relay.go processChannelError: an error row's other (request_path, error_type,
//   error_code, status_code, channel_id, channel_name, channel_type);
// - controller/log.go GetLogByKey: `{"success":true,"message":"","data":logs}`; router: the
//   CriticalRateLimit bucket shared with /api/usage/token/ and TokenAuthReadOnly (spent, expired
//   and disabled keys still read their rows).
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';

const key = (scenario: string): string => `sk-ruta-sandbox-${scenario}-${randomBytes(10).toString('hex')}`;

const ROW_KEYS = [
  'id',
  'user_id',
  'created_at',
  'type',
  'content',
  'username',
  'token_name',
  'model_name',
  'quota',
  'prompt_tokens',
  'completion_tokens',
  'use_time',
  'is_stream',
  'channel',
  'channel_name',
  'token_id',
  'group',
  'ip',
  'request_id',
  'other',
];
const TEXT_OTHER_KEYS = [
  'cache_ratio',
  'cache_tokens',
  'completion_ratio',
  'frt',
  'group_ratio',
  'model_price',
  'model_ratio',
  'request_path',
  'user_group_ratio',
];
const ERROR_OTHER_KEYS = ['channel_id', 'channel_name', 'channel_type', 'error_code', 'error_type', 'request_path', 'status_code'];

type Row = Record<string, unknown> & { id: number; type: number; created_at: number; other: string; model_name: string };

describe('sandbox /api/log/token (new-api shape)', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  const read = (apiKey: string, path = '/api/log/token'): Promise<Response> =>
    fetch(`${sandbox.origin}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
  const rows = async (apiKey: string): Promise<Row[]> => {
    const r = await read(apiKey);
    assert.equal(r.status, 200);
    const body = (await r.json()) as { success: boolean; message: string; data: Row[] };
    assert.deepEqual(Object.keys(body), ['success', 'message', 'data']);
    assert.equal(body.success, true);
    return body.data;
  };

  it('rows as type Log serialises them, newest first, at most 1000, ids 1..n', async () => {
    const data = await rows(key('unlimited'));
    assert.equal(data.length, 1000);
    data.forEach((r, i) => {
      // `request_id` is omitempty: a refund (RecordTaskBillingLog) has none.
      assert.deepEqual(Object.keys(r), r.type === 6 ? ROW_KEYS.filter((k) => k !== 'request_id') : ROW_KEYS);
      assert.equal(r.id, i + 1);
      assert.equal(r.channel_name, '');
      assert.ok(i === 0 || data[i - 1].created_at >= r.created_at, 'newest first');
      assert.equal(typeof r.other, 'string');
      assert.ok(!r.other.includes('admin_info') && !r.other.includes('stream_status'));
    });
    const days = (data[0].created_at - data[data.length - 1].created_at) / 86_400;
    assert.ok(days > 30, `the newest 1000 rows of 60 days span ${days.toFixed(1)} days`);
  });

  it("other per type: a consume row's GenerateTextOtherInfo keys (sorted, as Go writes a map), an error's, a refund's none", async () => {
    const data = await rows(key('unlimited'));
    const byType = (t: number): Row[] => data.filter((r) => r.type === t);
    assert.deepEqual([...new Set(data.map((r) => r.type))].sort(), [2, 5, 6]);
    for (const r of byType(2)) {
      const other = JSON.parse(r.other) as Record<string, unknown>;
      const keys = Object.keys(other);
      assert.deepEqual(keys, [...keys].sort(), 'keys sorted');
      const expected = other.is_model_mapped ? [...TEXT_OTHER_KEYS, 'is_model_mapped', 'upstream_model_name'].sort() : TEXT_OTHER_KEYS;
      assert.deepEqual(keys, expected);
      assert.ok(typeof r.request_id === 'string' && r.request_id !== '');
    }
    for (const r of byType(5)) {
      assert.deepEqual(Object.keys(JSON.parse(r.other) as object), ERROR_OTHER_KEYS);
      assert.deepEqual([r.quota, r.prompt_tokens, r.completion_tokens], [0, 0, 0]);
    }
    for (const r of byType(6)) {
      assert.equal(r.other, 'null');
      assert.ok((r.quota as number) > 0 && r.prompt_tokens === 0);
      assert.ok(!('request_id' in r), 'RecordTaskBillingLog writes no request id (omitempty drops it)');
    }
    // processChannelError → RecordErrorLog once per failed retry, with the request's own id, which
    // the paid retry's consume row carries too: some ids own error rows and a consume row, some
    // two error rows written within one second.
    const paidIds = new Set(byType(2).map((r) => r.request_id));
    const retried = byType(5).filter((r) => paidIds.has(r.request_id));
    assert.ok(retried.length > 0, "error rows sharing a consume row's request id");
    assert.ok(
      retried.some((r) => retried.some((o) => o !== r && o.request_id === r.request_id && o.created_at === r.created_at)),
      'two retries failed within one second',
    );
    const mapped = byType(2).map((r) => JSON.parse(r.other) as { upstream_model_name?: string });
    assert.ok(
      mapped.some((o) => o.upstream_model_name === 'deepseek-v3'),
      'a mapped model',
    );
    assert.ok(new Set(data.map((r) => r.model_name)).size >= 4, 'several models');
  });

  it("the key's own chat is appended with its X-Oneapi-Request-Id, and every id moves down by one", async () => {
    const apiKey = key('unlimited');
    const before = await rows(apiKey);
    const chat = await fetch(`${sandbox.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(chat.status, 200);
    const requestId = chat.headers.get('x-oneapi-request-id');
    assert.ok(requestId);
    const after = await rows(apiKey);
    assert.equal(after[0].request_id, requestId);
    assert.equal(after[0].id, 1);
    assert.equal(after[0].model_name, 'gpt-4o-mini');
    assert.equal((JSON.parse(after[0].other) as { request_path: string }).request_path, '/v1/chat/completions');
    // Row ids are not stable: the row that was 1 is now 2 (merge by request id, never by id).
    assert.equal(after[1].request_id, before[0].request_id);
    assert.equal(after[1].id, 2);
  });

  it('read-only auth: spent, expired and disabled keys read their rows; an unknown key gets 401 Invalid token', async () => {
    for (const scenario of ['exhausted', 'expired', 'disabled']) assert.equal((await rows(key(scenario))).length, 1000, scenario);
    const unknown = await read(key('invalid'));
    assert.equal(unknown.status, 401);
    assert.deepEqual(await unknown.json(), { success: false, message: '无效的令牌' });
  });

  it('one bucket of 20 per 20 minutes with /api/usage/token/, then 429 with an empty body', async () => {
    const apiKey = key('unlimited');
    for (let i = 0; i < 10; i++) assert.equal((await read(apiKey, '/api/usage/token/')).status, 200);
    for (let i = 0; i < 10; i++) assert.equal((await read(apiKey)).status, 200);
    const limited = await read(apiKey);
    assert.equal(limited.status, 429);
    assert.equal(await limited.text(), '');
    assert.equal((await read(apiKey, '/api/usage/token/')).status, 429);
  });

  it('scenario keys: logsoff answers no rows and records no chat; limiterfull gets 429 without spending the bucket', async () => {
    const off = key('logsoff');
    const chat = await fetch(`${sandbox.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${off}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(chat.status, 200);
    assert.deepEqual(await rows(off), []);
    const full = key('limiterfull');
    for (const path of ['/api/log/token', '/api/usage/token/']) {
      const r = await read(full, path);
      assert.equal(r.status, 429, path);
      assert.equal(await r.text(), '');
    }
    // The shared bucket is untouched: with the logsoff read, 20 reads go through, the 21st does not.
    for (let i = 0; i < 19; i++) assert.equal((await read(key('unlimited'), '/api/usage/token/')).status, 200);
    assert.equal((await read(key('unlimited'))).status, 429);
  });
});
