import { strict as assert } from 'node:assert';
import { listKeyAction } from '../../../src/webview/listKeyboard';

describe('webview model list keyboard', () => {
  it('ArrowDown/ArrowUp move one row and stop at the ends (no wrap-around)', () => {
    assert.deepEqual(listKeyAction('ArrowDown', 0, 3), { kind: 'move', index: 1 });
    assert.deepEqual(listKeyAction('ArrowDown', 2, 3), { kind: 'move', index: 2 });
    assert.deepEqual(listKeyAction('ArrowUp', 2, 3), { kind: 'move', index: 1 });
    assert.deepEqual(listKeyAction('ArrowUp', 0, 3), { kind: 'move', index: 0 });
  });

  it('Home and End jump to the first and last row', () => {
    assert.deepEqual(listKeyAction('Home', 2, 5), { kind: 'move', index: 0 });
    assert.deepEqual(listKeyAction('End', 0, 5), { kind: 'move', index: 4 });
  });

  it('an active index past the rows is clamped when moving', () => {
    assert.deepEqual(listKeyAction('ArrowDown', 9, 3), { kind: 'move', index: 2 });
    assert.deepEqual(listKeyAction('ArrowUp', 9, 3), { kind: 'move', index: 2 });
  });

  it('Enter and Space pick the active row', () => {
    assert.deepEqual(listKeyAction('Enter', 1, 3), { kind: 'pick', index: 1 });
    assert.deepEqual(listKeyAction(' ', 0, 3), { kind: 'pick', index: 0 });
  });

  it('leaves other keys alone, and every key when the list is empty', () => {
    for (const key of ['a', 'Tab', 'Escape', 'PageDown', 'ArrowLeft']) assert.deepEqual(listKeyAction(key, 0, 3), { kind: 'none' });
    for (const key of ['ArrowDown', 'ArrowUp', 'Home', 'End', 'Enter', ' ']) assert.deepEqual(listKeyAction(key, 0, 0), { kind: 'none' });
  });
});
