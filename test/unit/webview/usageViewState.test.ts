// The usage view's kept state (src/webview/usage/viewState.ts): the table's filter and sort survive
// the page being hidden and rebuilt, and whatever comes back from getState is checked field by field.
import { strict as assert } from 'node:assert';
import { NO_FILTER } from '../../../src/core/usage/filter';
import { DEFAULT_SORT } from '../../../src/webview/usage/rows';
import { keptState, readViewState, type UsageViewState } from '../../../src/webview/usage/viewState';

const DEFAULTS: UsageViewState = { filter: NO_FILTER, sort: DEFAULT_SORT };
/** What the editor hands back: the kept value after a structured clone (JSON here). */
const roundTrip = (s: UsageViewState) => readViewState(JSON.parse(JSON.stringify(keptState(s))));

describe('usage view state (filter and sort kept across hide/show)', () => {
  it('a filter and a sort order come back as they were kept', () => {
    const s: UsageViewState = {
      filter: { model: 'claude-3-5-sonnet', from: '2025-06-01', to: '2025-06-15', text: 'req-42' },
      sort: { key: 'cost', descending: false },
    };
    assert.deepEqual(roundTrip(s), s);
    for (const key of ['time', 'model', 'protocol', 'tokens', 'cost', 'firstToken', 'duration'] as const)
      assert.deepEqual(roundTrip({ ...s, sort: { key, descending: true } }).sort, { key, descending: true });
  });

  it('nothing kept, another version or not an object: the defaults', () => {
    for (const raw of [undefined, null, 'x', 42, [], {}, { v: 2, filter: { model: 'm' } }, { v: '1' }])
      assert.deepEqual(readViewState(raw), DEFAULTS, JSON.stringify(raw));
  });

  it('each field that does not fit falls back to its default; the ones that fit stay', () => {
    const kept = readViewState({
      v: 1,
      filter: { model: 'm'.repeat(201), from: '2025-6-1', to: '2025-06-30<script>', text: 42 },
      sort: { key: 'cost', descending: 'yes' },
    });
    assert.deepEqual(kept, DEFAULTS);
    const partly = readViewState({
      v: 1,
      filter: { model: 'gpt-4o-mini', from: 'x', to: '2025-06-30', text: 'abc' },
      sort: { key: 'constructor', descending: true },
    });
    assert.deepEqual(partly, { filter: { model: 'gpt-4o-mini', from: '', to: '2025-06-30', text: 'abc' }, sort: DEFAULT_SORT });
    assert.deepEqual(readViewState({ v: 1, filter: 'no', sort: null }), DEFAULTS);
  });

  it('the defaults read back are copies (a later change to the view cannot alter the shared defaults)', () => {
    const a = readViewState(undefined);
    a.filter.model = 'changed';
    a.sort.descending = false;
    assert.deepEqual(readViewState(undefined), {
      filter: { model: '', from: '', to: '', text: '' },
      sort: { key: 'time', descending: true },
    });
  });
});
