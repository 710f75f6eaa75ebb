// The usage view's request table (src/webview/usage/requestTable.ts) over a stand-in DOM: the filter
// and sort kept across hide/show are put back into the inputs and the header (the model once the
// data lists it), every change is kept again; the sort controls are real buttons (Enter and Space
// press them) with aria-sort on their column; new data does not take the keyboard focus away.
import { strict as assert } from 'node:assert';
import { USD_DISPLAY } from '../../../src/core/gatewayAccount/units';
import { fromTuple } from '../../../src/core/usage/rowTuple';
import { usageStrings } from '../../../src/host/usage/usageStrings';
import { createStrings } from '../../../src/webview/strings';
import { formats } from '../../../src/webview/usage/format';
import { createRequestTable, type RequestTableElements } from '../../../src/webview/usage/requestTable';
import { indexRows } from '../../../src/webview/usage/rows';
import { readViewState, type UsageViewState } from '../../../src/webview/usage/viewState';
import { type FakeDocument, type FakeElement, withFakeDocument } from './fakeDom';

const { fmt } = createStrings(usageStrings());
const f = formats(USD_DISPLAY, fmt);
const T = 1_750_000_000;
const entries = [
  fromTuple(['r1', T, 2, 'gpt-4o-mini', '', 'chat', 10, 5, 0, 1_000, 1, 300, 1, 0]),
  fromTuple(['r2', T - 60, 2, 'claude-3-5-sonnet', '', 'messages', 20, 5, 0, 9_000, 2, 500, 1, 0]),
  fromTuple(['r3', T - 120, 2, 'gpt-4o-mini', '', 'chat', 30, 5, 0, 5_000, 3, 400, 0, 1]),
];
const MODELS = ['claude-3-5-sonnet', 'gpt-4o-mini'];

function page(doc: FakeDocument) {
  const el = {
    model: doc.createElement('select'),
    from: doc.createElement('input'),
    to: doc.createElement('input'),
    text: doc.createElement('input'),
    count: doc.createElement('p'),
    table: doc.createElement('table'),
    more: doc.createElement('button'),
  };
  el.table.append(doc.createElement('tbody'));
  return el;
}

function open(doc: FakeDocument, kept: unknown) {
  const el = page(doc);
  const saved: UsageViewState[] = [];
  const table = createRequestTable(el as unknown as RequestTableElements, fmt, { state: readViewState(kept), save: (s) => saved.push(s) });
  table.setRows(indexRows(entries), MODELS, f);
  const head = () => el.table.tHead!.querySelectorAll('th');
  const sortOf = () => head().map((th) => th.getAttribute('aria-sort'));
  const button = (label: string) =>
    head()
      .find((th) => th.textContent === fmt(label))!
      .querySelector('button')!;
  const ids = () => el.table.tBodies[0].querySelectorAll('tr').map((tr) => tr.children[10].textContent);
  return { el, table, saved, sortOf, button, ids, head };
}

describe('usage view: the request table (stand-in DOM)', () => {
  it('a kept filter and sort are put back: inputs, the model once listed, the header, the rows', () => {
    withFakeDocument((doc) => {
      const kept = { v: 1, filter: { model: 'gpt-4o-mini', from: '', to: '', text: 'r' }, sort: { key: 'cost', descending: false } };
      const v = open(doc, kept);
      assert.equal(v.el.model.value, 'gpt-4o-mini');
      assert.equal(v.el.text.value, 'r');
      assert.deepEqual(v.ids(), ['r1', 'r3'], 'gpt-4o-mini only, cheapest first');
      assert.equal(v.button('colCost').parent!.getAttribute('aria-sort'), 'ascending');
      assert.deepEqual(v.table.filter().model, 'gpt-4o-mini');
    });
  });

  it('a kept model no longer in the data is dropped, not kept as a filter that hides every row', () => {
    withFakeDocument((doc) => {
      const v = open(doc, { v: 1, filter: { model: 'gone-model', from: '', to: '', text: '' }, sort: { key: 'time', descending: true } });
      assert.equal(v.el.model.value, '');
      assert.deepEqual(v.ids(), ['r1', 'r2', 'r3']);
    });
  });

  it('every change is kept: typing in the filter, choosing a model, sorting', () => {
    withFakeDocument((doc) => {
      const v = open(doc, undefined);
      v.el.text.value = 'claude';
      v.el.text.dispatch('input');
      assert.deepEqual(v.saved.at(-1), {
        filter: { model: '', from: '', to: '', text: 'claude' },
        sort: { key: 'time', descending: true },
      });
      v.el.model.value = 'claude-3-5-sonnet';
      v.el.model.dispatch('input');
      v.button('colTokens').click();
      assert.deepEqual(v.saved.at(-1), {
        filter: { model: 'claude-3-5-sonnet', from: '', to: '', text: 'claude' },
        sort: { key: 'tokens', descending: false },
      });
      // What was kept reads back as the same state (the page's next start).
      assert.deepEqual(readViewState({ v: 1, ...v.saved.at(-1) }), v.saved.at(-1));
    });
  });

  it('sorting is keyboard operable: each sortable column is a <button type=button> with aria-sort on its th; the others have none', () => {
    withFakeDocument((doc) => {
      const v = open(doc, undefined);
      const heads = v.head();
      const withButton = heads.filter((th) => th.querySelector('button'));
      assert.equal(withButton.length, 7, 'time, model, protocol, tokens, cost, first token, duration');
      for (const th of withButton) {
        assert.equal(th.querySelector('button')!.type, 'button');
        assert.ok(['none', 'ascending', 'descending'].includes(th.getAttribute('aria-sort')!));
      }
      for (const th of heads.filter((h) => !h.querySelector('button'))) assert.equal(th.getAttribute('aria-sort'), null);
      v.button('colModel').click();
      assert.deepEqual(v.ids(), ['r2', 'r1', 'r3'], 'by model A→Z');
      v.button('colModel').click();
      assert.equal(v.button('colModel').parent!.getAttribute('aria-sort'), 'descending');
      assert.equal(v.sortOf().filter((s) => s !== 'none' && s !== null).length, 1, 'one column says it is sorted');
    });
  });

  it('new data (a Refresh) rebuilds the header without losing the keyboard focus on a sort button', () => {
    withFakeDocument((doc) => {
      const v = open(doc, undefined);
      const before = v.button('colCost');
      before.focus();
      before.click();
      v.table.setRows(indexRows(entries), MODELS, f);
      const after = v.button('colCost');
      assert.notEqual(after, before, 'the header was rebuilt');
      assert.equal(doc.activeElement, after, 'the focus is on the same column');
      assert.equal(after.parent!.getAttribute('aria-sort'), 'descending', 'the sort stays');
      (doc.activeElement as FakeElement | null) = null;
      v.table.setRows(indexRows(entries), MODELS, f);
      assert.equal(doc.activeElement, null, 'focus elsewhere is not pulled into the table');
    });
  });
});
