// The kept history's prefix reader (core/usage/tupleScan.ts): each tuple's text whole however the
// file is cut into pieces, brackets and quotes inside strings not taken for the tuple's end, and a
// file that is not a history (another version, no rows) gives nothing.
import { strict as assert } from 'node:assert';
import { TupleScanner } from '../../../src/core/usage/tupleScan';

const ROWS = [
  ['req-1', 1_700_000_000, 2, 'gpt-4o-mini', '', 'chat', 10, 5, 0, 1000, 1, -1, 0, 0],
  ['id "with] [brackets\\', 1_699_999_000, 6, 'm]', '[u', 'responses', 0, 0, 0, 20, 0, 350, 1, 1],
  ['ñandú-✓', 1_699_998_000, 5, 'claude', '', 'messages', 1, 1, 1, 0, 2, 12, 0, 0],
];
const FILE = JSON.stringify({ v: 1, droppedOld: 3, rows: ROWS });

function scan(text: string, piece: number) {
  const s = new TupleScanner();
  const out: unknown[] = [];
  for (let i = 0; i < text.length && !s.done; i += piece) for (const t of s.push(text.slice(i, i + piece))) out.push(JSON.parse(t));
  return { out, version: s.version, done: s.done };
}

describe('the kept history read a piece at a time (TupleScanner)', () => {
  for (const piece of [1, 2, 7, 64, FILE.length]) {
    it(`every tuple whole, strings with brackets and quotes included (pieces of ${piece})`, () => {
      const r = scan(FILE, piece);
      assert.deepEqual(r.out, ROWS);
      assert.equal(r.version, 1);
      assert.equal(r.done, true, 'the closing bracket of the rows ends the scan');
    });
  }

  it('another version is reported as such; text that is not a history gives no tuples', () => {
    assert.equal(scan(JSON.stringify({ v: 2, droppedOld: 0, rows: ROWS }), 5).version, 2);
    const notHistory = scan(`{"something":"else",${'"x":1,'.repeat(100)}"y":[[1]]}`, 9);
    assert.deepEqual(notHistory.out, []);
    assert.equal(notHistory.done, true, 'a header longer than the store writes stops the scan');
    assert.deepEqual(scan('', 1).out, []);
  });
});
