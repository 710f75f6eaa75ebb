// The fast tuple check (core/usage/tupleCheck.ts) says exactly what the zod schema says
// (core/usage/rowTuple.ts entryTupleSchema), for valid tuples and for every kind of wrong value.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { entryTupleSchema, fromTuple, toTuple } from '../../../src/core/usage/rowTuple';
import { ENTRY_FIELDS, type EntryTuple, type FieldKind, isEntryTuple } from '../../../src/core/usage/tupleCheck';
import { USAGE_PROTOCOLS, type UsageEntry } from '../../../src/core/usage/types';

const odd = fc.constantFrom<unknown>(
  NaN,
  Infinity,
  -Infinity,
  -1,
  -2,
  -0.5,
  0,
  1,
  2,
  3,
  5,
  6,
  7,
  '',
  'chat',
  'x',
  null,
  undefined,
  true,
  [],
  {},
);
const str = (max: number) => fc.oneof(fc.string({ maxLength: max }), fc.string({ minLength: max + 1, maxLength: max + 3 }));
// Values near each kind's edges, right and wrong; the positions come from the layout table.
const byKind: Record<FieldKind, fc.Arbitrary<unknown>> = {
  id: str(400),
  name: str(200),
  count: fc.oneof(fc.nat(), fc.double()),
  logType: fc.constantFrom(2, 5, 6),
  protocol: fc.constantFrom(...USAGE_PROTOCOLS, 'Chat'),
  number: fc.oneof(fc.integer(), fc.double()),
  msOrNone: fc.oneof(fc.integer({ min: -3, max: 5000 }), fc.double()),
  flag: fc.constantFrom(0, 1),
};
const positions = ENTRY_FIELDS.map(([, kind]) => byKind[kind]);

const tuple = fc.tuple(...positions.map((p) => fc.oneof({ weight: 8, arbitrary: p }, { weight: 1, arbitrary: odd })));

describe('usage: the fast tuple check', () => {
  it('agrees with the zod schema on tuples with any kind of wrong value', () => {
    fc.assert(
      fc.property(tuple, fc.integer({ min: -1, max: 1 }), (t, lengthChange) => {
        const value: unknown[] = [...t];
        if (lengthChange < 0) value.pop();
        if (lengthChange > 0) value.push(0);
        assert.equal(isEntryTuple(value), entryTupleSchema().safeParse(value).success, JSON.stringify(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('a valid tuple passes; not an array, or an array-like object, does not', () => {
    const valid = ['id', 1, 2, 'm', '', 'chat', 1, 1, 0, 10, 1, -1, 0, 1];
    assert.equal(isEntryTuple(valid), true);
    for (const v of [null, 'x', { ...valid, length: 14 }, [...valid.slice(0, 13)]]) {
      assert.equal(isEntryTuple(v), false);
      assert.equal(entryTupleSchema().safeParse(v).success, false);
    }
  });

  it('the layout is the stored format: field order, and toTuple/fromTuple follow the table', () => {
    assert.deepEqual(
      ENTRY_FIELDS.map(([field]) => field),
      [
        'id',
        'time',
        'type',
        'model',
        'upstream',
        'protocol',
        'promptTokens',
        'completionTokens',
        'cachedTokens',
        'quota',
        'useTimeS',
        'firstTokenMs',
        'stream',
        'vscodeChat',
      ],
    );
    const stored: [string, number, number, string, string, string, number, number, number, number, number, number, 0 | 1, 0 | 1] = [
      'r1',
      1_800_000_000,
      6,
      'gpt-4o',
      'gpt-4o-2024',
      'responses',
      10,
      20,
      3,
      450,
      2,
      310,
      1,
      0,
    ];
    const typed: EntryTuple = stored; // the table's tuple type is the one stored
    const entry: UsageEntry = fromTuple(typed);
    ENTRY_FIELDS.forEach(([field], i) =>
      assert.equal(entry[field], typeof entry[field] === 'boolean' ? stored[i] === 1 : stored[i], field),
    );
    assert.deepEqual(toTuple(entry), stored);
  });
});
