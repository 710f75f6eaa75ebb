// The usage view's data work (src/webview/usage/rows.ts, chartData.ts): the table's filter gives
// exactly core/usage/filter.ts's answer (which the CSV export uses), also when it narrows the last
// matches in place as a character is typed; sort orders; the cost chart's stacks.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { aggregate } from '../../../src/core/usage/aggregate';
import { matchesFilter, type UsageFilter } from '../../../src/core/usage/filter';
import type { UsageEntry } from '../../../src/core/usage/types';
import { costStack, MAX_STACKED_MODELS } from '../../../src/webview/usage/chartData';
import { cachedDayOf, DEFAULT_SORT, filterRows, indexRows, narrows, sortOrder } from '../../../src/webview/usage/rows';
import { usageHistory } from '../../../bench/usageRows';

const NOW_S = 1_750_000_000;
const rows = usageHistory(3000, NOW_S);
const USD = { unit: 'USD', quotaPerUnit: 500_000, exchangeRate: 1 };

const filterArb: fc.Arbitrary<UsageFilter> = fc.record({
  model: fc.constantFrom('', 'gpt-4o-mini', 'claude-sonnet-4', 'nope'),
  from: fc.constantFrom('', ...['2025-04-20', '2025-05-10', '2025-06-15'].map((d) => d)),
  to: fc.constantFrom('', '2025-05-01', '2025-06-30'),
  text: fc.constantFrom('', 'CLAUDE', 'sonnet-4-2025', 'responses', '20250000001', 'gemini-2.5-flash-preview', 'x'),
});

describe('usage view: rows', () => {
  const index = indexRows(rows);
  const order = sortOrder(index, DEFAULT_SORT);

  it('the filter matches exactly the rows core/usage/filter.ts matches (the CSV export), in order', () => {
    fc.assert(
      fc.property(filterArb, (f) => {
        const expected = rows.filter((e) => matchesFilter(e, f)).map((e) => e.id);
        const got = [...filterRows(index, order, f).matches].map((i) => rows[i].id);
        assert.deepEqual(got, expected);
      }),
      { numRuns: 60 },
    );
  });

  it('typing one more character filters the last matches in place, with the same answer as from scratch', () => {
    const scratch = new Uint32Array(order.length);
    let prev: UsageFilter | undefined;
    let matches: Uint32Array = order;
    for (const text of ['c', 'cl', 'cla', 'claude-sonnet-4-2', 'claude-sonnet-4-20250514']) {
      const f = { model: '', from: '', to: '', text };
      const source = narrows(prev, f) ? matches : order;
      if (prev) assert.equal(source, matches, `narrows from "${prev.text}" to "${text}"`);
      const r = filterRows(index, source, f, scratch);
      assert.deepEqual([...r.matches], [...filterRows(index, order, f).matches]);
      matches = r.matches;
      prev = f;
    }
    assert.equal(narrows({ model: '', from: '', to: '', text: 'cla' }, { model: '', from: '', to: '', text: 'gpt' }), false);
    assert.equal(narrows({ model: 'a', from: '', to: '', text: 'c' }, { model: '', from: '', to: '', text: 'cl' }), false);
  });

  it('sorts by cost (refunds negative, errors zero) and keeps the history order for ties', () => {
    const byCost = sortOrder(index, { key: 'cost', descending: true });
    const cost = (e: UsageEntry) => (e.type === 6 ? -e.quota : e.type === 5 ? 0 : e.quota);
    for (let k = 1; k < byCost.length; k++) {
      const a = rows[byCost[k - 1]];
      const b = rows[byCost[k]];
      assert.ok(cost(a) > cost(b) || (cost(a) === cost(b) && byCost[k - 1] < byCost[k]));
    }
    const byModel = [...sortOrder(index, { key: 'model', descending: false })].map((i) => rows[i].model);
    assert.deepEqual(byModel, [...byModel].sort());
  });

  it('a cached day-of agrees with a fresh date for every row', () => {
    const day = cachedDayOf();
    const fresh = (s: number) => indexRows([{ ...rows[0], time: s }], cachedDayOf()).day[0];
    for (const e of rows.slice(0, 500)) assert.equal(day(e.time), fresh(e.time));
  });
});

describe('usage view: the cost chart', () => {
  it('stacks each day by model (the top of the stack is the day’s cost) and sums the rest as other models', () => {
    const a = aggregate(rows, USD, NOW_S);
    const s = costStack(a, 'Other models');
    assert.equal(s.names.length, Math.min(a.models.length, MAX_STACKED_MODELS + 1));
    const top = s.stacked[s.stacked.length - 1];
    a.days.forEach((_, d) => {
      const dayCost = a.costByDayModel.reduce((sum, row) => sum + row[d], 0);
      assert.ok(Math.abs(top[d] - dayCost) < 1e-6, `day ${d}`);
    });
  });
});
