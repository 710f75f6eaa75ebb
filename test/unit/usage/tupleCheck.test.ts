// The fast tuple check (core/usage/tupleCheck.ts) says exactly what the zod schema says
// (core/usage/rowTuple.ts entryTupleSchema), for valid tuples and for every kind of wrong value.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { entryTupleSchema } from '../../../src/core/usage/rowTuple';
import { isEntryTuple } from '../../../src/core/usage/tupleCheck';

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
const positions: Array<fc.Arbitrary<unknown>> = [
  str(400),
  fc.oneof(fc.nat(), fc.double()),
  fc.constantFrom(2, 5, 6),
  str(200),
  str(200),
  fc.constantFrom(
    'chat',
    'responses',
    'messages',
    'gemini',
    'completions',
    'embeddings',
    'images',
    'audio',
    'rerank',
    'other',
    'unknown',
    'Chat',
  ),
  fc.oneof(fc.nat(), fc.double()),
  fc.nat(),
  fc.nat(),
  fc.oneof(fc.integer(), fc.double()),
  fc.oneof(fc.nat(), fc.double()),
  fc.oneof(fc.integer({ min: -3, max: 5000 }), fc.double()),
  fc.constantFrom(0, 1),
  fc.constantFrom(0, 1),
];

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
});
