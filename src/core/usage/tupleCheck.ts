/**
 * The stored/sent entry tuple's check without zod's per-element machinery: the same rules as
 * `entryTupleSchema()` (rowTuple.ts), proven equal by test/unit/usage/tupleCheck.test.ts, about ten
 * times faster, which is what lets 200,000 kept rows load and reach the view within a second.
 */

/** rowTuple.ts's EntryTuple, spelled out here: rowTuple.ts imports this check (no import circle). */
type EntryTuple = [string, number, number, string, string, string, number, number, number, number, number, number, 0 | 1, 0 | 1];

const PROTOCOLS: ReadonlySet<unknown> = new Set([
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
]);

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const count = (v: unknown): boolean => num(v) && v >= 0;
const text = (v: unknown, max: number): boolean => typeof v === 'string' && v.length <= max;
const flag = (v: unknown): boolean => v === 0 || v === 1;

export function isEntryTuple(t: unknown): t is EntryTuple {
  return (
    Array.isArray(t) &&
    t.length === 14 &&
    text(t[0], 400) &&
    count(t[1]) &&
    (t[2] === 2 || t[2] === 5 || t[2] === 6) &&
    text(t[3], 200) &&
    text(t[4], 200) &&
    PROTOCOLS.has(t[5]) &&
    count(t[6]) &&
    count(t[7]) &&
    count(t[8]) &&
    num(t[9]) &&
    count(t[10]) &&
    num(t[11]) &&
    t[11] >= -1 &&
    flag(t[12]) &&
    flag(t[13])
  );
}
