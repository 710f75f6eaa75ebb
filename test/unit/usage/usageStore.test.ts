// The usage history on disk (per key, named by the key's hash, tuples checked on read, bounded),
// the tuples' strict schema, the chat request ids, the CSV export (escaping, formula injection) and
// the filter, and the usage view's message schemas.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { csvCell, usageCsv } from '../../../src/core/usage/csv';
import { matchesFilter } from '../../../src/core/usage/filter';
import { entriesOfTuples, toTuple } from '../../../src/core/usage/rowTuple';
import type { UsageEntry } from '../../../src/core/usage/types';
import { keyHash } from '../../../src/host/connection/keychain';
import { ChatRequestIds, MAX_CHAT_IDS } from '../../../src/host/usage/chatRequestIds';
import { UsageStore } from '../../../src/host/usage/usageStore';
import { parseUsageHostMessage, parseUsageViewMessage } from '../../../src/protocol/usageMessages';

const KEY = 'sk-ruta-sandbox-ok-0123456789abcdef';
const USD = { unit: 'USD', quotaPerUnit: 500_000, exchangeRate: 1 };

function entry(over: Partial<UsageEntry>): UsageEntry {
  return {
    id: 'id',
    time: 1_750_000_000,
    type: 2,
    model: 'gpt-4o-mini',
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

describe('usage history store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rutaapi-usage-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('one file per key, named by its SHA-256, never holding the key; merged, bounded, cleared', async () => {
    const store = new UsageStore(dir, 3);
    const hash = keyHash(KEY);
    const first = await store.merge(hash, [entry({ id: 'a', time: 1 }), entry({ id: 'b', time: 2 })], new Set(['b']));
    assert.equal(first.added, 2);
    const files = await fs.readdir(path.join(dir, 'usage'));
    assert.deepEqual(files, [`${hash}.json`]);
    const text = await fs.readFile(path.join(dir, 'usage', files[0]), 'utf8');
    assert.ok(!text.includes(KEY));
    const second = await store.merge(
      hash,
      [entry({ id: 'c', time: 3 }), entry({ id: 'd', time: 4 }), entry({ id: 'b', time: 2 })],
      new Set(),
    );
    assert.deepEqual(
      second.entries.map((e) => [e.id, e.vscodeChat]),
      [
        ['d', false],
        ['c', false],
        ['b', true],
      ],
    );
    assert.equal(second.droppedOld, 1);
    assert.equal((await store.load(hash)).droppedOld, 1);
    assert.equal(await store.clear(hash), true);
    assert.deepEqual((await store.load(hash)).entries, []);
    assert.throws(() => store.fileOf(KEY), /not a key hash/);
  });

  it('a stored row with anything else in it (text, an extra field) is dropped on read', async () => {
    const store = new UsageStore(dir);
    const hash = keyHash(KEY);
    await fs.mkdir(path.join(dir, 'usage'), { recursive: true });
    const good = toTuple(entry({ id: 'ok' }));
    const extra = [...good, 'please summarise my secret plan'];
    const prose = [...good];
    prose[5] = 'the whole prompt';
    await fs.writeFile(store.fileOf(hash), JSON.stringify({ v: 1, droppedOld: 0, rows: [good, extra, prose, { model: 'x' }] }));
    const kept = await store.load(hash);
    assert.deepEqual(
      kept.entries.map((e) => e.id),
      ['ok'],
    );
    assert.equal(kept.invalid, 3);
  });

  it('the chat request ids are bounded and kept in globalState', () => {
    const state = new Map<string, unknown>();
    const memento = {
      get: <T>(k: string) => state.get(k) as T | undefined,
      update: (k: string, v: unknown) => (state.set(k, v), Promise.resolve()),
    };
    const ids = new ChatRequestIds(memento);
    for (let i = 0; i < MAX_CHAT_IDS + 5; i++) ids.record(`r${i}`);
    ids.record(undefined);
    ids.record('r10');
    assert.equal(ids.all().size, MAX_CHAT_IDS);
    assert.ok(!ids.all().has('r0') && ids.all().has(`r${MAX_CHAT_IDS + 4}`));
    assert.equal(new ChatRequestIds(memento).all().size, MAX_CHAT_IDS);
  });
});

describe('usage CSV and filter', () => {
  it('escapes cells and neutralises formulas in text cells (numbers stay numbers)', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-model'), "'-model");
    assert.equal(csvCell('@sum'), "'@sum");
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
    assert.equal(csvCell(-0.5), '-0.5');
    const csv = usageCsv([entry({ model: '=cmd', type: 6, quota: 250_000 })], USD);
    const [head, row] = csv.trim().split('\r\n');
    assert.match(head, /^time_utc,type,model,upstream_model,protocol,.*cost_USD/);
    assert.match(row, /,refund,'=cmd,,chat,10,5,0,-0\.5,100,2,true,other,id$/);
  });

  it('filters by model, local date range and text', () => {
    const e = entry({ id: 'req-42', model: 'deepseek-chat', upstream: 'deepseek-v3' });
    const day = (): string => '2025-06-15';
    assert.ok(matchesFilter(e, { model: 'deepseek-chat', from: '2025-06-01', to: '2025-06-30', text: 'V3' }, day));
    assert.ok(!matchesFilter(e, { model: 'gpt-4o', from: '', to: '', text: '' }, day));
    assert.ok(!matchesFilter(e, { model: '', from: '2025-06-16', to: '', text: '' }, day));
    assert.ok(matchesFilter(e, { model: '', from: '', to: '', text: 'req-4' }, day));
  });
});

describe('usage view protocol', () => {
  it('parses what each side may send and drops anything else', () => {
    assert.deepEqual(parseUsageViewMessage({ type: 'refresh' }), { type: 'refresh' });
    assert.equal(parseUsageViewMessage({ type: 'refresh', apiKey: KEY }), undefined);
    assert.equal(parseUsageViewMessage({ type: 'exportCsv', filter: { model: '' } }), undefined);
    const data = { type: 'data', display: USD, rows: [toTuple(entry({}))], droppedOld: 0, maxKept: 200_000, nowS: 1 };
    assert.deepEqual(parseUsageHostMessage(data), data);
    assert.equal(parseUsageHostMessage({ ...data, rows: [[...toTuple(entry({})), 'text']] }), undefined);
    assert.equal(entriesOfTuples('nope').entries.length, 0);
  });
});
