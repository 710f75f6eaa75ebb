import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { webviewStrings } from '../../../src/host/panel/webviewStrings';
import { filterModels, MAX_ROWS, modelCountText, modelRows } from '../../../src/webview/modelFilter';
import { createStrings } from '../../../src/webview/strings';

const { fmt } = createStrings(webviewStrings());
const ids = (n: number, prefix = 'model-') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

describe('webview model filter', () => {
  const models = ['gpt-4o-mini', 'GPT-4o', 'claude-3-5-sonnet', 'deepseek-chat', 'gpt-4.1'];

  it('an empty or blank query returns the list itself', () => {
    assert.equal(filterModels(models, ''), models);
    assert.equal(filterModels(models, '   '), models);
  });

  it('typing on searches only the last matches, with the same answer as a full search (any typing, any lists)', () => {
    const naive = (list: readonly string[], query: string) => {
      const q = query.trim().toLowerCase();
      return q ? list.filter((m) => m.toLowerCase().includes(q)) : list;
    };
    const id = fc.stringMatching(/^[a-cA-C0-9-]{0,6}$/);
    fc.assert(
      fc.property(
        fc.array(fc.array(id, { maxLength: 30 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(2), fc.stringMatching(/^[ a-cA-C0-9-]{0,4}$/)), { maxLength: 12 }),
        (lists, steps) => {
          for (const [which, query] of steps) {
            const list = lists[which % lists.length];
            assert.deepEqual([...filterModels(list, query)], [...naive(list, query)]);
          }
        },
      ),
    );
  });

  it('100,000 ids: typing on narrows the same as a fresh search, backspace widens again', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `sandbox-model-${String(i).padStart(5, '0')}`);
    assert.equal(filterModels(many, 's').length, 100_000);
    assert.equal(filterModels(many, 'sandbox-model-0').length, 10_000);
    assert.deepEqual(filterModels(many, 'sandbox-model-04207'), ['sandbox-model-04207']);
    assert.equal(filterModels(many, 'sandbox-model-042').length, 100);
    assert.equal(filterModels([...many], 'SANDBOX-MODEL-042').length, 100);
  });

  it('matches a substring anywhere, case-insensitively, with the query trimmed', () => {
    assert.deepEqual(filterModels(models, 'gpt'), ['gpt-4o-mini', 'GPT-4o', 'gpt-4.1']);
    assert.deepEqual(filterModels(models, '  4O '), ['gpt-4o-mini', 'GPT-4o']);
    assert.deepEqual(filterModels(models, 'sonnet'), ['claude-3-5-sonnet']);
    assert.deepEqual(filterModels(models, 'CHAT'), ['deepseek-chat']);
  });

  it('keeps the list order (not ranked by where the match is)', () => {
    assert.deepEqual(filterModels(['b-mini', 'mini-a', 'c-mini-x'], 'mini'), ['b-mini', 'mini-a', 'c-mini-x']);
  });

  it('returns nothing when nothing matches, and does not touch the input', () => {
    const copy = [...models];
    assert.deepEqual(filterModels(models, 'llama'), []);
    assert.deepEqual(models, copy);
  });

  it('is callable as the bench calls it: filterModels(ids, typedPrefix)', () => {
    const many = ids(10_000, 'sandbox-model-');
    assert.deepEqual(filterModels(many, 'sandbox-model-0420'), ['sandbox-model-0420']);
    assert.equal(filterModels(many, 's').length, 10_000);
  });
});

describe('webview model rows', () => {
  it('renders at most MAX_ROWS (200) matches', () => {
    const view = modelRows(ids(1000), '', '', 0);
    assert.equal(MAX_ROWS, 200);
    assert.equal(view.rows.length, 200);
    assert.equal(view.matches.length, 1000);
    assert.deepEqual(view.rows.slice(0, 2), ['model-0000', 'model-0001']);
  });

  it('puts the selected model first when it matches but falls past the cap', () => {
    const view = modelRows(ids(1000), '', 'model-0500', 0);
    assert.equal(view.rows.length, 201);
    assert.equal(view.rows[0], 'model-0500');
    assert.equal(view.rows[1], 'model-0000');
  });

  it('leaves the selection in place when it is within the cap, and out when it does not match', () => {
    assert.equal(modelRows(ids(1000), '', 'model-0005', 0).rows.indexOf('model-0005'), 5);
    const filtered = modelRows(ids(1000), '00', 'model-0999', 0);
    assert.ok(!filtered.rows.includes('model-0999'));
  });

  it('clamps the active row to the rows (0 when there are none)', () => {
    assert.equal(modelRows(ids(3), '', '', 7).activeIndex, 2);
    assert.equal(modelRows(ids(3), '', '', -2).activeIndex, 0);
    assert.equal(modelRows(ids(3), 'nothing', '', 4).activeIndex, 0);
    assert.equal(modelRows(ids(3), '', '', 1).activeIndex, 1);
  });

  it('count line: none loaded, no match, showing N of M, or the count', () => {
    assert.equal(modelCountText(0, 0, 0, fmt), 'Verify to load the models your key can use.');
    assert.equal(modelCountText(5, 0, 0, fmt), 'No model matches the filter.');
    assert.equal(modelCountText(1000, 1000, 200, fmt), 'Showing 200 of 1000 models. Type to filter.');
    assert.equal(modelCountText(5, 3, 3, fmt), '3 models');
    const view = modelRows(ids(1000), '', 'model-0999', 0);
    assert.equal(modelCountText(1000, view.matches.length, view.rows.length, fmt), 'Showing 201 of 1000 models. Type to filter.');
  });
});
